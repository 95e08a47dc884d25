/**
 * Godot 4's binary Variant encoding: `var_to_bytes` / `bytes_to_var`, `PacketPeer.put_var` /
 * `get_var` (no length prefix), and the uncompressed part of RPC arguments
 * (core/io/marshalls.cpp `encode_variant` / `decode_variant`). Godot 3 uses the same JS mapping
 * with its own type ids (variant3.ts).
 *
 * JS mapping (identical for both generations):
 *
 * | Godot                          | JS                                                                 |
 * |--------------------------------|--------------------------------------------------------------------|
 * | nil                            | `null` (`undefined` also encodes as nil)                           |
 * | bool                           | `boolean`                                                          |
 * | int                            | decodes to a `number` when it is a safe integer, else a `bigint`;   |
 * |                                | encodes from an integral number (a safe integer, not -0) or a      |
 * |                                | bigint within int64. 32 bits unless the value needs 64 (flag bit 16)|
 * | float (3.x real)               | decodes to a `number` (a `GdFloat` with `floats: "GdFloat"`);      |
 * |                                | encodes from a non-integral number, NaN, ±Infinity, -0 or a        |
 * |                                | `GdFloat`. f32 unless `Math.fround(x) !== x` (then flag bit 16 +   |
 * |                                | f64), which is Godot's own rule                                    |
 * | String                         | `string` (lone surrogates are sent as U+FFFD)                      |
 * | StringName (4.x)               | `StringName`                                                       |
 * | NodePath                       | `NodePath`                                                         |
 * | Vector2/2i/3/3i/4/4i, Rect2/2i,| the classes of the same names (`Quat` and `Transform` are the      |
 * | Transform2D, Plane, Quaternion,| Godot 3 names of `Quaternion` and `Transform3D`)                   |
 * | AABB, Basis, Transform3D,      |                                                                    |
 * | Projection, Color              |                                                                    |
 * | RID                            | `RID` (Godot 3 sends no id: decodes as `RID` 0)                    |
 * | Object                         | `ObjectId` (sent as id), `null` (id 0), or with `allowObjects` a   |
 * |                                | `GodotObject` (full object: class name + stored properties)        |
 * | Callable / Signal (4.x)        | `Callable` (always empty) / `Signal`                               |
 * | Dictionary                     | decodes to a `Map` (keys keep their types and order); encodes from |
 * |                                | a `Map` or a plain object (its string keys become String keys)     |
 * | typed Dictionary (4.4+)        | `TypedDictionary`, a Map with its key and value types              |
 * | Array                          | `Array`                                                            |
 * | typed Array (4.3+)             | `TypedArray`, an Array with its element type                       |
 * | PackedByteArray                | `Uint8Array` (also encodes from ArrayBuffer, DataView,             |
 * |                                | Uint8ClampedArray, and Node's Buffer)                              |
 * | PackedInt32/Int64Array         | `Int32Array` / `BigInt64Array`                                     |
 * | PackedFloat32/Float64Array     | `Float32Array` / `Float64Array`                                    |
 * | PackedString/Vector2/Vector3/  | `PackedStringArray`, `PackedVector2Array`, `PackedVector3Array`,   |
 * | Color/Vector4Array             | `PackedColorArray`, `PackedVector4Array` (4.3+)                    |
 * | Godot 3 Pool*Array             | the same JS types: PoolIntArray is `Int32Array`, PoolRealArray is  |
 * |                                | `Float32Array`                                                     |
 *
 * Consequences worth knowing: a FLOAT holding an integral value (5.0) decodes to the number 5
 * and would be re-sent as INT (wrap it in `GdFloat` to keep it a float, or decode with
 * `floats: "GdFloat"`), and one between 2^53 and 2^63 decodes to a number the encoder refuses as
 * an unsafe integer (the same two remedies; past 2^63 it can only be a float and goes back as
 * one); inside a FLOAT-typed container numbers are floats anyway; a decoded
 * INT and FLOAT with the same value are the same Map key (and -0 is the key 0); strings end at
 * their first NUL byte on decode, as in Godot, and a leading byte order mark is dropped.
 *
 * Decoding is as lenient as Godot's, so re-encoding a decoded value gives the canonical bytes,
 * which can differ from what was received: header bits other than the type, the 64-bit flag
 * and the typed-container kinds are ignored; a typed container of builtin type NIL is untyped, and
 * an INT in a FLOAT-typed container becomes a float (rounded to f32, as Godot's conversion does),
 * a String in a StringName-typed one a StringName and the reverse; a BOOL is true for any non-zero word; an INT is
 * re-sent in 32 bits when it fits; double-precision math types are re-sent as f32 unless
 * encoding with `precision: "double"`; NaN payloads are whatever the JS engine keeps; string and
 * byte-array padding is not checked; NodePath flag bit 1 (obsolete "property" form) adds a
 * subname; an Object of id 0 or with an empty class name is null; a repeated Dictionary key or
 * Object property keeps its first position and its last value. The property tests
 * (core/test/fuzz) check every one of these.
 *
 * Encoding throws a `GdnetError` with code ERR_INVALID_PARAMETER, naming the path of the bad
 * value (`value[2].pos`, or the root the caller passes, such as `args[2].pos`), for a value with
 * no Godot equivalent: a function, a symbol, an instance of a class that is not one of ours, a
 * JS typed array other than the five above, an integer that is unsafe or outside int64, a cyclic
 * structure, nesting past `maxDepth`, a type the target generation lacks (typed containers in
 * Godot 3), or an element of a typed container that is not of its type.
 *
 * Decoding never throws on bad data: it returns a `GdnetError` (ERR_INVALID_DATA; ERR_UNAUTHORIZED
 * for a full object without `allowObjects`), so callers write
 * `const v = bytesToVar(b); if (v instanceof GdnetError) ...`. The low-level decoder returns
 * `{ value, length }` (bytes consumed); `bytesToVar` returns the value and, like Godot, ignores
 * bytes after it. A typed container whose element is not of its type (after the conversions
 * above) fails with ERR_INVALID_DATA: Godot's encoder never writes one.
 *
 * Typed containers (typed-containers.ts): a 4.3+ typed Array decodes to a `TypedArray` and a 4.4+
 * typed Dictionary to a `TypedDictionary`, which re-encode with the same type info; plain Arrays
 * and Maps are sent untyped, byte-identical to 4.0–4.2, which cannot read typed ones.
 */

