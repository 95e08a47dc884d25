// Which Godot type a JS object is sent as. Primitives are handled by the encoder itself.

import { GdFloat } from "./gd-float.js";
import type { Kind } from "./generation.js";
import { AABB, Color, Plane, Quaternion, Rect2, Rect2i } from "./geometry.js";
import { GodotObject } from "./godot-object.js";
import { Callable, ObjectId, RID, Signal } from "./handles.js";
import { NodePath, StringName } from "./names.js";
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from "./packed-arrays.js";
import { Basis, Projection, Transform2D, Transform3D } from "./transforms.js";
import { TypedDictionary } from "./typed-containers.js";
import { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "./vectors.js";

const KIND_BY_CLASS: ReadonlyMap<Function, Kind> = new Map<Function, Kind>([
  [Vector2, "VECTOR2"],
  [Vector2i, "VECTOR2I"],
  [Rect2, "RECT2"],
  [Rect2i, "RECT2I"],
  [Vector3, "VECTOR3"],
  [Vector3i, "VECTOR3I"],
  [Transform2D, "TRANSFORM2D"],
  [Vector4, "VECTOR4"],
  [Vector4i, "VECTOR4I"],
  [Plane, "PLANE"],
  [Quaternion, "QUATERNION"],
  [AABB, "AABB"],
  [Basis, "BASIS"],
  [Transform3D, "TRANSFORM3D"],
  [Projection, "PROJECTION"],
  [Color, "COLOR"],
  [StringName, "STRING_NAME"],
  [NodePath, "NODE_PATH"],
  [RID, "RID"],
  [ObjectId, "OBJECT"],
  [GodotObject, "OBJECT"],
  [Callable, "CALLABLE"],
  [Signal, "SIGNAL"],
  [Map, "DICTIONARY"],
  [TypedDictionary, "DICTIONARY"],
  [Uint8Array, "PACKED_BYTE_ARRAY"],
  [Uint8ClampedArray, "PACKED_BYTE_ARRAY"],
  [ArrayBuffer, "PACKED_BYTE_ARRAY"],
  [DataView, "PACKED_BYTE_ARRAY"],
  [Int32Array, "PACKED_INT32_ARRAY"],
  [BigInt64Array, "PACKED_INT64_ARRAY"],
  [Float32Array, "PACKED_FLOAT32_ARRAY"],
  [Float64Array, "PACKED_FLOAT64_ARRAY"],
  [PackedStringArray, "PACKED_STRING_ARRAY"],
  [PackedVector2Array, "PACKED_VECTOR2_ARRAY"],
  [PackedVector3Array, "PACKED_VECTOR3_ARRAY"],
  [PackedColorArray, "PACKED_COLOR_ARRAY"],
  [PackedVector4Array, "PACKED_VECTOR4_ARRAY"],
  [GdFloat, "FLOAT"],
]);

/**
 * The Godot type a JS object encodes as, or undefined when it has none (a Date, a Set, an
 * Int16Array, an instance of some other class...). Arrays (TypedArray too) are ARRAY; Maps
 * (TypedDictionary too) and plain objects (prototype Object.prototype or null) are DICTIONARY;
 * subclasses count as their base class, so Node's Buffer is a PACKED_BYTE_ARRAY.
 */
export function kindOfObject(value: object): Kind | undefined {
  if (Array.isArray(value)) return "ARRAY";
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return "DICTIONARY";
  const kind = KIND_BY_CLASS.get((proto as { constructor: unknown }).constructor as Function);
  if (kind !== undefined) return kind;
  for (const [type, candidate] of KIND_BY_CLASS) {
    if (value instanceof type) return candidate;
  }
  return undefined;
}
