// Typed Arrays and Dictionaries (typed-containers.ts) and their wire layout, from Godot 4.6's
// core/io/marshalls.cpp (`_encode_container_type`, `_decode_container_type`): the ARRAY header
// (type 28 = 0x1C) carries the element type's kind in bits 16-17, the DICTIONARY header (27 =
// 0x1B) the key's kind in bits 16-17 and the value's in bits 18-19 (1 builtin, 2 class name,
// 3 script path); the type info follows the header (u32 type, or a padded string), key before
// value, then the count and the elements as ordinary Variants.

import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { GdFloat } from "../../src/variant/gd-float.js";
import { GodotObject } from "../../src/variant/godot-object.js";
import { ObjectId } from "../../src/variant/handles.js";
import { StringName } from "../../src/variant/names.js";
import { ContainerType, TypedArray, TypedDictionary } from "../../src/variant/typed-containers.js";
import type { VariantCodecOptions } from "../../src/variant/variant-codec-options.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { VariantType4 } from "../../src/variant/variant-type.js";
import type { Variant } from "../../src/variant/variant-value.js";
import { var2bytes } from "../../src/variant/variant3.js";
import { bytesToVar, varToBytes } from "../../src/variant/variant4.js";
import { Vector2, Vector3 } from "../../src/variant/vectors.js";
import { f64Hex, fromHex, toHex } from "./hex.js";

const text = (value: string): string => toHex(new TextEncoder().encode(value));

function decoded(hex: string, options?: VariantCodecOptions): Variant {
  const value = bytesToVar(fromHex(hex), options);
  if (value instanceof GdnetError) throw new Error(`unexpected decode error: ${value.message}`);
  return value;
}

function decodeError(hex: string, options?: VariantCodecOptions): GdnetError {
  const value = bytesToVar(fromHex(hex), options);
  if (!(value instanceof GdnetError)) throw new Error(`expected a decode error, got ${String(value)}`);
  return value;
}

function encodeError(encode: () => unknown): GdnetError {
  try {
    encode();
  } catch (error) {
    if (error instanceof GdnetError) return error;
    throw error;
  }
  throw new Error("expected encoding to throw");
}

/** Decodes `hex` and encodes the result again: Godot's bytes must come back unchanged. */
function expectRoundTrip(hex: string, options?: VariantCodecOptions): Variant {
  const value = decoded(hex, options);
  expect(toHex(varToBytes(value, options))).toBe(toHex(fromHex(hex)));
  return value;
}

