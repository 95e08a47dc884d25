import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader } from "../../src/variant/byte-reader.js";
import { ByteWriter } from "../../src/variant/byte-writer.js";
import { GdFloat } from "../../src/variant/gd-float.js";
import { AABB, Color, Plane, Quat, Quaternion, Rect2, Rect2i } from "../../src/variant/geometry.js";
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
import { Basis, Projection, Transform, Transform2D } from "../../src/variant/transforms.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { VariantType3, type VariantType3Name } from "../../src/variant/variant-type.js";
import type { Variant } from "../../src/variant/variant-value.js";
import { bytes2var, decodeVariant3, encodeVariant3, var2bytes } from "../../src/variant/variant3.js";
import { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "../../src/variant/vectors.js";
import { f32Hex, fromHex, toHex } from "./hex.js";

function decoded(bytes: Uint8Array, options?: Parameters<typeof bytes2var>[1]): Variant {
  const value = bytes2var(bytes, options);
  if (value instanceof GdnetError) throw new Error(`unexpected decode error: ${value.message}`);
  return value;
}

function decodeError(bytes: Uint8Array, options?: Parameters<typeof bytes2var>[1]): GdnetError {
  const value = bytes2var(bytes, options);
  if (!(value instanceof GdnetError)) throw new Error(`expected a decode error, got ${String(value)}`);
  return value;
}

function encodeError(value: unknown): GdnetError {
  try {
    var2bytes(value);
  } catch (error) {
    if (error instanceof GdnetError) return error;
    throw error;
  }
  throw new Error("expected encoding to throw");
}

describe("Godot 3 encode_variant golden bytes (godot-protocols.md §3.6)", () => {
  it.each<[string, unknown, string]>([
    ["int 5", 5, "02 00 00 00 05 00 00 00"],
    ['"hi"', "hi", "04 00 00 00 02 00 00 00 68 69 00 00"],
    ["1.5 as f32", 1.5, "03 00 00 00 00 00 C0 3F"],
    ["0.1 as f64 with flag 64", 0.1, "03 00 01 00 9A 99 99 99 99 99 B9 3F"],
    ["2^40 as i64 with flag 64", 2 ** 40, "02 00 01 00 00 00 00 00 00 01 00 00"],
    [
      'NodePath "Game/Sub" (relative)',
      NodePath.parse("Game/Sub"),
      "0F 00 00 00 | 02 00 00 80 00 00 00 00 00 00 00 00 04 00 00 00 47 61 6D 65 03 00 00 00 53 75 62 00",
    ],
    [
      'PoolStringArray ["a", "bcd"]',
      new PackedStringArray(["a", "bcd"]),
      "17 00 00 00 02 00 00 00 02 00 00 00 61 00 00 00 04 00 00 00 62 63 64 00",
    ],
    ["the REMOTE_CALL example argument int 7 (§3.3)", 7, "02 00 00 00 07 00 00 00"],
  ])("encodes %s", (_name, value, hex) => {
    expect(toHex(var2bytes(value))).toBe(toHex(fromHex(hex)));
    expect(variantEquals(decoded(fromHex(hex)), value)).toBe(true);
  });

  it("decodes the argument inside the §3.3 REMOTE_CALL packet", () => {
    const packet = fromHex("00 01 00 00 00 66 6F 6F 00 01 02 00 00 00 07 00 00 00");
    const reader = new ByteReader(packet, 10);
    expect(decodeVariant3(reader)).toEqual({ value: 7, length: 8 });
  });
});

const ROUND_TRIPS: [VariantType3Name, Variant][] = [
  ["NIL", null],
  ["BOOL", true],
  ["INT", -5],
  ["INT", 2n ** 62n],
  ["REAL", -2.75],
  ["STRING", "Ünïcödé 🎮"],
  ["VECTOR2", new Vector2(1.5, 2.5)],
  ["RECT2", new Rect2(new Vector2(1, 2), new Vector2(3, 4))],
  ["VECTOR3", new Vector3(1, 2, 3)],
  ["TRANSFORM2D", new Transform2D(new Vector2(2, 0), new Vector2(0, 2), new Vector2(5, 6))],
  ["PLANE", new Plane(new Vector3(1, 0, 0), 2)],
  ["QUAT", new Quat(0, 0, 0.5, 0.5)],
  ["AABB", new AABB(new Vector3(1, 2, 3), new Vector3(4, 5, 6))],
  ["BASIS", new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9))],
  ["TRANSFORM", new Transform(new Basis(), new Vector3(7, 8, 9))],
  ["COLOR", new Color(0.5, 0.25, 1, 1)],
  ["NODE_PATH", NodePath.parse("/root/Main:modulate:a")],
  ["_RID", new RID()],
  ["OBJECT", new ObjectId(1234n)],
  [
    "DICTIONARY",
    new Map<Variant, Variant>([
      ["hp", 10],
      [1, new Vector2(1, 1)],
    ]),
  ],
  ["ARRAY", [1, [2, ["three"]], new Map()]],
  ["POOL_BYTE_ARRAY", new Uint8Array([1, 2, 3, 4, 5])],
  ["POOL_INT_ARRAY", new Int32Array([-1, 0, 1])],
  ["POOL_REAL_ARRAY", new Float32Array([0.5, -1.5])],
  ["POOL_STRING_ARRAY", new PackedStringArray(["x", "yz", ""])],
  ["POOL_VECTOR2_ARRAY", new PackedVector2Array([new Vector2(1, 2)])],
  ["POOL_VECTOR3_ARRAY", new PackedVector3Array([new Vector3(1, 2, 3), new Vector3()])],
  ["POOL_COLOR_ARRAY", new PackedColorArray([new Color(1, 1, 1, 1)])],
];

