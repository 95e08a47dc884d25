extends RefCounted
# The values the Variant tests send, every Godot 4 type, labelled: the Variant oracle
# (scenarios/variant_oracle.gd) and the RPC scenarios (session_peer.gd) send these, and the tests
# build the same values with gdnet's classes under the same labels (interop/godot4/values.ts).
# `owner` is the node the live values come from (its viewport's RID, itself as an object id, a
# Callable and a Signal on it): a scenario passes itself, and has a start() method.
# Use: const Values = preload("res://values.gd"), then Values.values(self).


static func values(owner: Node) -> Array:
	var typed_ints: Array[int] = [1, -2, 3]
	var typed_floats: Array[float] = [2.0, 0.5]
	var typed_strings: Array[String] = ["a", "héllo ✓"]
	var typed_vectors: Array[Vector2] = [Vector2(1, 2)]
	var typed_nodes: Array[Node] = []
	var typed_empty_ints: Array[int] = []
	var typed_dict: Dictionary[String, int] = {"hp": 10, "mp": -1}
	var typed_key_dict: Dictionary[int, Variant] = {1: "one", 2: [2]}
	var typed_dict_floats: Dictionary[StringName, float] = {&"x": 2.0}
	var basis := Basis(Vector3(1, 2, 3), Vector3(4, 5, 6), Vector3(7, 8, 9))
	# Computed, not written as literals: GDScript reads "-0.0" as +0.0, "5e-324" as 0.0, and
	# "3.4028234663852886e38" one ulp off (its string-to-float conversion is not exact).
	var zero := 0.0
	var neg_zero := -zero
	var min_subnormal := pow(2.0, -1074.0)
	var f32_max := (2.0 - pow(2.0, -23.0)) * pow(2.0, 127.0)
	return [
		["nil", null],
		["bool_true", true],
		["bool_false", false],
		["int_0", 0],
		["int_1", 1],
		["int_neg1", -1],
		["int_i32_max", 2147483647],
		["int_i32_min", -2147483648],
		["int_i32_max_plus1", 2147483648],
		["int_i32_min_minus1", -2147483649],
		["int_2p53", 9007199254740992],
		["int_2p53_plus1", 9007199254740993],
		["int_i64_max", 9223372036854775807],
		["int_i64_min", -9223372036854775807 - 1],
		["float_2", 2.0],
		["float_0", 0.0],
		["float_neg0", neg_zero],
		["float_half", 0.5],
		["float_third", 1.0 / 3.0],
		["float_0_1", 0.1],
		["float_1e20", 1e20],
		["float_2p53", 9007199254740992.0],
		["float_max", 1.7976931348623157e308],
		["float_min_subnormal", min_subnormal],
		["float_f32_max", f32_max],
		["float_inf", INF],
		["float_neg_inf", -INF],
		["float_nan", NAN],
		["string_empty", ""],
		["string_ascii", "hello"],
		["string_len3", "abc"],
		["string_len4", "abcd"],
		["string_unicode", "héllo wörld ✓ 日本語 🎮"],
		["vector2", Vector2(1.5, -2.25)],
		["vector2_integral", Vector2(1, 2)],
		["vector2_fractions", Vector2(0.1, 0.2)],
		["vector2i", Vector2i(1, -2147483648)],
		["vector3", Vector3(0.5, 1e10, -3)],
		["vector3i", Vector3i(7, -8, 2147483647)],
		["vector4", Vector4(0.25, -0.5, 1e-3, 4)],
		["vector4i", Vector4i(1, 2, 3, -4)],
		["rect2", Rect2(1, 2, 3.5, 4.5)],
		["rect2i", Rect2i(-1, -2, 3, 4)],
		["transform2d", Transform2D(Vector2(1, 2), Vector2(3, 4), Vector2(5.5, 6.5))],
		["transform2d_rotated", Transform2D(0.5, Vector2(2, 3))],
		["plane", Plane(Vector3(0, 1, 0), 2.5)],
		["quaternion", Quaternion(0.5, -0.5, 0.5, -0.5)],
		["quaternion_identity", Quaternion()],
		["aabb", AABB(Vector3(1, 2, 3), Vector3(4, 5, 6))],
		["basis", basis],
		["transform3d", Transform3D(basis, Vector3(10, 11, 12.5))],
		["projection", Projection(Vector4(1, 2, 3, 4), Vector4(5, 6, 7, 8), Vector4(9, 10, 11, 12), Vector4(13, 14, 15, 16.5))],
		["color", Color(0.25, 0.5, 0.75, 1.0)],
		["color_transparent", Color(1, 0, 0, 0)],
		["string_name", &"a_name"],
		["string_name_empty", &""],
		["string_name_unicode", &"ñame ✓"],
		["node_path_absolute", NodePath("/root/Main:position:x")],
		["node_path_relative", NodePath("a/b")],
		["node_path_subnames_only", NodePath(":x")],
		["node_path_empty", NodePath("")],
		["node_path_unicode", NodePath("ñ/ü:é")],
		["rid_empty", RID()],
		["rid", owner.get_viewport().get_viewport_rid()],
		["object_as_id", owner],
		["callable_empty", Callable()],
		["callable", Callable(owner, "start")],
		["signal", Signal(owner, "tree_entered")],
		["signal_empty", Signal()],
		["dictionary", {"a": 1, 2: "b", Vector2(1, 2): [3], null: 2.0}],
		["dictionary_empty", {}],
		["dictionary_typed", typed_dict],
		["dictionary_typed_key", typed_key_dict],
		["dictionary_typed_floats", typed_dict_floats],
		["array", [1, "two", 3.5, null, [4], {"k": 2.0}]],
		["array_empty", []],
		["array_typed_int", typed_ints],
		["array_typed_int_empty", typed_empty_ints],
		["array_typed_float", typed_floats],
		["array_typed_string", typed_strings],
		["array_typed_vector2", typed_vectors],
		["array_typed_node", typed_nodes],
		["packed_byte", PackedByteArray([0, 1, 127, 128, 254, 255])],
		["packed_byte_empty", PackedByteArray()],
		["packed_byte_len5", PackedByteArray([1, 2, 3, 4, 5])],
		["packed_int32", PackedInt32Array([0, -1, 2147483647, -2147483648])],
		["packed_int64", PackedInt64Array([0, -1, 9223372036854775807, -9223372036854775807 - 1])],
		["packed_float32", PackedFloat32Array([0.5, -2.0, INF, 1.0 / 3.0])],
		["packed_float64", PackedFloat64Array([1.0 / 3.0, neg_zero, 1e300, 2.0])],
		["packed_string", PackedStringArray(["", "a", "héllo ✓", "abcd"])],
		["packed_string_empty", PackedStringArray()],
		["packed_vector2", PackedVector2Array([Vector2(1, 2), Vector2(-0.5, 1e5)])],
		["packed_vector3", PackedVector3Array([Vector3(1, 2, 3)])],
		["packed_color", PackedColorArray([Color(0.1, 0.2, 0.3, 0.4), Color.WHITE])],
		["packed_vector4", PackedVector4Array([Vector4(1, 2, 3, 4.5)])],
		["nested", [{"k": [Vector3(1, 2, 3), PackedByteArray([1]), {&"n": NodePath("x")}]}, [[[]]]]],
	]


# var_to_str, except for objects (an object's text is its whole property list).
static func text_of(value) -> String:
	if typeof(value) == TYPE_OBJECT:
		return "<%s>" % (value.get_class() if value != null else "null")
	return var_to_str(value)


# The element types of a typed container, as Godot knows them ("" for anything else).
static func typed_of(value) -> String:
	if typeof(value) == TYPE_ARRAY and value.is_typed():
		return "Array[%s:%s]" % [value.get_typed_builtin(), value.get_typed_class_name()]
	if typeof(value) == TYPE_DICTIONARY and value.is_typed():
		return "Dictionary[%s:%s, %s:%s]" % [value.get_typed_key_builtin(), value.get_typed_key_class_name(), value.get_typed_value_builtin(), value.get_typed_value_class_name()]
	return ""


# Whether `value` (decoded from what gdnet sent) is `original`: the same type, ==, and the same
# element types for a typed container.
static func same_as(value, original) -> bool:
	return typeof(value) == typeof(original) and value == original and typed_of(value) == typed_of(original)