describe("Godot 4 typed container golden bytes", () => {
  it.each<[string, unknown, string]>([
    [
      // 1C 00 01 00: ARRAY with kind 1 (builtin) in bits 16-17; 02 00 00 00: element type INT;
      // 01 00 00 00: one element; 02 00 00 00 05 00 00 00: INT 5. The bytes Godot 4.6 sends for
      // the RPC argument of `func f(a: Array[int])` called with [5].
      "Array[int]([5])",
      new TypedArray(VariantType4.INT, [5]),
      "1C 00 01 00 | 02 00 00 00 | 01 00 00 00 | 02 00 00 00 05 00 00 00",
    ],
    [
      "Array[int]([1, 2, 3])",
      new TypedArray(VariantType4.INT, [1, 2, 3]),
      "1C 00 01 00 | 02 00 00 00 | 03 00 00 00 | 02 00 00 00 01 00 00 00 | 02 00 00 00 02 00 00 00 | 02 00 00 00 03 00 00 00",
    ],
    [
      // Element type FLOAT (03); 2 goes out as FLOAT 2.0 (f32 40000000), not as INT, and 3.5 as f32.
      "Array[float]([2.0, 3.5])",
      new TypedArray(VariantType4.FLOAT, [2, 3.5]),
      "1C 00 01 00 | 03 00 00 00 | 02 00 00 00 | 03 00 00 00 00 00 00 40 | 03 00 00 00 00 00 60 40",
    ],
    [
      // A float that f32 cannot hold goes out as f64 with the 64-bit flag, as everywhere.
      "Array[float]([0.1])",
      new TypedArray(VariantType4.FLOAT, [0.1]),
      `1C 00 01 00 | 03 00 00 00 | 01 00 00 00 | 03 00 01 00 ${f64Hex(0.1)}`,
    ],
    [
      // 1C 00 02 00: kind 2 (class name), then the padded string "Node"; objects go as ids (18 00 01 00).
      "Array[Node] of one object sent as id 5",
      new TypedArray("Node", [new ObjectId(5)]),
      `1C 00 02 00 | 04 00 00 00 ${text("Node")} | 01 00 00 00 | 18 00 01 00 05 00 00 00 00 00 00 00`,
    ],
    [
      // 1B 00 05 00: DICTIONARY, key kind 1 (bits 16-17) and value kind 1 (bits 18-19); key type
      // STRING (04), value type INT (02), one entry "hp" -> 10.
      'Dictionary[String, int]({"hp": 10})',
      new TypedDictionary(VariantType4.STRING, VariantType4.INT, [["hp", 10]]),
      `1B 00 05 00 | 04 00 00 00 | 02 00 00 00 | 01 00 00 00 | 04 00 00 00 02 00 00 00 ${text("hp")} 00 00 | 02 00 00 00 0A 00 00 00`,
    ],
    [
      // Only the value is typed: 1B 00 04 00 (value kind 1 in bits 18-19), no key type info.
      'Dictionary[Variant, String]({1: "v"})',
      new TypedDictionary(VariantType4.NIL, VariantType4.STRING, [[1, "v"]]),
      `1B 00 04 00 | 04 00 00 00 | 01 00 00 00 | 02 00 00 00 01 00 00 00 | 04 00 00 00 01 00 00 00 ${text("v")} 00 00 00`,
    ],
    [
      // Kind 3 (script path) in bits 16-17, then the path, padded: Godot writes it with full objects.
      'Array[Enemy] with Enemy at "res://enemy.gd", holding null',
      new TypedArray(ContainerType.ofScript("res://enemy.gd"), [null]),
      `1C 00 03 00 | 0E 00 00 00 ${text("res://enemy.gd")} 00 00 | 01 00 00 00 | 00 00 00 00`,
    ],
  ])("encodes %s, and decodes the bytes to an equal typed container", (_name, value, hex) => {
    expect(toHex(varToBytes(value, { allowObjects: true }))).toBe(toHex(fromHex(hex)));
    const back = decoded(hex, { allowObjects: true });
    expect(variantEquals(back, value)).toBe(true);
    expect(back?.constructor).toBe(value?.constructor);
  });

  it("writes a TypedArray of NIL (Godot's Array[Variant]) and a TypedDictionary of NIL to NIL untyped", () => {
    expect(toHex(varToBytes(new TypedArray(VariantType4.NIL, [5])))).toBe(toHex(varToBytes([5])));
    expect(toHex(varToBytes(new TypedDictionary(VariantType4.NIL, VariantType4.NIL, [["k", 1]])))).toBe(
      toHex(varToBytes(new Map([["k", 1]]))),
    );
  });

  it("types the elements of nested containers on their own: Dictionary[StringName, Array] of Array[int]", () => {
    const value = new TypedDictionary(VariantType4.STRING_NAME, VariantType4.ARRAY, [
      [new StringName("ids"), new TypedArray(VariantType4.INT, [7])],
    ]);
    const hex = toHex(varToBytes(value));
    expect(hex).toBe(
      toHex(
        fromHex(
          `1B 00 05 00 | 15 00 00 00 | 1C 00 00 00 | 01 00 00 00 | 15 00 00 00 03 00 00 00 ${text("ids")} 00 | 1C 00 01 00 02 00 00 00 01 00 00 00 02 00 00 00 07 00 00 00`,
        ),
      ),
    );
    const back = expectRoundTrip(hex);
    expect(back).toBeInstanceOf(TypedDictionary);
    expect([...(back as Map<Variant, Variant>).values()][0]).toBeInstanceOf(TypedArray);
  });
});

