// Godot 3's binary Variant encoding: `var2bytes` / `bytes2var`, `PacketPeer.put_var` /
// `get_var` (no length prefix), and every RPC / RSET argument of the 3.x MultiplayerAPI
// (core/io/marshalls.cpp of 3.2). Same payload layouts and the same JS mapping as Godot 4
// (see variant4.ts), with these differences:
// - type ids are those of VariantType3 (only 0-5 match Godot 4);
// - types Godot 3 lacks (Vector2i/3i/4/4i, Rect2i, Projection, StringName, Callable, Signal,
//   PackedInt64/Float64/Vector4Array) cannot be encoded: ERR_INVALID_PARAMETER;
// - an RID carries no id (`_RID` is the header alone), so it decodes as RID 0;
// - the decoder ignores header bits 16+ except on INT, REAL and OBJECT (3.x has no
//   double-precision math types and no typed containers), and math types are always f32;
// - there are no typed containers: a TypedArray or TypedDictionary with a type fails to encode
//   (ERR_INVALID_PARAMETER);
// - Godot 3.2 has no recursion limit; gdnet still applies `maxDepth`.
// Strings must be valid UTF-8 or the decode fails, as in Godot 3.2 (see ByteReader.paddedString).

import { asBytes, type BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteReader } from "./byte-reader.js";
import { ByteWriter } from "./byte-writer.js";
import type { Generation, Kind } from "./generation.js";
import type { VariantCodecOptions } from "./variant-codec-options.js";
import { decodeVariantWith } from "./variant-decoder.js";
import { encodeVariantWith } from "./variant-encoder.js";
import { VariantType3, type VariantType3Name } from "./variant-type.js";
import type { DecodedVariant, Variant } from "./variant-value.js";

/** The kind (Godot 4 name) of each Godot 3 type. */
const KIND_OF_3: Readonly<Record<VariantType3Name, Kind>> = {
  NIL: "NIL",
  BOOL: "BOOL",
  INT: "INT",
  REAL: "FLOAT",
  STRING: "STRING",
  VECTOR2: "VECTOR2",
  RECT2: "RECT2",
  VECTOR3: "VECTOR3",
  TRANSFORM2D: "TRANSFORM2D",
  PLANE: "PLANE",
  QUAT: "QUATERNION",
  AABB: "AABB",
  BASIS: "BASIS",
  TRANSFORM: "TRANSFORM3D",
  COLOR: "COLOR",
  NODE_PATH: "NODE_PATH",
  _RID: "RID",
  OBJECT: "OBJECT",
  DICTIONARY: "DICTIONARY",
  ARRAY: "ARRAY",
  POOL_BYTE_ARRAY: "PACKED_BYTE_ARRAY",
  POOL_INT_ARRAY: "PACKED_INT32_ARRAY",
  POOL_REAL_ARRAY: "PACKED_FLOAT32_ARRAY",
  POOL_STRING_ARRAY: "PACKED_STRING_ARRAY",
  POOL_VECTOR2_ARRAY: "PACKED_VECTOR2_ARRAY",
  POOL_VECTOR3_ARRAY: "PACKED_VECTOR3_ARRAY",
  POOL_COLOR_ARRAY: "PACKED_COLOR_ARRAY",
};

const NAMES_3 = Object.keys(VariantType3) as VariantType3Name[];

/** The Godot 3 table (3.0–3.6). */
export const GODOT_3: Generation = {
  label: "Godot 3",
  kinds: NAMES_3.map((name) => KIND_OF_3[name]),
  names: NAMES_3,
  ids: Object.fromEntries(NAMES_3.map((name) => [KIND_OF_3[name], VariantType3[name]])),
  realFlag: false,
  ridPayload: false,
  typedContainers: false,
};

/**
 * Appends the Godot 3 encoding of `value` to `writer` (`encode_variant`, objects as ids).
 * Throws GdnetError ERR_INVALID_PARAMETER for a value with no Godot 3 equivalent, naming its
 * path from `path` (default `"value"`); the writer is then left as it was.
 */
export function encodeVariant3(writer: ByteWriter, value: unknown, options?: VariantCodecOptions, path: string = "value"): void {
  encodeVariantWith(GODOT_3, writer, value, options, path);
}

/**
 * Decodes one Godot 3 Variant at the reader's position (`decode_variant`). Returns
 * `{ value, length }` and advances the reader, or returns a GdnetError and leaves the reader
 * where it was. `depth` is the nesting depth of this value (default 0).
 */
export function decodeVariant3(
  reader: ByteReader,
  options?: VariantCodecOptions,
  depth: number = 0,
): DecodedVariant | GdnetError {
  return decodeVariantWith(GODOT_3, reader, options, depth);
}

/** Godot 3 `var2bytes(value)`: the encoding of `value` as a new byte array. Throws on values with no Godot 3 equivalent. */
export function var2bytes(value: unknown, options?: VariantCodecOptions): Uint8Array<ArrayBuffer> {
  const writer = new ByteWriter();
  encodeVariant3(writer, value, options);
  return writer.finish();
}

/**
 * Godot 3 `bytes2var(bytes)`: the value encoded at the start of `bytes` (trailing bytes are
 * ignored, as in Godot), or a GdnetError when the bytes are not a valid encoding. Throws
 * ERR_TYPE only when `bytes` is not bytes at all.
 */
export function bytes2var(bytes: BytesLike, options?: VariantCodecOptions): Variant | GdnetError {
  const result = decodeVariant3(new ByteReader(asBytes(bytes, "bytes2var")), options);
  return result instanceof GdnetError ? result : result.value;
}
