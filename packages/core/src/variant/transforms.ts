// Godot's matrix types. Fields are the axes GDScript exposes (`basis.x` is the first column);
// the codecs take care of Godot's row-major wire order for Basis.

import { Vector2, Vector3, Vector4 } from "./vectors.js";

/** Godot `Transform2D`: the x and y axes (columns) and the origin. Defaults to the identity. */
export class Transform2D {
  readonly x: Vector2;
  readonly y: Vector2;
  readonly origin: Vector2;

  constructor(x: Vector2 = new Vector2(1, 0), y: Vector2 = new Vector2(0, 1), origin: Vector2 = new Vector2()) {
    this.x = x;
    this.y = y;
    this.origin = origin;
  }

  equals(other: unknown): boolean {
    return other instanceof Transform2D && this.x.equals(other.x) && this.y.equals(other.y) && this.origin.equals(other.origin);
  }
}

/**
 * Godot `Basis`: a 3x3 matrix given by its x, y and z axes (columns), like GDScript's
 * `Basis(x_axis, y_axis, z_axis)`. Defaults to the identity.
 */
export class Basis {
  readonly x: Vector3;
  readonly y: Vector3;
  readonly z: Vector3;

  constructor(x: Vector3 = new Vector3(1, 0, 0), y: Vector3 = new Vector3(0, 1, 0), z: Vector3 = new Vector3(0, 0, 1)) {
    this.x = x;
    this.y = y;
    this.z = z;
  }

  equals(other: unknown): boolean {
    return other instanceof Basis && this.x.equals(other.x) && this.y.equals(other.y) && this.z.equals(other.z);
  }
}

/** Godot 4 `Transform3D` (Godot 3 `Transform`): a basis and an origin. Defaults to the identity. */
export class Transform3D {
  readonly basis: Basis;
  readonly origin: Vector3;

  constructor(basis: Basis = new Basis(), origin: Vector3 = new Vector3()) {
    this.basis = basis;
    this.origin = origin;
  }

  equals(other: unknown): boolean {
    return other instanceof Transform3D && this.basis.equals(other.basis) && this.origin.equals(other.origin);
  }
}

/** Godot 3's name for {@link Transform3D}: the same class. */
export const Transform: typeof Transform3D = Transform3D;
/** Godot 3's name for {@link Transform3D}. */
export type Transform = Transform3D;

/** Godot 4 `Projection`: a 4x4 matrix given by its four columns x, y, z, w. Defaults to the identity. */
export class Projection {
  readonly x: Vector4;
  readonly y: Vector4;
  readonly z: Vector4;
  readonly w: Vector4;

  constructor(
    x: Vector4 = new Vector4(1, 0, 0, 0),
    y: Vector4 = new Vector4(0, 1, 0, 0),
    z: Vector4 = new Vector4(0, 0, 1, 0),
    w: Vector4 = new Vector4(0, 0, 0, 1),
  ) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Projection &&
      this.x.equals(other.x) &&
      this.y.equals(other.y) &&
      this.z.equals(other.z) &&
      this.w.equals(other.w)
    );
  }
}