describe("Godot 4 typed containers decoded from Godot and encoded again", () => {
  it("gives back Array[int] byte for byte, as a TypedArray of INT", () => {
    const value = expectRoundTrip("1C 00 01 00 02 00 00 00 01 00 00 00 02 00 00 00 05 00 00 00");
    expect(value).toBeInstanceOf(TypedArray);
    expect((value as TypedArray).elementType.type).toBe(VariantType4.INT);
    expect([...(value as TypedArray)]).toEqual([5]);
  });

  it("gives back Array[float] with 2.0 as FLOAT, although the element decodes to the number 2", () => {
    const value = expectRoundTrip("1C 00 01 00 | 03 00 00 00 | 01 00 00 00 | 03 00 00 00 00 00 00 40");
    expect((value as TypedArray)[0]).toBe(2);
  });

  it("gives back an Array[Node] as Godot sends it without full objects: class name EncodedObjectAsID", () => {
    // Without allow_object_decoding Godot writes every class or script type as EncodedObjectAsID
    // (17 bytes, 3 of padding); gdnet keeps the name as sent.
    const value = expectRoundTrip(
      `1C 00 02 00 | 11 00 00 00 ${text("EncodedObjectAsID")} 00 00 00 | 02 00 00 00 | 18 00 01 00 2A 00 00 00 00 00 00 00 | 00 00 00 00`,
    );
    expect((value as TypedArray).elementType.className).toBe("EncodedObjectAsID");
    expect([...(value as TypedArray)]).toEqual([new ObjectId(42), null]);
  });

  it("gives back a script-typed Array with its path, and a script-typed Dictionary value", () => {
    const array = expectRoundTrip(`1C 00 03 00 | 0A 00 00 00 ${text("res://a.gd")} 00 00 | 01 00 00 00 | 00 00 00 00`);
    expect((array as TypedArray).elementType).toEqual(ContainerType.ofScript("res://a.gd"));
    const dictionary = expectRoundTrip(
      `1B 00 0D 00 | 04 00 00 00 | 0A 00 00 00 ${text("res://b.gd")} 00 00 | 01 00 00 00 | 04 00 00 00 01 00 00 00 ${text("k")} 00 00 00 | 18 00 01 00 07 00 00 00 00 00 00 00`,
    );
    expect((dictionary as TypedDictionary).keyType.type).toBe(VariantType4.STRING);
    expect((dictionary as TypedDictionary).valueType.script).toBe("res://b.gd");
  });

  it("gives back an Array[Node] of full objects when allowObjects is on", () => {
    const value = new TypedArray("Node", [new GodotObject("Node", [["name", "a"]])]);
    const hex = toHex(varToBytes(value, { allowObjects: true }));
    expect(variantEquals(expectRoundTrip(hex, { allowObjects: true }), value)).toBe(true);
    expect(decodeError(hex).code).toBe("ERR_UNAUTHORIZED");
  });

  it("gives back Dictionary[String, int], keys and values in order", () => {
    const hex = `1B 00 05 00 | 04 00 00 00 | 02 00 00 00 | 02 00 00 00 | 04 00 00 00 01 00 00 00 ${text("b")} 00 00 00 | 02 00 00 00 02 00 00 00 | 04 00 00 00 01 00 00 00 ${text("a")} 00 00 00 | 02 00 00 00 01 00 00 00`;
    const value = expectRoundTrip(hex);
    expect(value).toBeInstanceOf(TypedDictionary);
    expect([...(value as Map<Variant, Variant>)]).toEqual([
      ["b", 2],
      ["a", 1],
    ]);
  });

  it("decodes plain containers to plain Arrays and Maps, as before", () => {
    expect(decoded("1C 00 00 00 01 00 00 00 02 00 00 00 05 00 00 00")?.constructor).toBe(Array);
    expect(decoded("1B 00 00 00 00 00 00 00")?.constructor).toBe(Map);
  });

  it("decodes builtin type NIL as untyped, as Godot does, and re-encodes it without type info", () => {
    const value = decoded("1C 00 01 00 | 00 00 00 00 | 01 00 00 00 | 02 00 00 00 05 00 00 00");
    expect(value?.constructor).toBe(Array);
    expect(toHex(varToBytes(value))).toBe("1C 00 00 00 01 00 00 00 02 00 00 00 05 00 00 00");
    const map = decoded("1B 00 05 00 | 00 00 00 00 | 00 00 00 00 | 00 00 00 00");
    expect(map?.constructor).toBe(Map);
  });
});

