// What differs between the Godot 3 and Godot 4 binary encodings. Both encodings are produced by
// one encoder and read by one decoder (variant-encoder.ts, variant-decoder.ts) that work in
// terms of Godot 4 type names ("kinds") and consult a Generation for ids and quirks.

import type { VariantType4Name } from "./variant-type.js";

/** A Variant type, named as in Godot 4 (Godot 3's REAL is FLOAT, QUAT is QUATERNION, ...). */
export type Kind = VariantType4Name;

/** The per-generation table and quirks of Godot's `encode_variant` / `decode_variant`. */
export interface Generation {
  /** "Godot 3" or "Godot 4", used in error messages. */
  readonly label: string;
  /** Wire id -> kind; ids past the end (Godot's `VARIANT_MAX`) are unknown. */
  readonly kinds: readonly Kind[];
  /** Wire id -> the generation's own type name, for messages. */
  readonly names: readonly string[];
  /** Kind -> wire id; a kind missing here does not exist in this generation. */
  readonly ids: Partial<Readonly<Record<Kind, number>>>;
  /** 4.x: header bit 16 on a real-based math type means f64 components (REAL_T_IS_DOUBLE builds). */
  readonly realFlag: boolean;
  /** 4.x: an RID carries its u64 id; 3.x writes the header only. */
  readonly ridPayload: boolean;
  /** 4.3+/4.4+: typed Array/Dictionary info sits between the header and the count. */
  readonly typedContainers: boolean;
}

/** Header bits 0-7: the type id (`HEADER_TYPE_MASK` / 3.x `ENCODE_MASK`). */
export const HEADER_TYPE_MASK: number = 0xff;
/** Header bit 16: 64-bit INT/FLOAT (and 4.x f64 math types), or OBJECT sent as id. */
export const HEADER_FLAG_64: number = 1 << 16;

/** Kinds made of reals, which 4.x double-precision builds send as f64 with {@link HEADER_FLAG_64}. */
export const REAL_KINDS: ReadonlySet<Kind> = new Set<Kind>([
  "VECTOR2",
  "RECT2",
  "VECTOR3",
  "TRANSFORM2D",
  "VECTOR4",
  "PLANE",
  "QUATERNION",
  "AABB",
  "BASIS",
  "TRANSFORM3D",
  "PROJECTION",
  "PACKED_VECTOR2_ARRAY",
  "PACKED_VECTOR3_ARRAY",
  "PACKED_VECTOR4_ARRAY",
]);
