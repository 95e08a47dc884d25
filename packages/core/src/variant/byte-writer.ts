// A growable little-endian buffer: the writing half of Godot's marshalls (encode_uint32 & co. in
// core/io/marshalls.h always write LSB first, whatever the host).

import { GdnetError } from "../gdnet-error.js";

const encoder = new TextEncoder();

/** True when typed arrays already store little-endian, so their bytes can be copied as they are. */
const HOST_IS_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Zero bytes needed after `length` bytes to reach a multiple of 4 (Godot pads every string and byte array). */
export function padding4(length: number): number {
  return (4 - (length % 4)) % 4;
}

// Floats and 64-bit integers go through one shared 8-byte scratch: a DataView per writer would
// force V8 to move every small on-heap buffer off the heap (the largest cost of encoding an RPC,
// see bench/RESULTS.md), and ints are plain shifts.
const SCRATCH = new DataView(new ArrayBuffer(8));
const SCRATCH_BYTES = new Uint8Array(SCRATCH.buffer);

/** Little-endian writer over a buffer that grows as needed. */
export class ByteWriter {
  #bytes: Uint8Array<ArrayBuffer>;
  #length = 0;

  constructor(initialCapacity = 64) {
    this.#bytes = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Makes room for `count` more bytes. */
  reserve(count: number): void {
    const needed = this.#length + count;
    if (needed <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const bytes = new Uint8Array(capacity);
    bytes.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = bytes;
  }

  /** Writes `value` as 4 little-endian bytes at `at` (inside the reserved room). */
  #put32(at: number, value: number): void {
    const bytes = this.#bytes;
    bytes[at] = value;
    bytes[at + 1] = value >>> 8;
    bytes[at + 2] = value >>> 16;
    bytes[at + 3] = value >>> 24;
  }

  /** Copies the first `count` scratch bytes to the end. */
  #putScratch(count: number): void {
    this.reserve(count);
    const bytes = this.#bytes;
    const at = this.#length;
    for (let i = 0; i < count; i++) bytes[at + i] = SCRATCH_BYTES[i] as number;
    this.#length = at + count;
  }

  u8(value: number): void {
    this.reserve(1);
    this.#bytes[this.#length++] = value & 0xff;
  }

  u16(value: number): void {
    this.reserve(2);
    const at = this.#length;
    this.#bytes[at] = value;
    this.#bytes[at + 1] = value >>> 8;
    this.#length = at + 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.#put32(this.#length, value >>> 0);
    this.#length += 4;
  }

  i32(value: number): void {
    this.reserve(4);
    this.#put32(this.#length, value | 0);
    this.#length += 4;
  }

  /** Writes the low 64 bits of `value` (two's complement), so it serves signed and unsigned values. */
  u64(value: bigint): void {
    SCRATCH.setBigUint64(0, BigInt.asUintN(64, value), true);
    this.#putScratch(8);
  }

  i64(value: bigint): void {
    this.u64(value);
  }

  f32(value: number): void {
    SCRATCH.setFloat32(0, value, true);
    this.#putScratch(4);
  }

  f64(value: number): void {
    SCRATCH.setFloat64(0, value, true);
    this.#putScratch(8);
  }

  bytes(source: Uint8Array): void {
    this.reserve(source.length);
    this.#bytes.set(source, this.#length);
    this.#length += source.length;
  }

  zeros(count: number): void {
    this.reserve(count);
    this.#bytes.fill(0, this.#length, this.#length + count);
    this.#length += count;
  }

  /** Pads with zeros after a field of `fieldLength` bytes, as Godot pads strings and byte arrays. */
  pad4(fieldLength: number): void {
    this.zeros(padding4(fieldLength));
  }

  /**
   * A Godot padded string: u32 byte length, UTF-8 bytes, zero padding to a multiple of 4
   * (`_encode_string` in core/io/marshalls.cpp). With `withNul`, the length counts one extra
   * NUL byte written after the text, which is how Pool/PackedStringArray elements are stored.
   * Lone surrogates become U+FFFD. Returns the UTF-8 byte length of the text.
   */
  paddedString(text: string, withNul = false): number {
    // Reserve the worst case (3 bytes per UTF-16 unit), then encode in place: no temporary copy.
    this.reserve(4 + text.length * 3 + 4);
    const start = this.#length;
    const { written } = encoder.encodeInto(text, this.#bytes.subarray(start + 4));
    const fieldLength = withNul ? written + 1 : written;
    this.#put32(start, fieldLength);
    this.#length = start + 4 + written;
    if (withNul) this.#bytes[this.#length++] = 0;
    this.pad4(fieldLength);
    return written;
  }

  /** UTF-8 bytes followed by one NUL (Godot's `encode_cstring`). */
  cstring(text: string): void {
    this.reserve(text.length * 3 + 1);
    const { written } = encoder.encodeInto(text, this.#bytes.subarray(this.#length));
    this.#length += written;
    this.#bytes[this.#length++] = 0;
  }

  int32Array(values: Int32Array): void {
    if (HOST_IS_LITTLE_ENDIAN) {
      this.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      return;
    }
    for (const value of values) this.i32(value);
  }

  bigInt64Array(values: BigInt64Array): void {
    if (HOST_IS_LITTLE_ENDIAN) {
      this.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      return;
    }
    for (const value of values) this.i64(value);
  }

  float32Array(values: Float32Array): void {
    if (HOST_IS_LITTLE_ENDIAN) {
      this.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      return;
    }
    for (const value of values) this.f32(value);
  }

  float64Array(values: Float64Array): void {
    if (HOST_IS_LITTLE_ENDIAN) {
      this.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      return;
    }
    for (const value of values) this.f64(value);
  }

  /** Overwrites one byte already written (the compressed RPC encoding rewrites the first header byte). */
  setU8(offset: number, value: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.#length) {
      throw new GdnetError("ERR_PARAMETER_RANGE_ERROR", `setU8: offset ${offset} is outside the ${this.#length} bytes written.`);
    }
    this.#bytes[offset] = value & 0xff;
  }

  /** Overwrites four bytes already written with `value` as a little-endian u32 (a field patched once its value is known). */
  setU32(offset: number, value: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset + 4 > this.#length) {
      throw new GdnetError("ERR_PARAMETER_RANGE_ERROR", `setU32: offset ${offset} is outside the ${this.#length} bytes written.`);
    }
    this.#put32(offset, value >>> 0);
  }

  /** Drops everything written after the first `length` bytes (an encoder rolls back a failed value). */
  truncate(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > this.#length) {
      throw new GdnetError("ERR_PARAMETER_RANGE_ERROR", `truncate: ${length} is outside the ${this.#length} bytes written.`);
    }
    this.#length = length;
  }

  /** A copy of the bytes written so far, in a buffer of exactly that size. */
  finish(): Uint8Array<ArrayBuffer> {
    return this.#bytes.slice(0, this.#length);
  }
}
