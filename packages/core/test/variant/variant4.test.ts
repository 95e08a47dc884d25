import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader } from "../../src/variant/byte-reader.js";
import { ByteWriter } from "../../src/variant/byte-writer.js";
import { GdFloat } from "../../src/variant/gd-float.js";
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
import { TypedArray, TypedDictionary } from "../../src/variant/typed-containers.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { VariantType4, type VariantType4Name } from "../../src/variant/variant-type.js";
import type { Variant } from "../../src/variant/variant-value.js";
import { bytesToVar, decodeVariant4, encodeVariant4, varToBytes } from "../../src/variant/variant4.js";
import { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "../../src/variant/vectors.js";
import { f32Hex, f64Hex, fromHex, toHex, u32Hex } from "./hex.js";

const INT64_FROM_ENGINE_TESTS = BigInt.asIntN(64, 0xf123456789abcdefn);

function decoded(bytes: Uint8Array, options?: Parameters<typeof bytesToVar>[1]): Variant {
  const value = bytesToVar(bytes, options);
  if (value instanceof GdnetError) throw new Error(`unexpected decode error: ${value.message}`);
  return value;
}

function decodeError(bytes: Uint8Array, options?: Parameters<typeof bytesToVar>[1]): GdnetError {
  const value = bytesToVar(bytes, options);
  if (!(value instanceof GdnetError)) throw new Error(`expected a decode error, got ${String(value)}`);
  return value;
}

function encodeError(value: unknown, options?: Parameters<typeof varToBytes>[1]): GdnetError {
  try {
    varToBytes(value, options);
  } catch (error) {
    if (error instanceof GdnetError) return error;
    throw error;
  }
  throw new Error("expected encoding to throw");
}

describe("Godot 4 encode_variant golden bytes (godot-protocols.md §3.6 layouts, 4.x ids)", () => {
  it.each<[string, unknown, string]>([
    ["int 5", 5, "02 00 00 00 05 00 00 00"],
    ['"hi"', "hi", "04 00 00 00 02 00 00 00 68 69 00 00"],
    ["1.5 as f32", 1.5, "03 00 00 00 00 00 C0 3F"],
    ["0.1 as f64 with flag 64", 0.1, "03 00 01 00 9A 99 99 99 99 99 B9 3F"],
    ["2^40 as i64 with flag 64", 2 ** 40, "02 00 01 00 00 00 00 00 00 01 00 00"],
    [
      'NodePath "Game/Sub" with type 22',
      NodePath.parse("Game/Sub"),
      "16 00 00 00 | 02 00 00 80 00 00 00 00 00 00 00 00 04 00 00 00 47 61 6D 65 03 00 00 00 53 75 62 00",
    ],
    [
      'PackedStringArray ["a", "bcd"] (length + 1 and a NUL per element)',
      new PackedStringArray(["a", "bcd"]),
      "22 00 00 00 02 00 00 00 02 00 00 00 61 00 00 00 04 00 00 00 62 63 64 00",
    ],
    ["the RPC example argument int 7", 7, "02 00 00 00 07 00 00 00"],
  ])("encodes %s", (_name, value, hex) => {
    expect(toHex(varToBytes(value))).toBe(toHex(fromHex(hex)));
    expect(variantEquals(decoded(fromHex(hex)), value)).toBe(true);
  });
});

describe("Godot 4 engine test vectors (tests/core/io/test_marshalls.h)", () => {
  it("encodes nil as four zero bytes", () => {
    expect(toHex(varToBytes(null))).toBe("00 00 00 00");
    expect(toHex(varToBytes(undefined))).toBe("00 00 00 00");
  });

  it("encodes a 32-bit int little-endian", () => {
    expect(toHex(varToBytes(0x12345678))).toBe("02 00 00 00 78 56 34 12");
  });

  it("encodes a 64-bit int with HEADER_DATA_FLAG_64 and decodes it to a bigint", () => {
    const hex = "02 00 01 00 EF CD AB 89 67 45 23 F1";
    expect(toHex(varToBytes(INT64_FROM_ENGINE_TESTS))).toBe(hex);
    expect(decoded(fromHex(hex))).toBe(INT64_FROM_ENGINE_TESTS);
  });

  it("encodes a float that fits f32 in 4 bytes and one that does not in 8", () => {
    expect(toHex(varToBytes(0.15625))).toBe("03 00 00 00 00 00 20 3E");
    expect(toHex(varToBytes(1 / 3))).toBe("03 00 01 00 55 55 55 55 55 55 D5 3F");
  });

  it("refuses fewer than 4 bytes and a type id past VARIANT_MAX", () => {
    expect(decodeError(fromHex("00")).code).toBe("ERR_INVALID_DATA");
    expect(decodeError(fromHex("FF 00 00 00")).code).toBe("ERR_INVALID_DATA");
  });
});

describe("Godot 4 typed containers (typed-containers.test.ts has the rest)", () => {
  it("decodes a typed Array with its element type, taking every byte", () => {
    const bytes = fromHex("1C 00 01 00 | 02 00 00 00 | 01 00 00 00 | 02 00 01 00 EF CD AB 89 67 45 23 F1");
    expect(bytes.length).toBe(24);
    const value = decoded(bytes);
    expect(value).toBeInstanceOf(TypedArray);
    expect([...(value as TypedArray)]).toEqual([INT64_FROM_ENGINE_TESTS]);
    const result = decodeVariant4(new ByteReader(bytes));
    expect(result instanceof GdnetError ? result : result.length).toBe(24);
    expect(toHex(varToBytes(value))).toBe(toHex(bytes));
  });

  it("decodes a typed Dictionary with its key and value types", () => {
    const bytes = fromHex(
      "1B 00 05 00 | 02 00 00 00 | 02 00 00 00 | 01 00 00 00 | 02 00 01 00 EF CD AB 89 67 45 23 F1 02 00 01 00 EF CD AB 89 67 45 23 F1",
    );
    expect(bytes.length).toBe(40);
    const value = decoded(bytes);
    expect(value).toBeInstanceOf(TypedDictionary);
    expect([...(value as TypedDictionary)]).toEqual([[INT64_FROM_ENGINE_TESTS, INT64_FROM_ENGINE_TESTS]]);
    expect(toHex(varToBytes(value))).toBe(toHex(bytes));
  });

  it("writes untyped containers, byte-identical to Godot 4.0–4.2", () => {
    expect(toHex(varToBytes([INT64_FROM_ENGINE_TESTS]))).toBe(
      toHex(fromHex("1C 00 00 00 | 01 00 00 00 | 02 00 01 00 EF CD AB 89 67 45 23 F1")),
    );
    expect(toHex(varToBytes([5]))).toBe("1C 00 00 00 01 00 00 00 02 00 00 00 05 00 00 00");
  });

  it("refuses a builtin element type past VARIANT_MAX", () => {
    const error = decodeError(fromHex("1C 00 01 00 | 27 00 00 00 | 00 00 00 00"));
    expect(error.code).toBe("ERR_INVALID_DATA");
    expect(error.message).toContain("element type 39");
  });
});

describe("Godot 4 math type layouts", () => {
  it("writes Vector2, Vector2i, Rect2i and Vector4i component by component", () => {
    expect(toHex(varToBytes(new Vector2(1, 2)))).toBe(`05 00 00 00 ${f32Hex(1, 2)}`);
    expect(toHex(varToBytes(new Vector2i(1, -1)))).toBe("06 00 00 00 01 00 00 00 FF FF FF FF");
    expect(toHex(varToBytes(new Rect2i(new Vector2i(1, 2), new Vector2i(3, 4))))).toBe(`08 00 00 00 ${u32Hex(1, 2, 3, 4)}`);
    expect(toHex(varToBytes(new Vector4i(1, 2, 3, -4)))).toBe(`0D 00 00 00 ${u32Hex(1, 2, 3, -4)}`);
  });

  it("writes Basis row by row although its fields are the columns", () => {
    const basis = new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9));
    expect(toHex(varToBytes(basis))).toBe(`11 00 00 00 ${f32Hex(1, 4, 7, 2, 5, 8, 3, 6, 9)}`);
    const transform = new Transform3D(basis, new Vector3(10, 11, 12));
    expect(toHex(varToBytes(transform))).toBe(`12 00 00 00 ${f32Hex(1, 4, 7, 2, 5, 8, 3, 6, 9, 10, 11, 12)}`);
  });

  it("writes Transform2D and Projection column by column", () => {
    const t = new Transform2D(new Vector2(1, 2), new Vector2(3, 4), new Vector2(5, 6));
    expect(toHex(varToBytes(t))).toBe(`0B 00 00 00 ${f32Hex(1, 2, 3, 4, 5, 6)}`);
    const columns = [0, 1, 2, 3].map((c) => new Vector4(c * 4 + 1, c * 4 + 2, c * 4 + 3, c * 4 + 4));
    const p = new Projection(columns[0], columns[1], columns[2], columns[3]);
    expect(toHex(varToBytes(p))).toBe(`13 00 00 00 ${f32Hex(...Array.from({ length: 16 }, (_, i) => i + 1))}`);
  });

  it("writes Plane as normal then d, Quaternion as x y z w, AABB as position then size", () => {
    expect(toHex(varToBytes(new Plane(new Vector3(1, 2, 3), 4)))).toBe(`0E 00 00 00 ${f32Hex(1, 2, 3, 4)}`);
    expect(toHex(varToBytes(new Quaternion(1, 2, 3, 4)))).toBe(`0F 00 00 00 ${f32Hex(1, 2, 3, 4)}`);
    expect(toHex(varToBytes(new AABB(new Vector3(1, 2, 3), new Vector3(4, 5, 6))))).toBe(
      `10 00 00 00 ${f32Hex(1, 2, 3, 4, 5, 6)}`,
    );
  });

  it("stores reals as f32, rounding values that need more", () => {
    const value = decoded(varToBytes(new Vector2(0.1, 0.2))) as Vector2;
    expect(value.x).toBe(Math.fround(0.1));
    expect(value.y).toBe(Math.fround(0.2));
  });

  it('writes f64 reals with flag 64 under precision: "double", but Color stays f32', () => {
    const options = { precision: "double" } as const;
    expect(toHex(varToBytes(new Vector2(0.1, 0.2), options))).toBe(`05 00 01 00 ${f64Hex(0.1, 0.2)}`);
    expect(decoded(varToBytes(new Vector2(0.1, 0.2), options))).toEqual(new Vector2(0.1, 0.2));
    expect(toHex(varToBytes(new Color(0.5, 0.25, 1, 1), options))).toBe(`14 00 00 00 ${f32Hex(0.5, 0.25, 1, 1)}`);
    const packed = varToBytes(new PackedVector3Array([new Vector3(0.1, 0.2, 0.3)]), options);
    expect(toHex(packed)).toBe(`24 00 01 00 01 00 00 00 ${f64Hex(0.1, 0.2, 0.3)}`);
    expect(decoded(packed)).toEqual(new PackedVector3Array([new Vector3(0.1, 0.2, 0.3)]));
  });

  it("decodes every real-based type written by a double-precision build", () => {
    const values: Variant[] = [
      new Vector2(0.1, 0.2),
      new Rect2(new Vector2(0.1, 0.2), new Vector2(0.3, 0.4)),
      new Vector3(0.1, 0.2, 0.3),
      new Transform2D(new Vector2(0.1, 0), new Vector2(0, 0.1), new Vector2(1e100, -1e-100)),
      new Vector4(0.1, 0.2, 0.3, 0.4),
      new Plane(new Vector3(0.1, 0.2, 0.3), 0.4),
      new Quaternion(0.1, 0.2, 0.3, 0.4),
      new AABB(new Vector3(0.1, 0.2, 0.3), new Vector3(0.4, 0.5, 0.6)),
      new Basis(new Vector3(0.1, 0, 0), new Vector3(0, 0.2, 0), new Vector3(0, 0, 0.3)),
      new Transform3D(new Basis(), new Vector3(0.1, 0.2, 0.3)),
      new Projection(new Vector4(0.1, 0, 0, 0)),
      new PackedVector2Array([new Vector2(0.1, 0.2)]),
      new PackedVector4Array([new Vector4(0.1, 0.2, 0.3, 0.4)]),
    ];
    for (const value of values) {
      const bytes = varToBytes(value, { precision: "double" });
      expect((bytes[2] as number) & 1).toBe(1);
      expect(variantEquals(decoded(bytes), value)).toBe(true);
    }
  });
});

