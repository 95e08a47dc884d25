import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader } from "../../src/variant/byte-reader.js";
import { decodeAndDecompressVariant } from "../../src/variant/compressed-variant.js";
import { AABB, Color, Plane, Quaternion, Rect2, Rect2i } from "../../src/variant/geometry.js";
import { GodotObject } from "../../src/variant/godot-object.js";
import { Callable, ObjectId, RID, Signal } from "../../src/variant/handles.js";
import { NodePath, StringName } from "../../src/variant/names.js";
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from "../../src/variant/packed-arrays.js";
import { Basis, Projection, Transform2D, Transform3D } from "../../src/variant/transforms.js";
import type { VariantCodecOptions } from "../../src/variant/variant-codec-options.js";
import type { Variant } from "../../src/variant/variant-value.js";
import { bytes2var, decodeVariant3, var2bytes } from "../../src/variant/variant3.js";
import { bytesToVar, decodeVariant4, varToBytes } from "../../src/variant/variant4.js";
import { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "../../src/variant/vectors.js";
import { fromHex } from "./hex.js";

const SHARED_SAMPLES: Variant[] = [
  null,
  true,
  7,
  2n ** 40n,
  0.1,
  1.5,
  "héllo",
  new Vector2(1, 2),
  new Rect2(new Vector2(1, 2), new Vector2(3, 4)),
  new Vector3(1, 2, 3),
  new Transform2D(),
  new Plane(new Vector3(0, 1, 0), 2),
  new Quaternion(),
  new AABB(new Vector3(), new Vector3(1, 1, 1)),
  new Basis(),
  new Transform3D(),
  new Color(1, 0, 0, 1),
  NodePath.parse("/root/A:b"),
  new RID(),
  new ObjectId(5n),
  new GodotObject("Node", [["name", "n"]]),
  new Map<Variant, Variant>([["k", [1, "v"]]]),
  [1, [2, "x"], new Map()],
  new Uint8Array([1, 2, 3, 4, 5]),
  new Int32Array([1, -1]),
  new Float32Array([0.5]),
  new PackedStringArray(["a", "bcd"]),
  new PackedVector2Array([new Vector2(1, 2)]),
  new PackedVector3Array([new Vector3(1, 2, 3)]),
  new PackedColorArray([new Color()]),
];

const GODOT4_ONLY: Variant[] = [
  new Vector2i(1, 2),
  new Rect2i(new Vector2i(1, 2), new Vector2i(3, 4)),
  new Vector3i(1, 2, 3),
  new Vector4(1, 2, 3, 4),
  new Vector4i(1, 2, 3, 4),
  new Projection(),
  new StringName("sn"),
  new Callable(),
  new Signal(3n, "sig"),
  new BigInt64Array([1n]),
  new Float64Array([0.1]),
  new PackedVector4Array([new Vector4()]),
];

const ALLOW: VariantCodecOptions = { allowObjects: true };

interface Codec {
  readonly name: string;
  readonly encode: (value: unknown, options?: VariantCodecOptions) => Uint8Array;
  readonly decode: (bytes: Uint8Array, options?: VariantCodecOptions) => Variant | GdnetError;
  readonly samples: readonly Variant[];
  readonly maxTypeId: number;
  readonly arrayType: number;
  readonly dictionaryType: number;
}

const CODECS: readonly Codec[] = [
  {
    name: "Godot 4",
    encode: varToBytes,
    decode: bytesToVar,
    samples: [...SHARED_SAMPLES, ...GODOT4_ONLY],
    maxTypeId: 38,
    arrayType: 0x1c,
    dictionaryType: 0x1b,
  },
  {
    name: "Godot 3",
    encode: var2bytes,
    decode: bytes2var,
    samples: SHARED_SAMPLES,
    maxTypeId: 26,
    arrayType: 0x13,
    dictionaryType: 0x12,
  },
];

function expectInvalid(result: Variant | GdnetError, code = "ERR_INVALID_DATA"): GdnetError {
  expect(result).toBeInstanceOf(GdnetError);
  expect((result as GdnetError).code).toBe(code);
  return result as GdnetError;
}

function nestedArrays(arrayType: number, levels: number): Uint8Array {
  const bytes = new Uint8Array(levels * 8 + 4);
  for (let i = 0; i < levels; i++) {
    bytes[i * 8] = arrayType;
    bytes[i * 8 + 4] = 1;
  }
  return bytes;
}

describe.each(CODECS)("$name decoder on malformed input", (codec) => {
  it("returns ERR_INVALID_DATA for every truncation of every sample", () => {
    let checked = 0;
    for (const sample of codec.samples) {
      const bytes = codec.encode(sample, ALLOW);
      for (let cut = 0; cut < bytes.length; cut++) {
        expectInvalid(codec.decode(bytes.subarray(0, cut), ALLOW));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("returns ERR_INVALID_DATA for every truncation of one value holding all samples", () => {
    const bytes = codec.encode([...codec.samples], ALLOW);
    for (let cut = 0; cut < bytes.length; cut++) expectInvalid(codec.decode(bytes.subarray(0, cut), ALLOW));
    expect(codec.decode(bytes, ALLOW)).toBeInstanceOf(Array);
  });

  it("refuses every unknown type id", () => {
    for (let id = codec.maxTypeId + 1; id < 256; id++) {
      const error = expectInvalid(codec.decode(new Uint8Array([id, 0, 0, 0, 0, 0, 0, 0])));
      expect(error.message).toContain(`unknown type id ${id}`);
    }
  });

  it("refuses nesting deeper than maxDepth (default 1024, Godot's MAX_RECURSION_DEPTH)", () => {
    expect(codec.decode(nestedArrays(codec.arrayType, 1024))).toBeInstanceOf(Array);
    expect(expectInvalid(codec.decode(nestedArrays(codec.arrayType, 1025))).message).toContain("maxDepth (1024)");
    expect(codec.decode(nestedArrays(codec.arrayType, 3), { maxDepth: 3 })).toEqual([[[null]]]);
    expectInvalid(codec.decode(nestedArrays(codec.arrayType, 4), { maxDepth: 3 }));
  });

  it("encodes nesting up to maxDepth and refuses one level more", () => {
    let value: unknown = null;
    for (let i = 0; i < 1024; i++) value = [value];
    expect(codec.encode(value)).toEqual(nestedArrays(codec.arrayType, 1024));
    expect(() => codec.encode([value])).toThrow(/maxDepth \(1024\)/);
  });

  it("counts Dictionary keys and values as one level deeper", () => {
    const bytes = new Uint8Array([codec.dictionaryType, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(codec.decode(bytes, { maxDepth: 1 })).toEqual(new Map([[null, null]]));
    expectInvalid(codec.decode(bytes, { maxDepth: 0 }));
  });

  it("returns an error instead of overflowing the stack when maxDepth is set absurdly high", () => {
    const result = codec.decode(nestedArrays(codec.arrayType, 200_000), { maxDepth: 1e9 });
    expectInvalid(result);
  });

  it("rejects a length or count of 2^31 - 1 or 2^32 - 1 before allocating anything", () => {
    const started = performance.now();
    const countedTypes =
      codec.name === "Godot 4"
        ? [4, 21, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38]
        : [4, 18, 19, 20, 21, 22, 23, 24, 25, 26];
    for (const type of countedTypes) {
      for (const count of ["FF FF FF 7F", "FF FF FF FF", "00 00 01 00"]) {
        const error = expectInvalid(codec.decode(fromHex(`${type.toString(16).padStart(2, "0")} 00 00 00 ${count} 00 00 00 00`)));
        expect(error.message).toMatch(/count|String|needs/);
      }
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("rejects huge NodePath name and subname counts", () => {
    const id = codec.name === "Godot 4" ? "16" : "0F";
    expectInvalid(codec.decode(fromHex(`${id} 00 00 00 FF FF FF FF 00 00 00 00 00 00 00 00`)));
    expectInvalid(codec.decode(fromHex(`${id} 00 00 00 00 00 00 80 FF FF FF FF 02 00 00 00`)));
  });

  it("rejects a huge property count in a full object", () => {
    const id = codec.name === "Godot 4" ? "18" : "11";
    expectInvalid(codec.decode(fromHex(`${id} 00 00 00 01 00 00 00 41 00 00 00 FF FF FF 7F`), ALLOW));
  });

  it("applies maxLength to strings and element counts", () => {
    const text = codec.encode("abcdef");
    expect(codec.decode(text, { maxLength: 6 })).toBe("abcdef");
    expect(expectInvalid(codec.decode(text, { maxLength: 5 })).message).toContain("maxLength 5");
    const list = codec.encode([1, 2, 3]);
    expect(codec.decode(list, { maxLength: 3 })).toEqual([1, 2, 3]);
    expectInvalid(codec.decode(list, { maxLength: 2 }));
    expectInvalid(codec.decode(codec.encode(new Uint8Array(10)), { maxLength: 9 }));
  });

  it("requires the zero padding after a byte array", () => {
    const bytes = codec.encode(new Uint8Array([1]));
    expect(bytes.length).toBe(12);
    expectInvalid(codec.decode(bytes.subarray(0, 9)));
  });

  it("leaves the reader where it was after a failure", () => {
    const bytes = new Uint8Array([0xff, ...codec.encode("abc").subarray(0, 7)]);
    const reader = new ByteReader(bytes, 1);
    const decode = codec.name === "Godot 4" ? decodeVariant4 : decodeVariant3;
    expect(decode(reader)).toBeInstanceOf(GdnetError);
    expect(reader.offset).toBe(1);
  });

  it("never throws on random mutations of valid encodings", () => {
    let seed = 0x9e3779b9;
    const random = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const valid = codec.samples.map((sample) => codec.encode(sample, ALLOW));
    let errors = 0;
    for (let round = 0; round < 3000; round++) {
      const source = valid[random(valid.length)] as Uint8Array;
      const bytes = source.slice(0, random(source.length + 1));
      for (let flips = random(4); flips >= 0 && bytes.length > 0; flips--) bytes[random(bytes.length)] = random(256);
      const options = random(2) === 0 ? ALLOW : undefined;
      const result = codec.decode(bytes, options);
      if (result instanceof GdnetError) errors++;
      if (codec.name === "Godot 4") decodeAndDecompressVariant(new ByteReader(bytes), options);
    }
    expect(errors).toBeGreaterThan(1000);
  });
});
