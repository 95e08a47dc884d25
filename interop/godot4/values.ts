// The test values both Godot 4.6 and gdnet build: project/values.gd's list, and the same values built
// with gdnet's JS classes under the same labels, with what comparing their bytes has to allow for.
// Shared by the Variant oracle (variant.test.ts) and the RPC tests (multiplayer and WebRTC).
import {
  AABB,
  Basis,
  Callable,
  Color,
  GdFloat,
  NodePath,
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
  Plane,
  Projection,
  Quaternion,
  Rect2,
  Rect2i,
  StringName,
  Transform2D,
  Transform3D,
  TypedArray,
  TypedDictionary,
  VariantType4,
  Vector2,
  Vector2i,
  Vector3,
  Vector3i,
  Vector4,
  Vector4i,
} from "gdnet";

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/**
 * The same values as values.gd's values(), built with gdnet's JS classes (the labels
 * match). Values with no JS construction of their own (a live RID, an object id, a bound
 * Callable or Signal) are only checked in the Godot -> gdnet -> Godot direction.
 */
export const JS_VALUES: Record<string, () => unknown> = {
  nil: () => null,
  bool_true: () => true,
  bool_false: () => false,
  int_0: () => 0,
  int_1: () => 1,
  int_neg1: () => -1,
  int_i32_max: () => 2147483647,
  int_i32_min: () => -2147483648,
  int_i32_max_plus1: () => 2147483648,
  int_i32_min_minus1: () => -2147483649,
  int_2p53: () => 9007199254740992n,
  int_2p53_plus1: () => 9007199254740993n,
  int_i64_max: () => 9223372036854775807n,
  int_i64_min: () => -9223372036854775808n,
  float_2: () => new GdFloat(2),
  float_0: () => new GdFloat(0),
  float_neg0: () => -0,
  float_half: () => 0.5,
  float_third: () => 1 / 3,
  float_0_1: () => 0.1,
  float_1e20: () => 1e20,
  float_2p53: () => new GdFloat(2 ** 53),
  float_max: () => Number.MAX_VALUE,
  float_min_subnormal: () => Number.MIN_VALUE,
  float_f32_max: () => new GdFloat(3.4028234663852886e38),
  float_inf: () => Number.POSITIVE_INFINITY,
  float_neg_inf: () => Number.NEGATIVE_INFINITY,
  float_nan: () => Number.NaN,
  string_empty: () => "",
  string_ascii: () => "hello",
  string_len3: () => "abc",
  string_len4: () => "abcd",
  string_unicode: () => "héllo wörld ✓ 日本語 🎮",
  vector2: () => new Vector2(1.5, -2.25),
  vector2_integral: () => new Vector2(1, 2),
  vector2_fractions: () => new Vector2(0.1, 0.2),
  vector2i: () => new Vector2i(1, -2147483648),
  vector3: () => new Vector3(0.5, 1e10, -3),
  vector3i: () => new Vector3i(7, -8, 2147483647),
  vector4: () => new Vector4(0.25, -0.5, 1e-3, 4),
  vector4i: () => new Vector4i(1, 2, 3, -4),
  rect2: () => new Rect2(new Vector2(1, 2), new Vector2(3.5, 4.5)),
  rect2i: () => new Rect2i(new Vector2i(-1, -2), new Vector2i(3, 4)),
  transform2d: () => new Transform2D(new Vector2(1, 2), new Vector2(3, 4), new Vector2(5.5, 6.5)),
  plane: () => new Plane(new Vector3(0, 1, 0), 2.5),
  quaternion: () => new Quaternion(0.5, -0.5, 0.5, -0.5),
  quaternion_identity: () => new Quaternion(),
  aabb: () => new AABB(new Vector3(1, 2, 3), new Vector3(4, 5, 6)),
  basis: () => new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9)),
  transform3d: () =>
    new Transform3D(new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9)), new Vector3(10, 11, 12.5)),
  projection: () =>
    new Projection(new Vector4(1, 2, 3, 4), new Vector4(5, 6, 7, 8), new Vector4(9, 10, 11, 12), new Vector4(13, 14, 15, 16.5)),
  color: () => new Color(0.25, 0.5, 0.75, 1),
  color_transparent: () => new Color(1, 0, 0, 0),
  string_name: () => new StringName("a_name"),
  string_name_empty: () => new StringName(""),
  string_name_unicode: () => new StringName("ñame ✓"),
  node_path_absolute: () => NodePath.parse("/root/Main:position:x"),
  node_path_relative: () => NodePath.parse("a/b"),
  node_path_subnames_only: () => NodePath.parse(":x"),
  node_path_empty: () => NodePath.parse(""),
  node_path_unicode: () => NodePath.parse("ñ/ü:é"),
  callable_empty: () => new Callable(),
  dictionary: () =>
    new Map<unknown, unknown>([
      ["a", 1],
      [2, "b"],
      [new Vector2(1, 2), [3]],
      [null, new GdFloat(2)],
    ]),
  dictionary_empty: () => new Map(),
  dictionary_typed: () =>
    new TypedDictionary(VariantType4.STRING, VariantType4.INT, [
      ["hp", 10],
      ["mp", -1],
    ]),
  dictionary_typed_key: () =>
    new TypedDictionary<number, unknown>(VariantType4.INT, VariantType4.NIL, [
      [1, "one"],
      [2, [2]],
    ]),
  dictionary_typed_floats: () => new TypedDictionary(VariantType4.STRING_NAME, VariantType4.FLOAT, [[new StringName("x"), 2]]),
  array: () => [1, "two", 3.5, null, [4], new Map([["k", new GdFloat(2)]])],
  array_empty: () => [],
  array_typed_int: () => new TypedArray(VariantType4.INT, [1, -2, 3]),
  array_typed_int_empty: () => new TypedArray(VariantType4.INT, []),
  array_typed_float: () => new TypedArray(VariantType4.FLOAT, [2, 0.5]),
  array_typed_string: () => new TypedArray(VariantType4.STRING, ["a", "héllo ✓"]),
  array_typed_vector2: () => new TypedArray(VariantType4.VECTOR2, [new Vector2(1, 2)]),
  array_typed_node: () => new TypedArray("Node", []),
  packed_byte: () => new Uint8Array([0, 1, 127, 128, 254, 255]),
  packed_byte_empty: () => new Uint8Array(),
  packed_byte_len5: () => new Uint8Array([1, 2, 3, 4, 5]),
  packed_int32: () => new Int32Array([0, -1, 2147483647, -2147483648]),
  packed_int64: () => new BigInt64Array([0n, -1n, 9223372036854775807n, -9223372036854775808n]),
  packed_float32: () => new Float32Array([0.5, -2, Number.POSITIVE_INFINITY, 1 / 3]),
  packed_float64: () => new Float64Array([1 / 3, -0, 1e300, 2]),
  packed_string: () => new PackedStringArray(["", "a", "héllo ✓", "abcd"]),
  packed_string_empty: () => new PackedStringArray(),
  packed_vector2: () => new PackedVector2Array([new Vector2(1, 2), new Vector2(-0.5, 1e5)]),
  packed_vector3: () => new PackedVector3Array([new Vector3(1, 2, 3)]),
  packed_color: () =>
    new PackedColorArray([
      new Color(Math.fround(0.1), Math.fround(0.2), Math.fround(0.3), Math.fround(0.4)),
      new Color(1, 1, 1, 1),
    ]),
  packed_vector4: () => new PackedVector4Array([new Vector4(1, 2, 3, 4.5)]),
  nested: () => [
    new Map([["k", [new Vector3(1, 2, 3), new Uint8Array([1]), new Map([[new StringName("n"), NodePath.parse("x")]])]]]),
    [[[]]],
  ],
};