describe("Godot 4 typed containers refuse elements of another type", () => {
  it.each<[string, () => unknown, string]>([
    ["a non-integral number in Array[int]", () => new TypedArray(VariantType4.INT, [1, 1.5]), "value[1]"],
    ["a string in Array[int]", () => new TypedArray(VariantType4.INT, ["1"]), "value[0]"],
    ["null in Array[int]", () => new TypedArray(VariantType4.INT, [null]), "value[0]"],
    ["a GdFloat in Array[int]", () => new TypedArray(VariantType4.INT, [new GdFloat(2)]), "value[0]"],
    ["a string in Array[float]", () => new TypedArray(VariantType4.FLOAT, ["2"]), "value[0]"],
    ["a number in Array[String]", () => new TypedArray(VariantType4.STRING, [1]), "value[0]"],
    ["a Vector3 in Array[Vector2]", () => new TypedArray(VariantType4.VECTOR2, [new Vector2(), new Vector3()]), "value[1]"],
    ["a number in Array[Node]", () => new TypedArray("Node", [5]), "value[0]"],
    ["a plain array in Array[Dictionary]", () => new TypedArray(VariantType4.DICTIONARY, [[]]), "value[0]"],
    [
      "an int key in Dictionary[String, int]",
      () => new TypedDictionary(VariantType4.STRING, VariantType4.INT, [[1, 1]]),
      "value.<key 0>",
    ],
    [
      "a string value in Dictionary[String, int]",
      () => new TypedDictionary(VariantType4.STRING, VariantType4.INT, [["hp", "10"]]),
      "value.hp",
    ],
  ])("fails to encode %s with ERR_INVALID_PARAMETER, naming the element", (_name, make, path) => {
    const error = encodeError(() => varToBytes(make()));
    expect(error.code).toBe("ERR_INVALID_PARAMETER");
    expect(error.message).toContain(`Cannot encode ${path} for Godot 4:`);
  });

  it("says what the element must be and what it got", () => {
    expect(encodeError(() => varToBytes(new TypedArray(VariantType4.INT, [1.5]))).message).toBe(
      "Cannot encode value[0] for Godot 4: an Array[INT] element must be of type INT, not 1.5 (FLOAT).",
    );
    expect(encodeError(() => varToBytes([new TypedArray(VariantType4.VECTOR2, [new Vector3()])])).message).toBe(
      "Cannot encode value[0][0] for Godot 4: an Array[VECTOR2] element must be of type VECTOR2, not a Vector3 (VECTOR3).",
    );
  });

  it("converts what Godot converts: ints into floats, strings and StringNames into each other, and takes null objects", () => {
    expect(toHex(varToBytes(new TypedArray(VariantType4.FLOAT, [1n, new GdFloat(2)])))).toBe(
      "1C 00 01 00 03 00 00 00 02 00 00 00 03 00 00 00 00 00 80 3F 03 00 00 00 00 00 00 40",
    );
    expect(toHex(varToBytes(new TypedArray(VariantType4.STRING_NAME, ["a"])))).toBe(
      `1C 00 01 00 15 00 00 00 01 00 00 00 15 00 00 00 01 00 00 00 ${text("a")} 00 00 00`,
    );
    expect(toHex(varToBytes(new TypedArray(VariantType4.STRING, [new StringName("a")])))).toBe(
      `1C 00 01 00 04 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 ${text("a")} 00 00 00`,
    );
    expect(toHex(varToBytes(new TypedArray("Node", [null, undefined])))).toBe(
      `1C 00 02 00 04 00 00 00 ${text("Node")} 02 00 00 00 00 00 00 00 00 00 00 00`,
    );
    // -0 is the integer 0 in an INT slot; a bigint is an INT.
    expect(toHex(varToBytes(new TypedArray(VariantType4.INT, [-0, 2n ** 40n])))).toBe(
      "1C 00 01 00 02 00 00 00 02 00 00 00 02 00 00 00 00 00 00 00 02 00 01 00 00 00 00 00 00 01 00 00",
    );
  });

  it("fails to decode an element Godot would refuse, with ERR_INVALID_DATA", () => {
    const error = decodeError(`1C 00 01 00 | 02 00 00 00 | 01 00 00 00 | 04 00 00 00 01 00 00 00 ${text("x")} 00 00 00`);
    expect(error.code).toBe("ERR_INVALID_DATA");
    expect(error.message).toContain("Array[INT] element at offset 12 is STRING, which a slot of type INT cannot hold.");
    const key = decodeError(
      "1B 00 05 00 | 04 00 00 00 | 02 00 00 00 | 01 00 00 00 | 02 00 00 00 01 00 00 00 | 02 00 00 00 01 00 00 00",
    );
    expect(key.message).toContain("Dictionary[STRING, INT] key at offset 16 is INT");
  });

  it("decodes what Godot converts: an INT in Array[float] (through f32), a String in Array[StringName], nil in Array[Node]", () => {
    // 16777217 = 2^24 + 1 has no f32: Godot's conversion gives 16777216.0.
    const floats = decoded("1C 00 01 00 | 03 00 00 00 | 01 00 00 00 | 02 00 00 00 01 00 00 01");
    expect([...(floats as TypedArray)]).toEqual([16777216]);
    expect(toHex(varToBytes(floats))).toBe("1C 00 01 00 03 00 00 00 01 00 00 00 03 00 00 00 00 00 80 4B");
    const names = decoded(`1C 00 01 00 | 15 00 00 00 | 01 00 00 00 | 04 00 00 00 01 00 00 00 ${text("a")} 00 00 00`);
    expect((names as TypedArray)[0]).toEqual(new StringName("a"));
    const nodes = decoded(`1C 00 02 00 | 04 00 00 00 ${text("Node")} | 01 00 00 00 | 00 00 00 00`);
    expect([...(nodes as TypedArray)]).toEqual([null]);
  });

  it("cannot be sent to Godot 3, which has no typed containers", () => {
    const error = encodeError(() => var2bytes(new TypedArray(VariantType4.INT, [1])));
    expect(error.code).toBe("ERR_INVALID_PARAMETER");
    expect(error.message).toContain("does not have (send a plain Array or Map)");
    expect(encodeError(() => var2bytes(new TypedDictionary(VariantType4.STRING, VariantType4.NIL))).code).toBe(
      "ERR_INVALID_PARAMETER",
    );
    // Untyped ones are plain containers.
    expect(toHex(var2bytes(new TypedArray(VariantType4.NIL, [1])))).toBe(toHex(var2bytes([1])));
  });
});

