import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { GdFloat } from "../../src/variant/gd-float.js";
import { AABB, Color, Plane, Quat, Quaternion, Rect2, Rect2i } from "../../src/variant/geometry.js";
import { GodotObject } from "../../src/variant/godot-object.js";
import { Callable, ObjectId, RID, Signal } from "../../src/variant/handles.js";
import { NodePath, StringName } from "../../src/variant/names.js";
import { PackedColorArray, PackedStringArray, PackedVector2Array, PackedVector3Array } from "../../src/variant/packed-arrays.js";
import { Basis, Projection, Transform, Transform2D, Transform3D } from "../../src/variant/transforms.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "../../src/variant/vectors.js";

describe("NodePath.parse and toString, as Godot's NodePath(String)", () => {
  it.each<[string, string[], string[], boolean, string]>([
    ["Game/Player:position", ["Game", "Player"], ["position"], false, "Game/Player:position"],
    ["Game/Player:position:x", ["Game", "Player"], ["position", "x"], false, "Game/Player:position:x"],
    ["/root/Game", ["root", "Game"], [], true, "/root/Game"],
    ["a//b/", ["a", "b"], [], false, "a/b"],
    [":x:y", [], ["x", "y"], false, ":x:y"],
    ["a:", ["a"], [], false, "a"],
    ["../Sibling", ["..", "Sibling"], [], false, "../Sibling"],
    [".", ["."], [], false, "."],
    ["/", [], [], true, "/"],
    ["", [], [], false, ""],
  ])("parses %j", (text, names, subnames, absolute, printed) => {
    const path = NodePath.parse(text);
    expect(path.names).toEqual(names);
    expect(path.subnames).toEqual(subnames);
    expect(path.absolute).toBe(absolute);
    expect(path.toString()).toBe(printed);
  });

  it("refuses an empty subname that is not at the end", () => {
    expect(() => NodePath.parse("a::b")).toThrow(GdnetError);
    expect(() => NodePath.parse("a::")).toThrow(expect.objectContaining({ code: "ERR_INVALID_PARAMETER" }));
  });

  it("is empty only without names, subnames and leading slash", () => {
    expect(NodePath.parse("").isEmpty()).toBe(true);
    expect(new NodePath().isEmpty()).toBe(true);
    expect(NodePath.parse("/").isEmpty()).toBe(false);
    expect(NodePath.parse(":a").isEmpty()).toBe(false);
  });

  it("compares names, subnames and absoluteness", () => {
    expect(NodePath.parse("a/b:c").equals(new NodePath(["a", "b"], ["c"]))).toBe(true);
    expect(NodePath.parse("/a").equals(NodePath.parse("a"))).toBe(false);
    expect(NodePath.parse("a:b").equals(NodePath.parse("a/b"))).toBe(false);
  });

  it("keeps its own frozen copy of the name lists", () => {
    const names = ["a"];
    const path = new NodePath(names);
    names.push("b");
    expect(path.names).toEqual(["a"]);
    expect(Object.isFrozen(path.names)).toBe(true);
  });
});

describe("value classes", () => {
  it("default to Godot's zero or identity values", () => {
    expect(new Vector2()).toEqual({ x: 0, y: 0 });
    expect(new Color()).toEqual({ r: 0, g: 0, b: 0, a: 1 });
    expect(new Quaternion()).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    expect(new Basis().equals(new Basis(new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)))).toBe(true);
    expect(new Transform2D().origin).toEqual(new Vector2());
    expect(new Projection().w).toEqual(new Vector4(0, 0, 0, 1));
  });

  it("compare component-wise, with NaN equal to NaN and 0 equal to -0", () => {
    expect(new Vector2(Number.NaN, 0).equals(new Vector2(Number.NaN, -0))).toBe(true);
    expect(new Vector3(1, 2, 3).equals(new Vector3(1, 2, 4))).toBe(false);
    expect(new Vector2(1, 2).equals(new Vector2i(1, 2))).toBe(false);
    expect(new Rect2(new Vector2(1, 1)).equals(new Rect2(new Vector2(1, 1)))).toBe(true);
    expect(new Plane(new Vector3(), 1).equals(new Plane(new Vector3(), 2))).toBe(false);
    expect(new AABB().equals(new AABB())).toBe(true);
    expect(new Transform3D().equals(new Transform3D(new Basis(), new Vector3(0, 0, 1)))).toBe(false);
    expect(new Color(1, 1, 1).equals(new Color(1, 1, 1, 1))).toBe(true);
    expect(new GdFloat(Number.NaN).equals(new GdFloat(Number.NaN))).toBe(true);
  });

  it("refuse integer components that are not int32", () => {
    expect(() => new Vector2i(1.5, 0)).toThrow(expect.objectContaining({ code: "ERR_INVALID_PARAMETER" }));
    expect(() => new Vector3i(0, 2 ** 31, 0)).toThrow(/Vector3i\.y must be a 32-bit integer/);
    expect(() => new Vector4i(0, 0, 0, Number.NaN)).toThrow(GdnetError);
    expect(Object.is(new Vector2i(-0, 0).x, 0)).toBe(true);
    expect(new Rect2i(new Vector2i(1, 2), new Vector2i(3, 4)).equals(new Rect2i(new Vector2i(1, 2), new Vector2i(3, 4)))).toBe(
      true,
    );
  });

  it("take 64-bit ids as bigints or safe integers and refuse anything else", () => {
    expect(new RID(5).id).toBe(5n);
    expect(new ObjectId(2n ** 64n - 1n).id).toBe(2n ** 64n - 1n);
    expect(() => new ObjectId(2n ** 64n)).toThrow(GdnetError);
    expect(() => new RID(-1)).toThrow(GdnetError);
    expect(() => new Signal(1.5, "x")).toThrow(GdnetError);
    expect(new Signal(1, "x").equals(new Signal(1n, "x"))).toBe(true);
    expect(new Callable().equals(new Callable())).toBe(true);
  });

  it("give Godot 3 names to Quaternion and Transform3D", () => {
    expect(Quat).toBe(Quaternion);
    expect(Transform).toBe(Transform3D);
    expect(new Quat(0, 0, 0, 1)).toBeInstanceOf(Quaternion);
  });

  it("compare StringName by value, and never equal to a plain string", () => {
    expect(new StringName("a").equals(new StringName("a"))).toBe(true);
    expect(new StringName("a").equals("a")).toBe(false);
    expect(`${new StringName("ab")}`).toBe("ab");
  });
});