/**
 * True when `gdnet` differs from `godot` only in padding bytes, which gdnet zeroes: Godot 4.6 (as
 * 3.2 did) does not write the padding after a NodePath's names (encode_variant only skips it), so
 * its bytes carry leftovers of its buffer there. A padding byte is never at a 4-aligned offset, and
 * it and every byte up to the next 4-aligned offset are zero on gdnet's side.
 */
export function differsOnlyInPadding(godot: Uint8Array, gdnet: Uint8Array): boolean {
  if (godot.length !== gdnet.length) return false;
  for (let i = 0; i < godot.length; i++) {
    if (godot[i] === gdnet[i]) continue;
    if (i % 4 === 0) return false;
    for (let j = i; j % 4 !== 0; j++) if (gdnet[j] !== 0) return false;
  }
  return true;
}

export const sameBytes = (godot: Uint8Array, gdnet: Uint8Array | undefined): boolean =>
  gdnet !== undefined && (hex(godot) === hex(gdnet) || differsOnlyInPadding(godot, gdnet));

/** Values whose NodePath padding Godot fills with leftovers: its own re-encoding differs from what it read. */
export const WITH_NODE_PATHS = [
  "node_path_absolute",
  "node_path_relative",
  "node_path_subnames_only",
  "node_path_unicode",
  "nested",
];

/**
 * Where Godot itself does not give back what it was sent, whoever sent it (so not gdnet's doing):
 * label -> why. Checked to still be true, so the list cannot go stale.
 */
export const GODOT_OWN_DIFFERENCES: Record<string, string> = {
  float_nan: "NaN == NaN is false in Godot too; the bytes do come back the same",
  object_as_id: "Godot decodes an object id to an EncodedObjectAsID and re-encodes that object as its own id",
  callable: 'a Callable carries nothing on the wire: Godot itself decodes Callable(self, "start") as Callable()',
  array_typed_node:
    "without allow_objects Godot reads a class-typed Array as Array[EncodedObjectAsID], so it is not Array[Node] any more",
};