describe("TypedArray", () => {
  it("is an Array with an element type", () => {
    const array = new TypedArray(VariantType4.INT, [1, 2]);
    expect(Array.isArray(array)).toBe(true);
    expect(array.length).toBe(2);
    array.push(3);
    expect([...array]).toEqual([1, 2, 3]);
    expect(array.elementType.type).toBe(VariantType4.INT);
    expect(array.elementType.kind).toBe(1);
    expect(JSON.stringify(array)).toBe("[1,2,3]");
    expect(Object.keys(array)).toEqual(["0", "1", "2"]);
  });

  it("derives plain arrays from map, filter, slice and concat, which carry no element type", () => {
    const array = new TypedArray(VariantType4.INT, [1, 2, 3]);
    for (const derived of [array.map((x) => x * 2), array.filter((x) => x > 1), array.slice(1), array.concat([4])]) {
      expect(derived.constructor).toBe(Array);
      expect(derived).not.toBeInstanceOf(TypedArray);
    }
  });

  it("takes a type id, a class name or a ContainerType, and refuses anything else", () => {
    expect(new TypedArray("Node").elementType).toEqual(ContainerType.of("Node"));
    expect(new TypedArray("Node").elementType.type).toBe(VariantType4.OBJECT);
    expect(new TypedArray(ContainerType.ofScript("res://a.gd")).elementType.kind).toBe(3);
    for (const bad of [39, -1, 1.5]) {
      expect(encodeError(() => new TypedArray(bad as VariantType4)).code).toBe("ERR_INVALID_PARAMETER");
    }
    expect(encodeError(() => new TypedArray({} as VariantType4)).code).toBe("ERR_TYPE");
  });
});

