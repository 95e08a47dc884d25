// The reading half of Godot's marshalls: little-endian, bounds-checked. Every failure is a
// GdnetError("ERR_INVALID_DATA"), never a RangeError from DataView, so the Variant decoders can
// turn any malformed input into a returned error.

import { GdnetError } from "../gdnet-error.js";
import { decodeUtf8Strict, getStringFromUtf8 } from "../utf8.js";
import { padding4 } from "./byte-writer.js";

const HOST_IS_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint as a number when that loses nothing (Godot ints decode to numbers when they are safe integers). */
export function toSafeNumber(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

// Floats and 64-bit integers are read through one shared scratch; ints are plain shifts. A
// DataView per reader costs more than decoding a small RPC (see bench/RESULTS.md).
const SCRATCH = new DataView(new ArrayBuffer(8));
const SCRATCH_BYTES = new Uint8Array(SCRATCH.buffer);

/** Little-endian reader over a byte range; reading past its end throws ERR_INVALID_DATA. */
export class ByteReader {
  readonly bytes: Uint8Array;
  #view: DataView | null = null;
  #offset: number;
  #end: number;

  /** Reads `bytes` from `start` (default 0) up to `end` (default the end of `bytes`). */
  constructor(bytes: Uint8Array, start = 0, end: number = bytes.length) {
    if (!(start >= 0 && start <= end && end <= bytes.length)) {
      throw new GdnetError("ERR_PARAMETER_RANGE_ERROR", `ByteReader: range ${start}..${end} is outside ${bytes.length} bytes.`);
    }
    this.bytes = bytes;
    this.#offset = start;
    this.#end = end;
  }

  /** Position of the next byte to read. */
  get offset(): number {
    return this.#offset;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.#end - this.#offset;
  }

  /** Moves to `offset` (used to rewind after a failed decode). */
  seek(offset: number): void {
    if (!(offset >= 0 && offset <= this.#end)) {
      throw new GdnetError("ERR_PARAMETER_RANGE_ERROR", `ByteReader: cannot seek to ${offset} (end ${this.#end}).`);
    }
    this.#offset = offset;
  }

  /** Throws ERR_INVALID_DATA unless `count` more bytes can be read. */
  need(count: number, what = "value"): void {
    if (count > this.#end - this.#offset) {
      throw new GdnetError(
        "ERR_INVALID_DATA",
        `Truncated data: ${what} needs ${count} bytes at offset ${this.#offset}, but only ${this.remaining} remain.`,
      );
    }
  }

  #take(count: number, what: string): number {
    this.need(count, what);
    const at = this.#offset;
    this.#offset += count;
    return at;
  }

  /** A DataView over the bytes, for the big-endian-host fallbacks only. */
  #dataView(): DataView {
    this.#view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.#view;
  }

  /** Copies `count` bytes at `at` into the scratch. */
  #toScratch(at: number, count: number): DataView {
    const bytes = this.bytes;
    for (let i = 0; i < count; i++) SCRATCH_BYTES[i] = bytes[at + i] as number;
    return SCRATCH;
  }

  /** The signed little-endian int32 at `at`. */
  #int32At(at: number): number {
    const b = this.bytes;
    return (b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24);
  }

  u8(): number {
    return this.bytes[this.#take(1, "u8")] as number;
  }

  i8(): number {
    return ((this.bytes[this.#take(1, "i8")] as number) << 24) >> 24;
  }

  u16(): number {
    const at = this.#take(2, "u16");
    return (this.bytes[at] as number) | ((this.bytes[at + 1] as number) << 8);
  }

  i16(): number {
    const at = this.#take(2, "i16");
    return (((this.bytes[at] as number) | ((this.bytes[at + 1] as number) << 8)) << 16) >> 16;
  }

  u32(): number {
    return this.#int32At(this.#take(4, "u32")) >>> 0;
  }

  i32(): number {
    return this.#int32At(this.#take(4, "i32"));
  }

  u64(): bigint {
    return this.#toScratch(this.#take(8, "u64"), 8).getBigUint64(0, true);
  }

  i64(): bigint {
    return this.#toScratch(this.#take(8, "i64"), 8).getBigInt64(0, true);
  }

  f32(): number {
    return this.#toScratch(this.#take(4, "f32"), 4).getFloat32(0, true);
  }

  f64(): number {
    return this.#toScratch(this.#take(8, "f64"), 8).getFloat64(0, true);
  }

  /** The next `count` bytes, as a view (no copy). */
  bytesView(count: number): Uint8Array {
    const at = this.#take(count, "byte run");
    return this.bytes.subarray(at, at + count);
  }

  /** A copy of the next `count` bytes. */
  byteArray(count: number): Uint8Array<ArrayBuffer> {
    return this.#copy(this.#take(count, "byte array"), count);
  }

  /**
   * A copy with a buffer of its own: not `slice()`, which on a Node Buffer (a Uint8Array
   * subclass) returns a view into Node's shared pool, so `.buffer` would span the whole pool.
   */
  #copy(at: number, count: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(count);
    out.set(this.bytes.subarray(at, at + count));
    return out;
  }

  skip(count: number): void {
    this.#take(count, "padding");
  }

  int32Array(count: number): Int32Array<ArrayBuffer> {
    const at = this.#take(count * 4, "int32 array");
    if (HOST_IS_LITTLE_ENDIAN) return new Int32Array(this.#copy(at, count * 4).buffer);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.#dataView().getInt32(at + i * 4, true);
    return out;
  }

  bigInt64Array(count: number): BigInt64Array<ArrayBuffer> {
    const at = this.#take(count * 8, "int64 array");
    if (HOST_IS_LITTLE_ENDIAN) return new BigInt64Array(this.#copy(at, count * 8).buffer);
    const out = new BigInt64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.#dataView().getBigInt64(at + i * 8, true);
    return out;
  }

  float32Array(count: number): Float32Array<ArrayBuffer> {
    const at = this.#take(count * 4, "float32 array");
    if (HOST_IS_LITTLE_ENDIAN) return new Float32Array(this.#copy(at, count * 4).buffer);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.#dataView().getFloat32(at + i * 4, true);
    return out;
  }

  float64Array(count: number): Float64Array<ArrayBuffer> {
    const at = this.#take(count * 8, "float64 array");
    if (HOST_IS_LITTLE_ENDIAN) return new Float64Array(this.#copy(at, count * 8).buffer);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.#dataView().getFloat64(at + i * 8, true);
    return out;
  }

  /**
   * A Godot padded string (u32 byte length, UTF-8, zero padding to 4), decoded the way
   * `_decode_string` in core/io/marshalls.cpp does through `String::parse_utf8`:
   * - the length and its padding must be present (Godot fails with ERR_FILE_EOF otherwise);
   * - a leading UTF-8 byte order mark is skipped;
   * - the text ends at the first NUL byte (that is how Pool/PackedStringArray elements, stored
   *   with a trailing NUL, lose it again);
   * - anything that is not well-formed UTF-8 before that NUL fails the decode. Godot 4's
   *   parse_utf8 reports invalid bytes, overlongs, surrogates and code points past U+10FFFF,
   *   and marshalls.cpp refuses the string on any report. (Godot 3.2 refuses invalid and
   *   truncated sequences too; it let 3-/4-byte overlongs and encoded surrogates through, which
   *   no Godot encoder produces: we refuse them for both generations.)
   * `maxLength` caps the byte length before anything is read.
   */
  paddedString(maxLength: number = Number.POSITIVE_INFINITY): string {
    const start = this.#offset;
    const length = this.u32();
    if (length > maxLength) {
      throw new GdnetError("ERR_INVALID_DATA", `String at offset ${start} is ${length} bytes, over maxLength ${maxLength}.`);
    }
    this.need(length + padding4(length), "string");
    let bytes = this.bytesView(length);
    this.skip(padding4(length));
    if (length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const nul = bytes.indexOf(0);
    const text = decodeUtf8Strict(nul === -1 ? bytes : bytes.subarray(0, nul));
    if (text === undefined) throw new GdnetError("ERR_INVALID_DATA", `String at offset ${start} is not valid UTF-8.`);
    return text;
  }

  /**
   * A NUL-terminated UTF-8 string (Godot's cstrings: RPC method names, node paths). The NUL must
   * be inside the readable range. Decoded leniently, as Godot's `String::utf8()` does: invalid
   * sequences become U+FFFD.
   */
  cstring(): string {
    const start = this.#offset;
    const nul = this.bytes.subarray(start, this.#end).indexOf(0);
    if (nul === -1) throw new GdnetError("ERR_INVALID_DATA", `Unterminated string at offset ${start}.`);
    const text = getStringFromUtf8(this.bytes.subarray(start, start + nul));
    this.#offset = start + nul + 1;
    return text;
  }
}