describe("packed-array wrappers", () => {
  it("hold a frozen copy and iterate their values", () => {
    const source = [new Vector2(1, 2)];
    const packed = new PackedVector2Array(source);
    source.push(new Vector2());
    expect(packed.length).toBe(1);
    expect([...packed]).toEqual([new Vector2(1, 2)]);
    expect(Object.isFrozen(packed.values)).toBe(true);
  });

  it("are equal only to the same wrapper type with equal elements", () => {
    expect(new PackedStringArray(["a"]).equals(new PackedStringArray(["a"]))).toBe(true);
    expect(new PackedStringArray(["a"]).equals(new PackedStringArray(["a", "b"]))).toBe(false);
    expect(new PackedVector3Array([new Vector3()]).equals(new PackedVector3Array([new Vector3()]))).toBe(true);
    expect(new PackedColorArray([]).equals(new PackedVector2Array([]))).toBe(false);
  });
});

describe("GodotObject", () => {
  it("compares class name and properties deeply", () => {
    const a = new GodotObject("Node", [["list", [1, new Vector2(1, 2)]]]);
    expect(a.equals(new GodotObject("Node", [["list", [1, new Vector2(1, 2)]]]))).toBe(true);
    expect(a.equals(new GodotObject("Node2D", [["list", [1, new Vector2(1, 2)]]]))).toBe(false);
    expect(a.equals(new GodotObject("Node", [["list", [1]]]))).toBe(false);
    expect(a.equals(new GodotObject("Node", [["other", [1, new Vector2(1, 2)]]]))).toBe(false);
  });
});

describe("variantEquals", () => {
  it("treats an int as equal whether it is a number or a bigint", () => {
    expect(variantEquals(5, 5n)).toBe(true);
    expect(variantEquals(5n, 5)).toBe(true);
    expect(variantEquals(5.5, 5n)).toBe(false);
    expect(variantEquals(2n ** 60n, 2n ** 60n)).toBe(true);
  });

  it("compares floats with NaN equal to itself and a GdFloat equal to its number", () => {
    expect(variantEquals(Number.NaN, Number.NaN)).toBe(true);
    expect(variantEquals(new GdFloat(2), 2)).toBe(true);
    expect(variantEquals(1, "1")).toBe(false);
  });

  it("compares Maps regardless of order, also with object keys", () => {
    const a = new Map<unknown, unknown>([
      [new Vector2(1, 2), "v"],
      ["k", 1],
    ]);
    const b = new Map<unknown, unknown>([
      ["k", 1],
      [new Vector2(1, 2), "v"],
    ]);
    expect(variantEquals(a, b)).toBe(true);
    expect(variantEquals(a, new Map([["k", 1]]))).toBe(false);
    expect(
      variantEquals(
        a,
        new Map<unknown, unknown>([
          ["k", 1],
          [new Vector2(1, 3), "v"],
        ]),
      ),
    ).toBe(false);
  });

  it("compares typed arrays by type and elements", () => {
    expect(variantEquals(new Float32Array([Number.NaN]), new Float32Array([Number.NaN]))).toBe(true);
    expect(variantEquals(new Int32Array([1]), new Float32Array([1]))).toBe(false);
    expect(variantEquals(new BigInt64Array([1n]), new BigInt64Array([2n]))).toBe(false);
    expect(variantEquals([new Uint8Array([1])], [new Uint8Array([1])])).toBe(true);
  });

  it("is false for null against anything else", () => {
    expect(variantEquals(null, undefined)).toBe(false);
    expect(variantEquals(null, [])).toBe(false);
    expect(variantEquals(null, null)).toBe(true);
  });
});