describe("Godot 3 round trips", () => {
  it("covers every type id of the Godot 3 table", () => {
    const covered = new Set(ROUND_TRIPS.map(([kind]) => kind));
    expect([...covered].sort()).toEqual(Object.keys(VariantType3).sort());
  });

  it.each(ROUND_TRIPS)("round-trips a %s with its Godot 3 type id", (kind, value) => {
    const bytes = var2bytes(value);
    expect(bytes[0]).toBe(VariantType3[kind]);
    expect(bytes.length % 4).toBe(0);
    const back = decoded(bytes);
    expect(variantEquals(back, value)).toBe(true);
    expect(toHex(var2bytes(back))).toBe(toHex(bytes));
  });

  it("maps Quat and Transform to the Godot 4 classes", () => {
    expect(decoded(var2bytes(new Quaternion(1, 0, 0, 0)))).toBeInstanceOf(Quat);
    expect(toHex(var2bytes(new Quaternion(1, 2, 3, 4)))).toBe(`0A 00 00 00 ${f32Hex(1, 2, 3, 4)}`);
  });
});

describe("Godot 3 differences from Godot 4", () => {
  it.each<[string, unknown]>([
    ["Vector2i", new Vector2i(1, 2)],
    ["Vector3i", new Vector3i()],
    ["Vector4", new Vector4()],
    ["Vector4i", new Vector4i()],
    ["Rect2i", new Rect2i()],
    ["Projection", new Projection()],
    ["StringName", new StringName("x")],
    ["Callable", new Callable()],
    ["Signal", new Signal(1n, "s")],
    ["BigInt64Array", new BigInt64Array(1)],
    ["Float64Array", new Float64Array(1)],
    ["PackedVector4Array", new PackedVector4Array()],
  ])("refuses to encode a %s, which Godot 3 lacks", (name, value) => {
    const error = encodeError(value);
    expect(error.code).toBe("ERR_INVALID_PARAMETER");
    expect(error.message).toContain(`a ${name}`);
    expect(error.message).toContain("does not exist in Godot 3");
  });

  it("names the path of a Godot 4-only value inside a container", () => {
    expect(() => encodeVariant3(new ByteWriter(), [{ pos: new Vector2i() }], undefined, "args")).toThrow(
      "Cannot encode args[0].pos for Godot 3: a Vector2i (VECTOR2I) does not exist in Godot 3.",
    );
  });

  it("sends an RID as the header alone and decodes it as RID 0", () => {
    expect(toHex(var2bytes(new RID(99n)))).toBe("10 00 00 00");
    expect(decoded(fromHex("10 00 00 00"))).toEqual(new RID());
  });

  it("reads math types as f32 even when header bit 16 is set", () => {
    expect(decoded(fromHex(`05 00 01 00 ${f32Hex(1, 2)}`))).toEqual(new Vector2(1, 2));
  });

  it("reads the Array count right after the header (no typed-container info in 3.x)", () => {
    expect(decoded(fromHex("13 00 01 00 01 00 00 00 02 00 00 00 05 00 00 00"))).toEqual([5]);
  });

  it("always writes f32 reals, whatever the precision option", () => {
    expect(toHex(var2bytes(new Vector2(1, 2), { precision: "double" }))).toBe(`05 00 00 00 ${f32Hex(1, 2)}`);
    expect(toHex(var2bytes(new GdFloat(2)))).toBe("03 00 00 00 00 00 00 40");
  });

  it("refuses type ids past 26 and the old NodePath format", () => {
    expect(decodeError(fromHex("1B 00 00 00 00 00 00 00")).message).toContain("unknown type id 27");
    expect(decodeError(fromHex("0F 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00")).message).toContain("old format");
  });

  it("decodes objects sent as ids, and full objects only with allowObjects", () => {
    expect(decoded(fromHex("11 00 01 00 07 00 00 00 00 00 00 00"))).toEqual(new ObjectId(7n));
    const full = fromHex("11 00 00 00 | 09 00 00 00 52 65 66 65 72 65 6E 63 65 00 00 00 | 00 00 00 00");
    expect(decodeError(full).code).toBe("ERR_UNAUTHORIZED");
    expect(decoded(full, { allowObjects: true })).toEqual(new GodotObject("Reference"));
  });

  it("refuses a string with invalid UTF-8, as Godot 3.2 does", () => {
    expect(decodeError(fromHex("04 00 00 00 02 00 00 00 C3 28 00 00")).code).toBe("ERR_INVALID_DATA");
  });
});
