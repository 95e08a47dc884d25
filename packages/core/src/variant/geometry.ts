// Godot's small geometric value types that are not plain vectors.

import { sameReal } from "./numbers.js";
import { Vector2, Vector2i, Vector3 } from "./vectors.js";

/** Godot `Rect2`: a position and a size, both real. */
export class Rect2 {
  readonly position: Vector2;
  readonly size: Vector2;

  constructor(position: Vector2 = new Vector2(), size: Vector2 = new Vector2()) {
    this.position = position;
    this.size = size;
  }

  equals(other: unknown): boolean {
    return other instanceof Rect2 && this.position.equals(other.position) && this.size.equals(other.size);
  }
}

/** Godot 4 `Rect2i`: a position and a size, both int32. */
export class Rect2i {
  readonly position: Vector2i;
  readonly size: Vector2i;

  constructor(position: Vector2i = new Vector2i(), size: Vector2i = new Vector2i()) {
    this.position = position;
    this.size = size;
  }

  equals(other: unknown): boolean {
    return other instanceof Rect2i && this.position.equals(other.position) && this.size.equals(other.size);
  }
}

/** Godot `Plane`: a normal and the distance `d` from the origin. */
export class Plane {
  readonly normal: Vector3;
  readonly d: number;

  constructor(normal: Vector3 = new Vector3(), d: number = 0) {
    this.normal = normal;
    this.d = d;
  }

  equals(other: unknown): boolean {
    return other instanceof Plane && this.normal.equals(other.normal) && sameReal(this.d, other.d);
  }
}

/** Godot 4 `Quaternion` (Godot 3 `Quat`): x, y, z, w; the default is the identity rotation. */
export class Quaternion {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;

  constructor(x: number = 0, y: number = 0, z: number = 0, w: number = 1) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Quaternion &&
      sameReal(this.x, other.x) &&
      sameReal(this.y, other.y) &&
      sameReal(this.z, other.z) &&
      sameReal(this.w, other.w)
    );
  }
}

/** Godot 3's name for {@link Quaternion}: the same class. */
export const Quat: typeof Quaternion = Quaternion;
/** Godot 3's name for {@link Quaternion}. */
export type Quat = Quaternion;

/** Godot `AABB`: an axis-aligned box, position and size. */
export class AABB {
  readonly position: Vector3;
  readonly size: Vector3;

  constructor(position: Vector3 = new Vector3(), size: Vector3 = new Vector3()) {
    this.position = position;
    this.size = size;
  }

  equals(other: unknown): boolean {
    return other instanceof AABB && this.position.equals(other.position) && this.size.equals(other.size);
  }
}

/** Godot `Color`: r, g, b, a as reals (always sent as f32, even by double-precision builds). */
export class Color {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;

  constructor(r: number = 0, g: number = 0, b: number = 0, a: number = 1) {
    this.r = r;
    this.g = g;
    this.b = b;
    this.a = a;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Color &&
      sameReal(this.r, other.r) &&
      sameReal(this.g, other.g) &&
      sameReal(this.b, other.b) &&
      sameReal(this.a, other.a)
    );
  }
}