import { asBytes, type BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteReader } from "./byte-reader.js";
import { ByteWriter } from "./byte-writer.js";
import type { Generation, Kind } from "./generation.js";
import type { VariantCodecOptions } from "./variant-codec-options.js";
import { decodeVariantWith } from "./variant-decoder.js";
import { encodeVariantWith } from "./variant-encoder.js";
import { VariantType4 } from "./variant-type.js";
import type { DecodedVariant, Variant } from "./variant-value.js";

const NAMES_4 = Object.keys(VariantType4) as Kind[];

/** The Godot 4.3+ table (4.0–4.2 lack only PACKED_VECTOR4_ARRAY = 38). */
export const GODOT_4: Generation = {
  label: "Godot 4",
  kinds: NAMES_4,
  names: NAMES_4,
  ids: VariantType4,
  realFlag: true,
  ridPayload: true,
  typedContainers: true,
};

/**
 * Appends the Godot 4 encoding of `value` to `writer` (`encode_variant`). Throws GdnetError
 * ERR_INVALID_PARAMETER for a value with no Godot 4 equivalent, naming its path from `path`
 * (default `"value"`); the writer is then left as it was.
 */
export function encodeVariant4(writer: ByteWriter, value: unknown, options?: VariantCodecOptions, path: string = "value"): void {
  encodeVariantWith(GODOT_4, writer, value, options, path);
}

/**
 * Decodes one Godot 4 Variant at the reader's position (`decode_variant`). Returns
 * `{ value, length }` and advances the reader, or returns a GdnetError and leaves the reader
 * where it was. `depth` is the nesting depth of this value, for callers decoding inside a
 * container (default 0).
 */
export function decodeVariant4(
  reader: ByteReader,
  options?: VariantCodecOptions,
  depth: number = 0,
): DecodedVariant | GdnetError {
  return decodeVariantWith(GODOT_4, reader, options, depth);
}

/** Godot 4 `var_to_bytes(value)`: the encoding of `value` as a new byte array. Throws on values with no Godot equivalent. */
export function varToBytes(value: unknown, options?: VariantCodecOptions): Uint8Array<ArrayBuffer> {
  const writer = new ByteWriter();
  encodeVariant4(writer, value, options);
  return writer.finish();
}

/**
 * Godot 4 `bytes_to_var(bytes)`: the value encoded at the start of `bytes` (trailing bytes are
 * ignored, as in Godot), or a GdnetError when the bytes are not a valid encoding. Throws
 * ERR_TYPE only when `bytes` is not bytes at all.
 */
export function bytesToVar(bytes: BytesLike, options?: VariantCodecOptions): Variant | GdnetError {
  const result = decodeVariant4(new ByteReader(asBytes(bytes, "bytesToVar")), options);
  return result instanceof GdnetError ? result : result.value;
}
