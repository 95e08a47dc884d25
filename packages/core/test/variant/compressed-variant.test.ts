import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader } from "../../src/variant/byte-reader.js";
import { ByteWriter } from "../../src/variant/byte-writer.js";
import { decodeAndDecompressVariant, encodeAndCompressVariant } from "../../src/variant/compressed-variant.js";
import { GdFloat } from "../../src/variant/gd-float.js";
import { NodePath } from "../../src/variant/names.js";
import { PackedStringArray } from "../../src/variant/packed-arrays.js";
import { TypedArray } from "../../src/variant/typed-containers.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { VariantType4 } from "../../src/variant/variant-type.js";
import type { Variant } from "../../src/variant/variant-value.js";
import { varToBytes } from "../../src/variant/variant4.js";
import { Vector2 } from "../../src/variant/vectors.js";
import { fromHex, toHex } from "./hex.js";

function compress(value: unknown): string {
  const writer = new ByteWriter();
  encodeAndCompressVariant(writer, value);
  return toHex(writer.finish());
}

function decompress(hex: string): { value: Variant; length: number } {
  const result = decodeAndDecompressVariant(new ByteReader(fromHex(hex)));
  if (result instanceof GdnetError) throw new Error(`unexpected decode error: ${result.message}`);
  return result;
}

function decompressError(hex: string): GdnetError {
  const reader = new ByteReader(fromHex(hex));
  const result = decodeAndDecompressVariant(reader);
  if (!(result instanceof GdnetError)) throw new Error("expected a decode error");
  expect(reader.offset).toBe(0);
  return result;
}

describe("compressed Variant golden bytes (godot-protocols.md §4.4)", () => {
  it.each<[string, Variant, string]>([
    ["false as 0x01", false, "01"],
    ["true as 0x81", true, "81"],
    ["-2 as i8", -2, "02 FE"],
    ["300 as i16", 300, "42 2C 01"],
    ["100000 as i32", 100000, "82 A0 86 01 00"],
  ])("encodes %s", (_name, value, hex) => {
    expect(compress(value)).toBe(hex);
    expect(decompress(hex)).toEqual({ value, length: fromHex(hex).length });
  });

  it("encodes an int outside int32 as mode 3 (0xC2) and an i64", () => {
    expect(compress(2 ** 40)).toBe("C2 00 00 00 00 00 01 00 00");
    expect(decompress("C2 FF FF FF FF FF FF FF 7F").value).toBe(2n ** 63n - 1n);
  });
});

describe("compressed ints pick the smallest width", () => {
  it.each<[number | bigint, number]>([
    [0, 0],
    [127, 0],
    [-128, 0],
    [128, 1],
    [-129, 1],
    [32767, 1],
    [-32768, 1],
    [32768, 2],
    [-32769, 2],
    [2147483647, 2],
    [-2147483648, 2],
    [2147483648, 3],
    [-2147483649, 3],
    [-(2n ** 63n), 3],
  ])("sends %s in mode %i", (value, mode) => {
    const hex = compress(value);
    const bytes = fromHex(hex);
    expect((bytes[0] as number) >> 6).toBe(mode);
    expect(bytes.length).toBe(1 + [1, 2, 4, 8][mode]!);
    expect(variantEquals(decompress(hex).value, value)).toBe(true);
  });

  it("reads signed values in every mode", () => {
    expect(decompress("02 80").value).toBe(-128);
    expect(decompress("42 FF FF").value).toBe(-1);
    expect(decompress("82 FF FF FF FF").value).toBe(-1);
    expect(decompress("C2 FF FF FF FF FF FF FF FF").value).toBe(-1);
  });
});

describe("compressed encoding of other types", () => {
  it.each<[string, unknown]>([
    ["nil", null],
    ["a float", 1.5],
    ["-0 (a float, not an int)", -0],
    ["an integral GdFloat", new GdFloat(3)],
    ["a string", "hello"],
    ["a Vector2", new Vector2(1, 2)],
    ["a NodePath", NodePath.parse("a/b:c")],
    ["an Array of ints and bools (plain encoding inside)", [1, true, 300]],
    ["a PackedStringArray", new PackedStringArray(["x"])],
    ["a PackedByteArray", new Uint8Array([1, 2, 3])],
  ])("writes %s exactly like var_to_bytes", (_name, value) => {
    const hex = compress(value);
    expect(hex).toBe(toHex(varToBytes(value)));
    expect(variantEquals(decompress(hex).value, value)).toBe(true);
  });

  it("decodes consecutive arguments and reports each length", () => {
    const writer = new ByteWriter();
    for (const arg of [true, -2, "hi", 100000]) encodeAndCompressVariant(writer, arg);
    const reader = new ByteReader(writer.finish());
    const values: Variant[] = [];
    while (reader.remaining > 0) {
      const result = decodeAndDecompressVariant(reader);
      if (result instanceof GdnetError) throw result;
      values.push(result.value);
    }
    expect(values).toEqual([true, -2, "hi", 100000]);
  });

  it("refuses an int outside int64 and names the argument", () => {
    expect(() => encodeAndCompressVariant(new ByteWriter(), 2n ** 64n, undefined, "args[0]")).toThrow(
      /Cannot encode args\[0\] for Godot 4/,
    );
    expect(() => encodeAndCompressVariant(new ByteWriter(), 2 ** 60)).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_PARAMETER" }),
    );
  });
});

describe("malformed compressed Variants", () => {
  it("refuses empty input", () => {
    expect(decompressError("").code).toBe("ERR_INVALID_DATA");
  });

  it("refuses a type at or past VARIANT_MAX in the low 6 bits", () => {
    expect(decompressError("27").message).toContain("unknown type id 39");
    expect(decompressError("3F").code).toBe("ERR_INVALID_DATA");
  });

  it("refuses a truncated int in every mode", () => {
    for (const hex of ["02", "42 01", "82 01 02 03", "C2 01 02 03 04 05 06 07"]) {
      expect(decompressError(hex).code).toBe("ERR_INVALID_DATA");
    }
  });

  it("refuses mode bits on a type that is not compressed, as the plain decoder sees an unknown type", () => {
    expect(decompressError("44 00 00 00 00 00 00 00").code).toBe("ERR_INVALID_DATA");
  });

  it("reads a bool from bit 7 alone, ignoring the other mode bit like Godot", () => {
    expect(decompress("41").value).toBe(false);
    expect(decompress("C1").value).toBe(true);
  });
});

describe("typed containers in compressed RPC arguments", () => {
  it("keep their header bits and type info, and decode to a TypedArray again", () => {
    const writer = new ByteWriter();
    encodeAndCompressVariant(writer, new TypedArray(VariantType4.INT, [5]));
    const hex = "1C 00 01 00 02 00 00 00 01 00 00 00 02 00 00 00 05 00 00 00";
    expect(toHex(writer.finish())).toBe(hex);
    const result = decodeAndDecompressVariant(new ByteReader(fromHex(hex)));
    expect(result instanceof GdnetError ? result : result.value).toBeInstanceOf(TypedArray);
  });
});