describe("Godot 4 other layouts", () => {
  it("writes StringName like a String with type 21", () => {
    expect(toHex(varToBytes(new StringName("hi")))).toBe("15 00 00 00 02 00 00 00 68 69 00 00");
  });

  it("writes an absolute NodePath with subnames", () => {
    const hex = `16 00 00 00 | 02 00 00 80 | 02 00 00 00 | 01 00 00 00 | 04 00 00 00 72 6F 6F 74 | 04 00 00 00 47 61 6D 65 | 08 00 00 00 ${toHex(new TextEncoder().encode("position"))} | 01 00 00 00 78 00 00 00`;
    expect(toHex(varToBytes(NodePath.parse("/root/Game:position:x")))).toBe(toHex(fromHex(hex)));
    expect(decoded(fromHex(hex))?.toString()).toBe("/root/Game:position:x");
  });

  it("adds a subname for the obsolete NodePath property flag (bit 1)", () => {
    const path = decoded(
      fromHex("16 00 00 00 | 01 00 00 80 | 00 00 00 00 | 02 00 00 00 | 01 00 00 00 61 00 00 00 | 01 00 00 00 62 00 00 00"),
    );
    expect(path).toEqual(new NodePath(["a"], ["b"]));
  });

  it("refuses a NodePath in the old format (bit 31 clear)", () => {
    const error = decodeError(fromHex("16 00 00 00 | 01 00 00 00 | 00 00 00 00 | 00 00 00 00 | 01 00 00 00 61 00 00 00"));
    expect(error.code).toBe("ERR_INVALID_DATA");
    expect(error.message).toContain("old format");
  });

  it("writes RID as its u64 id, Callable as the header alone, Signal as name then object id", () => {
    expect(toHex(varToBytes(new RID(0x0102030405060708n)))).toBe("17 00 00 00 08 07 06 05 04 03 02 01");
    expect(toHex(varToBytes(new Callable()))).toBe("19 00 00 00");
    expect(toHex(varToBytes(new Signal(5n, "hit")))).toBe("1A 00 00 00 03 00 00 00 68 69 74 00 05 00 00 00 00 00 00 00");
  });

  it("writes an ObjectId with ENCODE_FLAG_OBJECT_AS_ID and decodes id 0 to null", () => {
    expect(toHex(varToBytes(new ObjectId(42n)))).toBe("18 00 01 00 2A 00 00 00 00 00 00 00");
    expect(decoded(fromHex("18 00 01 00 2A 00 00 00 00 00 00 00"))).toEqual(new ObjectId(42n));
    expect(decoded(fromHex("18 00 01 00 00 00 00 00 00 00 00 00"))).toBeNull();
  });

  it("refuses a full Object with ERR_UNAUTHORIZED unless allowObjects", () => {
    const bytes = fromHex(
      "18 00 00 00 | 04 00 00 00 4E 6F 64 65 | 01 00 00 00 | 01 00 00 00 61 00 00 00 | 02 00 00 00 07 00 00 00",
    );
    expect(decodeError(bytes).code).toBe("ERR_UNAUTHORIZED");
    expect(decoded(bytes, { allowObjects: true })).toEqual(new GodotObject("Node", [["a", 7]]));
    expect(decoded(fromHex("18 00 00 00 00 00 00 00"), { allowObjects: true })).toBeNull();
  });

  it("sends a GodotObject in full only with allowObjects", () => {
    const object = new GodotObject("Resource", [["name", "x"]]);
    expect(encodeError(object).message).toContain("allowObjects");
    const bytes = varToBytes(object, { allowObjects: true });
    expect(toHex(bytes.subarray(0, 4))).toBe("18 00 00 00");
    expect(variantEquals(decoded(bytes, { allowObjects: true }), object)).toBe(true);
  });

  it("pads a PackedByteArray to 4 bytes and accepts ArrayBuffer, DataView and Uint8ClampedArray", () => {
    const hex = "1D 00 00 00 03 00 00 00 01 02 03 00";
    expect(toHex(varToBytes(new Uint8Array([1, 2, 3])))).toBe(hex);
    expect(toHex(varToBytes(new Uint8Array([1, 2, 3]).buffer))).toBe(hex);
    expect(toHex(varToBytes(new DataView(new Uint8Array([9, 1, 2, 3]).buffer, 1)))).toBe(hex);
    expect(toHex(varToBytes(new Uint8ClampedArray([1, 2, 3])))).toBe(hex);
    expect(decoded(fromHex(hex))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("encodes an empty Array and Dictionary as a zero count", () => {
    expect(toHex(varToBytes([]))).toBe("1C 00 00 00 00 00 00 00");
    expect(toHex(varToBytes(new Map()))).toBe("1B 00 00 00 00 00 00 00");
    expect(toHex(varToBytes({}))).toBe("1B 00 00 00 00 00 00 00");
  });

  it("masks the legacy shared bit (31) of Array and Dictionary counts", () => {
    expect(decoded(fromHex("1C 00 00 00 01 00 00 80 00 00 00 00"))).toEqual([null]);
    expect(decoded(fromHex("1B 00 00 00 00 00 00 80"))).toEqual(new Map());
  });

  it("ignores header byte 1, which Godot leaves unused", () => {
    expect(decoded(fromHex("02 7F 00 00 05 00 00 00"))).toBe(5);
  });
});

const ROUND_TRIPS: [VariantType4Name, Variant][] = [
  ["NIL", null],
  ["BOOL", true],
  ["BOOL", false],
  ["INT", 0],
  ["INT", -123456],
  ["FLOAT", 2.5],
  ["STRING", ""],
  ["STRING", "héllo wörld 🎮 日本語"],
  ["VECTOR2", new Vector2(1.5, -2.25)],
  ["VECTOR2I", new Vector2i(-3, 2147483647)],
  ["RECT2", new Rect2(new Vector2(1, 2), new Vector2(3.5, 4.5))],
  ["RECT2I", new Rect2i(new Vector2i(-1, -2), new Vector2i(30, 40))],
  ["VECTOR3", new Vector3(0.5, -0.25, 8)],
  ["VECTOR3I", new Vector3i(1, -2, -2147483648)],
  ["TRANSFORM2D", new Transform2D(new Vector2(0, 1), new Vector2(-1, 0), new Vector2(10, 20))],
  ["VECTOR4", new Vector4(1, 2, 3, 4)],
  ["VECTOR4I", new Vector4i(5, 6, 7, -8)],
  ["PLANE", new Plane(new Vector3(0, 1, 0), -5)],
  ["QUATERNION", new Quaternion(0, 0.5, 0, 0.75)],
  ["AABB", new AABB(new Vector3(-1, -1, -1), new Vector3(2, 2, 2))],
  ["BASIS", new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9))],
  ["TRANSFORM3D", new Transform3D(new Basis(), new Vector3(1, 2, 3))],
  [
    "PROJECTION",
    new Projection(new Vector4(2, 0, 0, 0), new Vector4(0, 2, 0, 0), new Vector4(0, 0, -1, -1), new Vector4(0, 0, -0.5, 0)),
  ],
  ["COLOR", new Color(1, 0.5, 0.25, 0.125)],
  ["STRING_NAME", new StringName("on_hit")],
  ["NODE_PATH", NodePath.parse("/root/Game/Player:position:x")],
  ["NODE_PATH", new NodePath()],
  ["RID", new RID(0xffff_ffff_ffff_ffffn)],
  ["OBJECT", new ObjectId(0x8000_0000_0000_0001n)],
  ["CALLABLE", new Callable()],
  ["SIGNAL", new Signal(77n, "died")],
  [
    "DICTIONARY",
    new Map<Variant, Variant>([
      ["a", 1],
      [2, [true, null]],
      [new Vector2(1, 2), new Map([["nested", "yes"]])],
    ]),
  ],
  ["ARRAY", [1, "two", 3.5, [4, [5, []]], new Map()]],
  ["PACKED_BYTE_ARRAY", new Uint8Array([0, 1, 254, 255, 7])],
  ["PACKED_INT32_ARRAY", new Int32Array([0, -1, 2147483647, -2147483648])],
  ["PACKED_INT64_ARRAY", new BigInt64Array([0n, -1n, 2n ** 63n - 1n, -(2n ** 63n)])],
  ["PACKED_FLOAT32_ARRAY", new Float32Array([0, -0.5, 1e30, Number.NaN])],
  ["PACKED_FLOAT64_ARRAY", new Float64Array([0.1, -1e300, Number.POSITIVE_INFINITY])],
  ["PACKED_STRING_ARRAY", new PackedStringArray(["", "a", "ab", "abc", "abcd", "ünï"])],
  ["PACKED_VECTOR2_ARRAY", new PackedVector2Array([new Vector2(1, 2), new Vector2(-3, 4)])],
  ["PACKED_VECTOR3_ARRAY", new PackedVector3Array([new Vector3(1, 2, 3)])],
  ["PACKED_COLOR_ARRAY", new PackedColorArray([new Color(1, 0, 0, 1), new Color(0, 0, 1, 0.5)])],
  ["PACKED_VECTOR4_ARRAY", new PackedVector4Array([new Vector4(1, 2, 3, 4)])],
];

describe("Godot 4 round trips", () => {
  it("covers every type id of the Godot 4 table", () => {
    const covered = new Set(ROUND_TRIPS.map(([kind]) => kind));
    expect([...covered].sort()).toEqual(Object.keys(VariantType4).sort());
  });

  it.each(ROUND_TRIPS)("round-trips a %s with its type id in the header", (kind, value) => {
    const bytes = varToBytes(value);
    expect(bytes[0]).toBe(VariantType4[kind]);
    expect(bytes.length % 4).toBe(0);
    const back = decoded(bytes);
    expect(variantEquals(back, value)).toBe(true);
    expect(toHex(varToBytes(back))).toBe(toHex(bytes));
  });

  it("reports the bytes consumed and leaves trailing bytes alone", () => {
    const writer = new ByteWriter();
    encodeVariant4(writer, "abc");
    encodeVariant4(writer, 9);
    const reader = new ByteReader(writer.finish());
    const first = decodeVariant4(reader);
    expect(first).toEqual({ value: "abc", length: 12 });
    expect(decodeVariant4(reader)).toEqual({ value: 9, length: 8 });
    expect(reader.remaining).toBe(0);
    expect(decoded(fromHex("02 00 00 00 05 00 00 00 FF FF"))).toBe(5);
  });
});

describe("Godot 4 int and float boundaries", () => {
  it.each<[string, number | bigint, string]>([
    ["int32 max", 2147483647, "02 00 00 00 FF FF FF 7F"],
    ["int32 min", -2147483648, "02 00 00 00 00 00 00 80"],
    ["int32 max + 1", 2147483648, "02 00 01 00 00 00 00 80 00 00 00 00"],
    ["int32 min - 1", -2147483649, "02 00 01 00 FF FF FF 7F FF FF FF FF"],
    ["a small bigint", 5n, "02 00 00 00 05 00 00 00"],
    ["int64 max", 2n ** 63n - 1n, "02 00 01 00 FF FF FF FF FF FF FF 7F"],
    ["int64 min", -(2n ** 63n), "02 00 01 00 00 00 00 00 00 00 00 80"],
  ])("encodes %s with the width Godot picks", (_name, value, hex) => {
    expect(toHex(varToBytes(value))).toBe(hex);
  });

  it("decodes ints to numbers when safe and to bigints beyond 2^53", () => {
    expect(decoded(varToBytes(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decoded(varToBytes(Number.MIN_SAFE_INTEGER))).toBe(Number.MIN_SAFE_INTEGER);
    expect(decoded(varToBytes(2n ** 53n))).toBe(2n ** 53n);
    expect(decoded(varToBytes(-(2n ** 53n)))).toBe(-(2n ** 53n));
    expect(decoded(fromHex("02 00 01 00 05 00 00 00 00 00 00 00"))).toBe(5);
  });

  it("refuses unsafe integral numbers and bigints outside int64", () => {
    expect(encodeError(2 ** 53).message).toMatch(/not a safe JS integer/);
    expect(encodeError(2n ** 63n).code).toBe("ERR_INVALID_PARAMETER");
    expect(encodeError(-(2n ** 63n) - 1n).code).toBe("ERR_INVALID_PARAMETER");
  });

  it.each<[string, number, string]>([
    ["-0 as an f32 float, not an int", -0, "03 00 00 00 00 00 00 80"],
    ["+Infinity as f32", Number.POSITIVE_INFINITY, "03 00 00 00 00 00 80 7F"],
    ["-Infinity as f32", Number.NEGATIVE_INFINITY, "03 00 00 00 00 00 80 FF"],
    ["a value just past f32 precision as f64", 1 + 2 ** -30, `03 00 01 00 ${f64Hex(1 + 2 ** -30)}`],
  ])("encodes %s", (_name, value, hex) => {
    expect(toHex(varToBytes(value))).toBe(hex);
    expect(Object.is(decoded(fromHex(hex)), value)).toBe(true);
  });

  it("sends the largest f32 as f32, wrapped in GdFloat or bare (past int64's range a number can only be a float)", () => {
    expect(toHex(varToBytes(new GdFloat(3.4028234663852886e38)))).toBe("03 00 00 00 FF FF 7F 7F");
    expect(toHex(varToBytes(3.4028234663852886e38))).toBe("03 00 00 00 FF FF 7F 7F");
    expect(decoded(varToBytes(1e20))).toBe(1e20);
  });

  it("refuses an integral number between 2^53 and 2^63 bare: it may be an INT that lost precision", () => {
    expect(encodeError(2 ** 60).message).toContain("GdFloat");
  });

  it("encodes NaN as f64, as Godot does (NaN != float(NaN))", () => {
    const bytes = varToBytes(Number.NaN);
    expect(toHex(bytes.subarray(0, 4))).toBe("03 00 01 00");
    expect(decoded(bytes)).toBeNaN();
  });

  it("sends an integral GdFloat as FLOAT and decodes it to a plain number", () => {
    expect(toHex(varToBytes(new GdFloat(5)))).toBe("03 00 00 00 00 00 A0 40");
    expect(decoded(varToBytes(new GdFloat(5)))).toBe(5);
    expect(toHex(varToBytes([new GdFloat(0.1)]))).toBe(`1C 00 00 00 01 00 00 00 03 00 01 00 ${f64Hex(0.1)}`);
  });
});

describe("Godot 4 containers and strings", () => {
  it("encodes a plain object as a Dictionary with String keys in key order", () => {
    const bytes = varToBytes({ b: 1, a: "x" });
    expect(toHex(bytes)).toBe(
      toHex(
        fromHex(
          "1B 00 00 00 02 00 00 00 | 04 00 00 00 01 00 00 00 62 00 00 00 02 00 00 00 01 00 00 00 | 04 00 00 00 01 00 00 00 61 00 00 00 04 00 00 00 01 00 00 00 78 00 00 00",
        ),
      ),
    );
    expect(decoded(bytes)).toEqual(
      new Map<Variant, Variant>([
        ["b", 1],
        ["a", "x"],
      ]),
    );
  });

  it("keeps Dictionary key types and insertion order through a Map", () => {
    const map = new Map<Variant, Variant>([
      [3, "int"],
      ["3", "string"],
      [new StringName("3"), "name"],
      [null, 0],
    ]);
    const back = decoded(varToBytes(map)) as Map<Variant, Variant>;
    expect([...back.values()]).toEqual(["int", "string", "name", 0]);
    expect([...back.keys()].slice(0, 2)).toEqual([3, "3"]);
    expect(back.size).toBe(4);
  });

  it("round-trips deeply nested mixed containers", () => {
    const value: Variant = [new Map<Variant, Variant>([["list", [1, [2, [3, new Map([["deep", new Vector3(1, 2, 3)]])]]]]])];
    expect(variantEquals(decoded(varToBytes(value)), value)).toBe(true);
  });

  it("encodes strings as UTF-8 with padding to 4 bytes", () => {
    expect(toHex(varToBytes("é"))).toBe("04 00 00 00 02 00 00 00 C3 A9 00 00");
    expect(toHex(varToBytes("abcd"))).toBe("04 00 00 00 04 00 00 00 61 62 63 64");
    expect(toHex(varToBytes("🎮"))).toBe("04 00 00 00 04 00 00 00 F0 9F 8E AE");
  });

  it("sends a lone surrogate as U+FFFD", () => {
    expect(toHex(varToBytes("\ud800"))).toBe("04 00 00 00 03 00 00 00 EF BF BD 00");
  });

  it("decodes a string up to its first NUL and without a leading BOM, like Godot's parse_utf8", () => {
    expect(decoded(fromHex("04 00 00 00 03 00 00 00 61 00 62 00"))).toBe("a");
    expect(decoded(fromHex("04 00 00 00 04 00 00 00 EF BB BF 61"))).toBe("a");
  });

  it("refuses a string that is not valid UTF-8", () => {
    expect(decodeError(fromHex("04 00 00 00 02 00 00 00 C0 80 00 00")).message).toContain("not valid UTF-8");
    expect(decodeError(fromHex("04 00 00 00 01 00 00 00 FF 00 00 00")).code).toBe("ERR_INVALID_DATA");
    expect(decodeError(fromHex("04 00 00 00 03 00 00 00 ED A0 80 00")).code).toBe("ERR_INVALID_DATA");
  });
});

describe("Godot 4 encoding errors", () => {
  it.each<[string, unknown, RegExp]>([
    ["a function", () => 0, /a function has no Godot equivalent/],
    ["a symbol", Symbol("x"), /a symbol has no Godot equivalent/],
    ["a Date", new Date(0), /a Date has no Godot equivalent/],
    ["a Set", new Set([1]), /a Set has no Godot equivalent/],
    ["an instance of another class", new (class Player {})(), /a Player has no Godot equivalent/],
    ["an Int16Array", new Int16Array(2), /an? Int16Array has no Godot equivalent/],
  ])("refuses %s with ERR_INVALID_PARAMETER", (_name, value, message) => {
    const error = encodeError(value);
    expect(error.code).toBe("ERR_INVALID_PARAMETER");
    expect(error.message).toMatch(message);
  });

  it("names the path of the bad value from the caller's root", () => {
    const writer = new ByteWriter();
    writer.u8(0xaa);
    expect(() => encodeVariant4(writer, [1, "x", { pos: () => 0 }], undefined, "args")).toThrow(/args\[2\]\.pos/);
    expect(writer.length).toBe(1);
    expect(encodeError(new Map([["a b", [Symbol()]]])).message).toContain('value["a b"][0]');
    expect(encodeError(new PackedVector2Array([new Vector2(), new Vector3() as unknown as Vector2])).message).toContain(
      "Cannot encode value[1] for Godot 4: this element must be a Vector2",
    );
  });

  it("refuses a cyclic structure", () => {
    const array: unknown[] = [1];
    array.push(array);
    expect(encodeError(array).message).toContain("cyclic");
    const shared = [1];
    expect(decoded(varToBytes([shared, shared]))).toEqual([[1], [1]]);
  });

  it("refuses nesting deeper than maxDepth, counting the outer value as depth 0", () => {
    let value: unknown = null;
    for (let i = 0; i < 3; i++) value = [value];
    expect(varToBytes(value, { maxDepth: 3 }).length).toBe(28);
    expect(encodeError(value, { maxDepth: 2 }).message).toContain("maxDepth (2)");
  });

  it("refuses a GodotObject without a class name", () => {
    expect(encodeError(new GodotObject(""), { allowObjects: true }).message).toContain("class name");
  });
});

describe("bytesToVar input", () => {
  it("accepts an ArrayBuffer and a subarray with an offset", () => {
    const bytes = fromHex("FF 02 00 00 00 05 00 00 00");
    expect(bytesToVar(bytes.buffer.slice(1))).toBe(5);
    expect(bytesToVar(bytes.subarray(1))).toBe(5);
  });

  it("throws ERR_TYPE only for something that is not bytes", () => {
    expect(() => bytesToVar("02000000" as unknown as Uint8Array)).toThrow(expect.objectContaining({ code: "ERR_TYPE" }));
  });
});