describe("TypedDictionary", () => {
  it("is a Map with key and value types", () => {
    const map = new TypedDictionary(VariantType4.STRING, "Node", [["a", null]]);
    expect(map).toBeInstanceOf(Map);
    expect(map.get("a")).toBe(null);
    expect(map.keyType.toString()).toBe("STRING");
    expect(map.valueType.toString()).toBe("Node");
    expect(new TypedDictionary(VariantType4.NIL, VariantType4.NIL).keyType.toString()).toBe("Variant");
  });
});

describe("ContainerType", () => {
  it("compares type, class name and script path", () => {
    expect(ContainerType.of(VariantType4.INT).equals(ContainerType.of(VariantType4.INT))).toBe(true);
    expect(ContainerType.of(VariantType4.INT).equals(ContainerType.of(VariantType4.FLOAT))).toBe(false);
    expect(ContainerType.of("Node").equals(ContainerType.of(VariantType4.OBJECT))).toBe(false);
    expect(ContainerType.of("Node").equals(ContainerType.ofScript("Node"))).toBe(false);
    expect(ContainerType.of("Node").kind).toBe(2);
    expect(ContainerType.of(VariantType4.NIL).kind).toBe(0);
  });
});

describe("variantEquals on typed containers", () => {
  it("needs the same container types, with NIL-typed equal to untyped", () => {
    expect(variantEquals(new TypedArray(VariantType4.INT, [1]), new TypedArray(VariantType4.INT, [1]))).toBe(true);
    expect(variantEquals(new TypedArray(VariantType4.INT, [1]), [1])).toBe(false);
    expect(variantEquals([1], new TypedArray(VariantType4.INT, [1]))).toBe(false);
    expect(variantEquals(new TypedArray(VariantType4.INT, [1]), new TypedArray(VariantType4.FLOAT, [1]))).toBe(false);
    expect(variantEquals(new TypedArray(VariantType4.NIL, [1]), [1])).toBe(true);
    const a = new TypedDictionary(VariantType4.STRING, VariantType4.INT, [["a", 1]]);
    expect(variantEquals(a, new TypedDictionary(VariantType4.STRING, VariantType4.INT, [["a", 1]]))).toBe(true);
    expect(variantEquals(a, new TypedDictionary(VariantType4.STRING, VariantType4.NIL, [["a", 1]]))).toBe(false);
    expect(variantEquals(a, new Map([["a", 1]]))).toBe(false);
  });
});
