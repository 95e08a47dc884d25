// Godot 4's compressed Variant encoding for RPC arguments and replication state
// (scene/main/multiplayer_api.cpp, `encode_and_compress_variant` /
// `decode_and_decompress_variant`). The first byte holds the type in bits 0-5 and an encode
// mode in bits 6-7:
// - BOOL is that byte alone, the value in bit 7: 0x01 false, 0x81 true;
// - INT is 0x02 | mode << 6 followed by the smallest of i8 (mode 0), i16 (1), i32 (2), i64 (3);
// - everything else is the plain `encode_variant` bytes, whose header already starts with the
//   type id (Godot rewrites that byte with the type, which changes nothing). So typed containers
//   (their kinds are in header bits 16-19, untouched) and `floats: "GdFloat"` work as in variant4.ts.

import { GdnetError } from "../gdnet-error.js";
import { type ByteReader, toSafeNumber } from "./byte-reader.js";
import type { ByteWriter } from "./byte-writer.js";
import { intProblem, isIntegralNumber } from "./numbers.js";
import type { VariantCodecOptions } from "./variant-codec-options.js";
import type { DecodedVariant } from "./variant-value.js";
import { decodeVariant4, encodeVariant4, GODOT_4 } from "./variant4.js";

const TYPE_MASK = 0x3f; // VARIANT_META_TYPE_MASK
const MODE_SHIFT = 6; // VARIANT_META_EMODE_MASK is 0xC0
const BOOL_BIT = 0x80; // VARIANT_META_BOOL_MASK
const BOOL = 1;
const INT = 2;

/**
 * Appends the compressed encoding of `value` (Godot 4 `encode_and_compress_variant`). Throws
 * GdnetError ERR_INVALID_PARAMETER for a value with no Godot 4 equivalent, naming its path from
 * `path` (default `"value"`); the writer is then left as it was.
 */
export function encodeAndCompressVariant(
  writer: ByteWriter,
  value: unknown,
  options?: VariantCodecOptions,
  path: string = "value",
): void {
  if (typeof value === "boolean") {
    writer.u8(value ? BOOL | BOOL_BIT : BOOL);
    return;
  }
  if (typeof value === "bigint" || (typeof value === "number" && isIntegralNumber(value))) {
    const problem = intProblem(value);
    if (problem !== undefined) {
      throw new GdnetError("ERR_INVALID_PARAMETER", `Cannot encode ${path} for ${GODOT_4.label}: ${problem}.`);
    }
    if (typeof value === "number" && value >= -0x8000_0000 && value <= 0x7fff_ffff) writeCompressedInt32(writer, value);
    else writeCompressedInt(writer, BigInt(value));
    return;
  }
  encodeVariant4(writer, value, options, path);
}

/** The i8 / i16 / i32 modes for a number, without going through bigint (the common case, and faster). */
function writeCompressedInt32(writer: ByteWriter, value: number): void {
  if (value >= -0x80 && value <= 0x7f) {
    writer.u8(INT);
    writer.u8(value);
  } else if (value >= -0x8000 && value <= 0x7fff) {
    writer.u8(INT | (1 << MODE_SHIFT));
    writer.u16(value);
  } else {
    writer.u8(INT | (2 << MODE_SHIFT));
    writer.i32(value);
  }
}

function writeCompressedInt(writer: ByteWriter, value: bigint): void {
  if (value >= -0x80n && value <= 0x7fn) {
    writer.u8(INT);
    writer.u8(Number(value));
  } else if (value >= -0x8000n && value <= 0x7fffn) {
    writer.u8(INT | (1 << MODE_SHIFT));
    writer.u16(Number(value));
  } else if (value >= -0x8000_0000n && value <= 0x7fff_ffffn) {
    writer.u8(INT | (2 << MODE_SHIFT));
    writer.i32(Number(value));
  } else {
    writer.u8(INT | (3 << MODE_SHIFT));
    writer.i64(value);
  }
}

/**
 * Decodes one compressed Variant at the reader's position (Godot 4
 * `decode_and_decompress_variant`). Returns `{ value, length }` and advances the reader, or
 * returns a GdnetError (ERR_INVALID_DATA, ERR_UNAUTHORIZED for a refused full object) and
 * leaves the reader where it was. Never throws. Every INT mode is read (the encoder writes the
 * smallest that fits) and a BOOL's mode bit 6 is ignored, as in Godot, so re-encoding can
 * shorten what was received.
 */
export function decodeAndDecompressVariant(reader: ByteReader, options?: VariantCodecOptions): DecodedVariant | GdnetError {
  const start = reader.offset;
  if (reader.remaining < 1) return new GdnetError("ERR_INVALID_DATA", `Compressed Variant: no data at offset ${start}.`);
  const meta = reader.bytes[start] as number;
  const type = meta & TYPE_MASK;
  if (type >= GODOT_4.kinds.length) {
    return new GdnetError("ERR_INVALID_DATA", `Compressed Variant: unknown type id ${type} at offset ${start}.`);
  }
  if (type === BOOL) {
    reader.skip(1);
    return { value: (meta & BOOL_BIT) !== 0, length: 1 };
  }
  if (type !== INT) return decodeVariant4(reader, options);
  try {
    reader.skip(1);
    const mode = meta >>> MODE_SHIFT;
    const value = mode === 0 ? reader.i8() : mode === 1 ? reader.i16() : mode === 2 ? reader.i32() : toSafeNumber(reader.i64());
    return { value, length: reader.offset - start };
  } catch (error) {
    reader.seek(start);
    const message = error instanceof Error ? error.message : String(error);
    return new GdnetError(error instanceof GdnetError ? error.code : "ERR_INVALID_DATA", `Compressed Variant: ${message}`);
  }
}
