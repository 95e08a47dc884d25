// Wrappers for the packed arrays that no JS typed array identifies. (PackedByteArray,
// PackedInt32/Int64/Float32/Float64Array map to Uint8Array, Int32Array, BigInt64Array,
// Float32Array and Float64Array.)

import type { Color } from "./geometry.js";
import type { Vector2, Vector3, Vector4 } from "./vectors.js";

/** Base of the packed-array wrappers: an immutable list of values. */
export abstract class PackedArray<T> implements Iterable<T> {
  readonly values: readonly T[];

  constructor(values: Iterable<T> = []) {
    this.values = Object.freeze([...values]);
  }

  get length(): number {
    return this.values.length;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.values[Symbol.iterator]();
  }

  abstract equals(other: unknown): boolean;

  protected sameValues(other: PackedArray<T>, same: (a: T, b: T) => boolean): boolean {
    const theirs = other.values;
    return theirs.length === this.values.length && this.values.every((value, i) => same(value, theirs[i] as T));
  }
}

/** Godot `PackedStringArray` (Godot 3 `PoolStringArray`). */
export class PackedStringArray extends PackedArray<string> {
  equals(other: unknown): boolean {
    return other instanceof PackedStringArray && this.sameValues(other, (a, b) => a === b);
  }
}

/** Godot `PackedVector2Array` (Godot 3 `PoolVector2Array`). */
export class PackedVector2Array extends PackedArray<Vector2> {
  equals(other: unknown): boolean {
    return other instanceof PackedVector2Array && this.sameValues(other, (a, b) => a.equals(b));
  }
}

/** Godot `PackedVector3Array` (Godot 3 `PoolVector3Array`). */
export class PackedVector3Array extends PackedArray<Vector3> {
  equals(other: unknown): boolean {
    return other instanceof PackedVector3Array && this.sameValues(other, (a, b) => a.equals(b));
  }
}

/** Godot `PackedColorArray` (Godot 3 `PoolColorArray`). */
export class PackedColorArray extends PackedArray<Color> {
  equals(other: unknown): boolean {
    return other instanceof PackedColorArray && this.sameValues(other, (a, b) => a.equals(b));
  }
}

/** Godot 4.3+ `PackedVector4Array` (type 38; Godot 4.0–4.2 cannot decode it). */
export class PackedVector4Array extends PackedArray<Vector4> {
  equals(other: unknown): boolean {
    return other instanceof PackedVector4Array && this.sameValues(other, (a, b) => a.equals(b));
  }
}
