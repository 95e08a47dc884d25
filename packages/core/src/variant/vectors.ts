// Godot's vector types. Real components are plain JS numbers (a standard Godot build sends them
// as f32); integer components are checked to be int32 when constructed.

import { requireInt32, sameReal } from "./numbers.js";

/** Godot `Vector2`: two real components. */
export class Vector2 {
  readonly x: number;
  readonly y: number;

  constructor(x: number = 0, y: number = 0) {
    this.x = x;
    this.y = y;
  }

  equals(other: unknown): boolean {
    return other instanceof Vector2 && sameReal(this.x, other.x) && sameReal(this.y, other.y);
  }
}

/** Godot 4 `Vector2i`: two int32 components. */
export class Vector2i {
  readonly x: number;
  readonly y: number;

  constructor(x: number = 0, y: number = 0) {
    this.x = requireInt32(x, "Vector2i.x");
    this.y = requireInt32(y, "Vector2i.y");
  }

  equals(other: unknown): boolean {
    return other instanceof Vector2i && this.x === other.x && this.y === other.y;
  }
}

/** Godot `Vector3`: three real components. */
export class Vector3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;

  constructor(x: number = 0, y: number = 0, z: number = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
  }

  equals(other: unknown): boolean {
    return other instanceof Vector3 && sameReal(this.x, other.x) && sameReal(this.y, other.y) && sameReal(this.z, other.z);
  }
}

/** Godot 4 `Vector3i`: three int32 components. */
export class Vector3i {
  readonly x: number;
  readonly y: number;
  readonly z: number;

  constructor(x: number = 0, y: number = 0, z: number = 0) {
    this.x = requireInt32(x, "Vector3i.x");
    this.y = requireInt32(y, "Vector3i.y");
    this.z = requireInt32(z, "Vector3i.z");
  }

  equals(other: unknown): boolean {
    return other instanceof Vector3i && this.x === other.x && this.y === other.y && this.z === other.z;
  }
}

/** Godot 4 `Vector4`: four real components. */
export class Vector4 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;

  constructor(x: number = 0, y: number = 0, z: number = 0, w: number = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Vector4 &&
      sameReal(this.x, other.x) &&
      sameReal(this.y, other.y) &&
      sameReal(this.z, other.z) &&
      sameReal(this.w, other.w)
    );
  }
}

/** Godot 4 `Vector4i`: four int32 components. */
export class Vector4i {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;

  constructor(x: number = 0, y: number = 0, z: number = 0, w: number = 0) {
    this.x = requireInt32(x, "Vector4i.x");
    this.y = requireInt32(y, "Vector4i.y");
    this.z = requireInt32(z, "Vector4i.z");
    this.w = requireInt32(w, "Vector4i.w");
  }

  equals(other: unknown): boolean {
    return other instanceof Vector4i && this.x === other.x && this.y === other.y && this.z === other.z && this.w === other.w;
  }
}
