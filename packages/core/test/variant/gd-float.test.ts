// GdFloat (gd-float.ts) and the `floats: "GdFloat"` decoding option (variant-codec-options.ts):
// a FLOAT keeps its type through decode and encode. Godot's `encode_variant` (core/io/marshalls.cpp)
// writes a FLOAT as f32 when `double(float(d)) == d` and as f64 with the 64-bit flag (header bit
// 16) otherwise, and so does gdnet, so the width follows from the value and a GdFloat needs no flag
// of its own to come back with the same bytes.

import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader } from "../../src/variant/byte-reader.js";
import { ByteWriter } from "../../src/variant/byte-writer.js";
import { decodeAndDecompressVariant, encodeAndCompressVariant } from "../../src/variant/compressed-variant.js";
import { GdFloat } from "../../src/variant/gd-float.js";
import type { TypedArray, TypedDictionary } from "../../src/variant/typed-containers.js";
import type { VariantCodecOptions } from "../../src/variant/variant-codec-options.js";
import type { Variant } from "../../src/variant/variant-value.js";
import { bytes2var, var2bytes } from "../../src/variant/variant3.js";
import { bytesToVar, varToBytes } from "../../src/variant/variant4.js";
import { f32Hex, f64Hex, fromHex, toHex } from "./hex.js";

const KEEP: VariantCodecOptions = { floats: "GdFloat" };

function decoded(hex: string, options?: VariantCodecOptions): Variant {
  const value = bytesToVar(fromHex(hex), options);
  if (value instanceof GdnetError) throw new Error(`unexpected decode error: ${value.message}`);
  return value;
}

describe('decoding with floats: "GdFloat"', () => {
  it("keeps Godot's FLOAT 2.0 a float: it decodes to GdFloat(2) and goes back as FLOAT f32", () => {
    const hex = "03 00 00 00 00 00 00 40";
    const value = decoded(hex, KEEP);
    expect(value).toEqual(new GdFloat(2));
    expect(toHex(varToBytes(value))).toBe(hex);
  });

  it("gives back an f64 FLOAT as f64 with the 64-bit flag, and an f32 one as f32", () => {
    for (const hex of [`03 00 01 00 ${f64Hex(0.1)}`, `03 00 00 00 ${f32Hex(0.5)}`, `03 00 01 00 ${f64Hex(2 ** 60 + 2 ** 8)}`]) {
      const value = decoded(hex, KEEP);
      expect(value).toBeInstanceOf(GdFloat);
      expect(toHex(varToBytes(value))).toBe(hex);
    }
  });

  it("re-encodes an f64 FLOAT that f32 can hold as f32, as Godot itself would write it", () => {
    // Godot never writes 2.0 as f64; gdnet sends the canonical form.
    expect(toHex(varToBytes(decoded(`03 00 01 00 ${f64Hex(2)}`, KEEP)))).toBe("03 00 00 00 00 00 00 40");
  });

  it("is off by default: FLOAT 2.0 decodes to the number 2, which goes back as INT", () => {
    const value = decoded("03 00 00 00 00 00 00 40");
    expect(value).toBe(2);
    expect(toHex(varToBytes(value))).toBe("02 00 00 00 02 00 00 00");
    expect(decoded("03 00 00 00 00 00 00 40", { floats: "number" })).toBe(2);
  });

  it("reaches FLOATs inside untyped containers, keys included", () => {
    const hex = "1C 00 00 00 | 01 00 00 00 | 1B 00 00 00 01 00 00 00 03 00 00 00 00 00 80 3F 03 00 00 00 00 00 00 40";
    const value = decoded(hex, KEEP) as Variant[];
    const map = value[0] as Map<Variant, Variant>;
    expect([...map]).toEqual([[new GdFloat(1), new GdFloat(2)]]);
    expect(toHex(varToBytes(value))).toBe(toHex(fromHex(hex)));
  });

  it("leaves the elements of a FLOAT-typed container plain numbers: the container type keeps them floats", () => {
    const hex = "1C 00 01 00 | 03 00 00 00 | 01 00 00 00 | 03 00 00 00 00 00 00 40";
    const array = decoded(hex, KEEP) as TypedArray;
    expect(array[0]).toBe(2);
    expect(toHex(varToBytes(array))).toBe(toHex(fromHex(hex)));
    const map = decoded(
      "1B 00 05 00 | 03 00 00 00 | 02 00 00 00 | 01 00 00 00 | 03 00 00 00 00 00 00 40 | 02 00 00 00 05 00 00 00",
      KEEP,
    ) as TypedDictionary;
    expect([...map]).toEqual([[2, 5]]);
    // The Variant-typed side of a half-typed Dictionary is untyped: the option applies there.
    const half = decoded("1B 00 01 00 | 02 00 00 00 | 01 00 00 00 | 02 00 00 00 01 00 00 00 | 03 00 00 00 00 00 00 40", KEEP);
    expect([...(half as TypedDictionary).values()]).toEqual([new GdFloat(2)]);
  });

  it("applies to Godot 3's REAL as well", () => {
    const value = bytes2var(fromHex("03 00 00 00 00 00 00 40"), KEEP);
    expect(value).toEqual(new GdFloat(2));
    expect(toHex(var2bytes(value))).toBe("03 00 00 00 00 00 00 40");
  });

  it("applies to compressed RPC arguments, whose FLOAT is the plain encoding", () => {
    const result = decodeAndDecompressVariant(new ByteReader(fromHex("03 00 00 00 00 00 00 40")), KEEP);
    expect(result instanceof GdnetError ? result : result.value).toEqual(new GdFloat(2));
    const writer = new ByteWriter();
    encodeAndCompressVariant(writer, new GdFloat(2));
    expect(toHex(writer.finish())).toBe("03 00 00 00 00 00 00 40");
  });
});

describe("GdFloat", () => {
  it("is sent as FLOAT whatever its value, f32 when it fits", () => {
    expect(toHex(varToBytes(new GdFloat(5)))).toBe(`03 00 00 00 ${f32Hex(5)}`);
    expect(toHex(varToBytes(new GdFloat(0.1)))).toBe(`03 00 01 00 ${f64Hex(0.1)}`);
  });

  it("equals another GdFloat of the same value, NaN included", () => {
    expect(new GdFloat(2).equals(new GdFloat(2))).toBe(true);
    expect(new GdFloat(Number.NaN).equals(new GdFloat(Number.NaN))).toBe(true);
    expect(new GdFloat(2).equals(2)).toBe(false);
  });
});
