import type { GdFloat } from "./gd-float.js";
import type { AABB, Color, Plane, Quaternion, Rect2, Rect2i } from "./geometry.js";
import type { GodotObject } from "./godot-object.js";
import type { Callable, ObjectId, RID, Signal } from "./handles.js";
import type { NodePath, StringName } from "./names.js";
import type {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from "./packed-arrays.js";
import type { Basis, Projection, Transform2D, Transform3D } from "./transforms.js";
import type { TypedArray, TypedDictionary } from "./typed-containers.js";
import type { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "./vectors.js";

/**
 * A decoded Godot Variant: what `bytesToVar` / `bytes2var` return (see the mapping table in
 * variant4.ts). Encoders accept these and a few more JS shapes (undefined, plain objects,
 * ArrayBuffer, DataView, Uint8ClampedArray, GdFloat). Typed containers from Godot 4.3+ decode to
 * the `TypedArray` / `TypedDictionary` subclasses of Array and Map; a decoded FLOAT is a
 * `GdFloat` with `floats: "GdFloat"`.
 */
export type Variant =
  | null
  | boolean
  | number
  | bigint
  | string
  | Vector2
  | Vector2i
  | Rect2
  | Rect2i
  | Vector3
  | Vector3i
  | Transform2D
  | Vector4
  | Vector4i
  | Plane
  | Quaternion
  | AABB
  | Basis
  | Transform3D
  | Projection
  | Color
  | StringName
  | NodePath
  | RID
  | ObjectId
  | GodotObject
  | Callable
  | Signal
  | GdFloat
  | Map<Variant, Variant>
  | TypedDictionary<Variant, Variant>
  | Variant[]
  | TypedArray<Variant>
  | Uint8Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | PackedStringArray
  | PackedVector2Array
  | PackedVector3Array
  | PackedColorArray
  | PackedVector4Array;

/** What the low-level decoders return on success: the value and how many bytes it took. */
export interface DecodedVariant {
  readonly value: Variant;
  /** Bytes consumed from the reader's position. */
  readonly length: number;
}
