import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader, toSafeNumber } from "../../src/variant/byte-reader.js";
import { ByteWriter, padding4 } from "../../src/variant/byte-writer.js";
import { fromHex, toHex } from "./hex.js";

describe("ByteWriter", () => {
  it("writes little-endian integers and floats", () => {
    const w = new ByteWriter(1);
    w.u8(0x1ff);
    w.u16(0x1234);
    w.u32(0x12345678);
    w.i32(-2);
    w.u64(0x0102030405060708n);
    w.i64(-1n);
    w.f32(1);
    w.f64(0.5);
    expect(toHex(w.finish())).toBe(
      "FF 34 12 78 56 34 12 FE FF FF FF 08 07 06 05 04 03 02 01 FF FF FF FF FF FF FF FF 00 00 80 3F 00 00 00 00 00 00 E0 3F",
    );
  });

  it("grows past its initial capacity and returns an exact-size copy", () => {
    const w = new ByteWriter(16);
    for (let i = 0; i < 1000; i++) w.u8(i);
    const bytes = w.finish();
    expect(bytes.length).toBe(1000);
    expect(bytes.buffer.byteLength).toBe(1000);
    expect(bytes[999]).toBe(999 & 0xff);
  });

  it("writes padded strings, with the NUL variant used by string arrays", () => {
    const w = new ByteWriter();
    expect(w.paddedString("abc")).toBe(3);
    w.paddedString("abc", true);
    w.paddedString("");
    w.paddedString("", true);
    expect(toHex(w.finish())).toBe("03 00 00 00 61 62 63 00 04 00 00 00 61 62 63 00 00 00 00 00 01 00 00 00 00 00 00 00");
  });

  it("reserves enough for the worst-case UTF-8 length of a long string", () => {
    const w = new ByteWriter(16);
    const text = "€".repeat(100);
    expect(w.paddedString(text)).toBe(300);
    expect(w.length).toBe(304);
  });

  it("writes cstrings and typed arrays", () => {
    const w = new ByteWriter();
    w.cstring("hé");
    w.int32Array(new Int32Array([1, -1]));
    w.float32Array(new Float32Array([2]));
    w.float64Array(new Float64Array([2]));
    w.bigInt64Array(new BigInt64Array([-2n]));
    expect(toHex(w.finish())).toBe(
      "68 C3 A9 00 01 00 00 00 FF FF FF FF 00 00 00 40 00 00 00 00 00 00 00 40 FE FF FF FF FF FF FF FF",
    );
  });

  it("rewrites a byte, truncates, and refuses offsets outside what it wrote", () => {
    const w = new ByteWriter();
    w.u32(0x04030201);
    w.setU8(0, 0xaa);
    w.truncate(2);
    expect(toHex(w.finish())).toBe("AA 02");
    expect(() => w.setU8(2, 0)).toThrow(GdnetError);
    expect(() => w.truncate(3)).toThrow(GdnetError);
  });

  it("computes the padding to 4 bytes", () => {
    expect([0, 1, 2, 3, 4, 5].map(padding4)).toEqual([0, 3, 2, 1, 0, 3]);
  });
});

