// Variant type ids as they appear in the low byte of every encoded Variant header. The two
// generations share only 0-5 (NIL, BOOL, INT, FLOAT/REAL, STRING, VECTOR2).

/**
 * Godot 4.x `Variant::Type` (core/variant/variant.h; identical in 4.0–4.5 except that
 * PACKED_VECTOR4_ARRAY = 38 exists from 4.3).
 */
export const VariantType4 = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  FLOAT: 3,
  STRING: 4,
  VECTOR2: 5,
  VECTOR2I: 6,
  RECT2: 7,
  RECT2I: 8,
  VECTOR3: 9,
  VECTOR3I: 10,
  TRANSFORM2D: 11,
  VECTOR4: 12,
  VECTOR4I: 13,
  PLANE: 14,
  QUATERNION: 15,
  AABB: 16,
  BASIS: 17,
  TRANSFORM3D: 18,
  PROJECTION: 19,
  COLOR: 20,
  STRING_NAME: 21,
  NODE_PATH: 22,
  RID: 23,
  OBJECT: 24,
  CALLABLE: 25,
  SIGNAL: 26,
  DICTIONARY: 27,
  ARRAY: 28,
  PACKED_BYTE_ARRAY: 29,
  PACKED_INT32_ARRAY: 30,
  PACKED_INT64_ARRAY: 31,
  PACKED_FLOAT32_ARRAY: 32,
  PACKED_FLOAT64_ARRAY: 33,
  PACKED_STRING_ARRAY: 34,
  PACKED_VECTOR2_ARRAY: 35,
  PACKED_VECTOR3_ARRAY: 36,
  PACKED_COLOR_ARRAY: 37,
  PACKED_VECTOR4_ARRAY: 38,
} as const;
export type VariantType4 = (typeof VariantType4)[keyof typeof VariantType4];
export type VariantType4Name = keyof typeof VariantType4;

/** Godot 4.3+ `Variant::VARIANT_MAX` (38 in 4.0–4.2, which lack PACKED_VECTOR4_ARRAY). */
export const VARIANT_MAX_4 = 39;

/** Godot 3.x `Variant::Type` (core/variant.h, unchanged from 3.0 to 3.6). */
export const VariantType3 = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  REAL: 3,
  STRING: 4,
  VECTOR2: 5,
  RECT2: 6,
  VECTOR3: 7,
  TRANSFORM2D: 8,
  PLANE: 9,
  QUAT: 10,
  AABB: 11,
  BASIS: 12,
  TRANSFORM: 13,
  COLOR: 14,
  NODE_PATH: 15,
  _RID: 16,
  OBJECT: 17,
  DICTIONARY: 18,
  ARRAY: 19,
  POOL_BYTE_ARRAY: 20,
  POOL_INT_ARRAY: 21,
  POOL_REAL_ARRAY: 22,
  POOL_STRING_ARRAY: 23,
  POOL_VECTOR2_ARRAY: 24,
  POOL_VECTOR3_ARRAY: 25,
  POOL_COLOR_ARRAY: 26,
} as const;
export type VariantType3 = (typeof VariantType3)[keyof typeof VariantType3];
export type VariantType3Name = keyof typeof VariantType3;

/** Godot 3.x `Variant::VARIANT_MAX`. */
export const VARIANT_MAX_3 = 27;

const names4: readonly VariantType4Name[] = Object.keys(VariantType4) as VariantType4Name[];
const names3: readonly VariantType3Name[] = Object.keys(VariantType3) as VariantType3Name[];

/** The Godot 4 name of a type id (`variantTypeName4(27)` is `"DICTIONARY"`), or undefined. */
export function variantTypeName4(id: number): VariantType4Name | undefined {
  return names4[id];
}

/** The Godot 3 name of a type id (`variantTypeName3(18)` is `"DICTIONARY"`), or undefined. */
export function variantTypeName3(id: number): VariantType3Name | undefined {
  return names3[id];
}