describe("ByteReader", () => {
  it("reads little-endian values and tracks its position", () => {
    const r = new ByteReader(fromHex("FF 34 12 FE FF FF FF 08 07 06 05 04 03 02 01 00 00 80 3F"));
    expect(r.i8()).toBe(-1);
    expect(r.u16()).toBe(0x1234);
    expect(r.i32()).toBe(-2);
    expect(r.u64()).toBe(0x0102030405060708n);
    expect(r.f32()).toBe(1);
    expect(r.remaining).toBe(0);
  });

  it("reads a view that does not start at its buffer's start", () => {
    const bytes = fromHex("00 00 00 2A 00 00 00").subarray(3);
    expect(new ByteReader(bytes).u32()).toBe(42);
  });

  it.each([
    ["u8", (r: ByteReader) => r.u8()],
    ["u16", (r: ByteReader) => r.u16()],
    ["i16", (r: ByteReader) => r.i16()],
    ["u32", (r: ByteReader) => r.u32()],
    ["i64", (r: ByteReader) => r.i64()],
    ["f64", (r: ByteReader) => r.f64()],
    ["bytesView", (r: ByteReader) => r.bytesView(2)],
    ["int32Array", (r: ByteReader) => r.int32Array(1)],
    ["float64Array", (r: ByteReader) => r.float64Array(1)],
    ["paddedString", (r: ByteReader) => r.paddedString()],
    ["cstring", (r: ByteReader) => r.cstring()],
  ])("throws ERR_INVALID_DATA, never a RangeError, when %s runs past the end", (_name, read) => {
    const r = new ByteReader(fromHex("61"), 1);
    expect(() => read(r)).toThrow(expect.objectContaining({ name: "GdnetError", code: "ERR_INVALID_DATA" }));
    expect(r.offset).toBe(1);
  });

  it("stops at the end given to it, not the end of the bytes", () => {
    const r = new ByteReader(fromHex("01 00 00 00 02 00 00 00"), 0, 4);
    expect(r.u32()).toBe(1);
    expect(() => r.u32()).toThrow(GdnetError);
  });

  it("reads typed arrays as copies", () => {
    const bytes = fromHex("01 00 00 00 FF FF FF FF");
    const values = new ByteReader(bytes).int32Array(2);
    bytes[0] = 9;
    expect([...values]).toEqual([1, -1]);
  });

  it("reads padded strings with Godot's rules: padding required, BOM skipped, NUL ends the text", () => {
    expect(new ByteReader(fromHex("02 00 00 00 68 69 00 00")).paddedString()).toBe("hi");
    expect(() => new ByteReader(fromHex("02 00 00 00 68 69")).paddedString()).toThrow(/Truncated/);
    expect(new ByteReader(fromHex("05 00 00 00 EF BB BF 68 69 00 00 00")).paddedString()).toBe("hi");
    expect(new ByteReader(fromHex("04 00 00 00 61 62 00 63")).paddedString()).toBe("ab");
    expect(() => new ByteReader(fromHex("02 00 00 00 C3 28 00 00")).paddedString()).toThrow(/not valid UTF-8/);
    expect(() => new ByteReader(fromHex("03 00 00 00 61 62 63 00")).paddedString(2)).toThrow(/maxLength 2/);
  });

  it("checks UTF-8 only up to the first NUL, as Godot's parse_utf8 stops there", () => {
    expect(new ByteReader(fromHex("04 00 00 00 61 00 FF FF")).paddedString()).toBe("a");
  });

  it("reads cstrings leniently and needs their NUL", () => {
    const r = new ByteReader(fromHex("68 69 00 FF 00"));
    expect(r.cstring()).toBe("hi");
    expect(r.cstring()).toBe("\ufffd");
    expect(() => new ByteReader(fromHex("68 69")).cstring()).toThrow(/Unterminated/);
  });

  it("refuses a range outside its bytes and a seek past its end", () => {
    expect(() => new ByteReader(new Uint8Array(2), 0, 3)).toThrow(GdnetError);
    expect(() => new ByteReader(new Uint8Array(2)).seek(3)).toThrow(GdnetError);
  });
});

describe("toSafeNumber", () => {
  it("turns safe bigints into numbers and keeps the others", () => {
    expect(toSafeNumber(5n)).toBe(5);
    expect(toSafeNumber(-(2n ** 53n) + 1n)).toBe(-(2 ** 53) + 1);
    expect(toSafeNumber(2n ** 53n)).toBe(2n ** 53n);
  });
});

describe("ByteReader over a Node Buffer", () => {
  it("reads packed arrays into buffers of their own, not views of Node's shared pool", () => {
    // A Buffer from Buffer.from(array) lives in Node's 8 KiB pool; its .buffer is the pool.
    const source = Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 0xff]);
    expect(source.buffer.byteLength).toBeGreaterThan(source.length);
    const reader = new ByteReader(source);
    const ints = reader.int32Array(2);
    expect(Array.from(ints)).toEqual([1, 2]);
    expect(ints.buffer.byteLength).toBe(8);
    const bytes = reader.byteArray(1);
    expect(Array.from(bytes)).toEqual([0xff]);
    expect(bytes.buffer.byteLength).toBe(1);
    expect(bytes).not.toBeInstanceOf(Buffer);
  });
});
