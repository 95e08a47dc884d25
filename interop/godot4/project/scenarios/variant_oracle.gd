extends "res://scenario.gd"
# The Variant codec oracle: Godot 4.6's own var_to_bytes / bytes_to_var against gdnet's, over a
# WebSocket to a gdnet server (the test). Both sides speak in pairs of frames: a text frame with a
# JSON header, then (for a value) a binary frame with its bytes.
#   Godot -> gdnet: {"kind": "value", "label", "type", "text"} + var_to_bytes(value), for every
#                   value of values() in order; then the same with "objects": true and
#                   var_to_bytes_with_objects for every value of objects(); then {"kind": "done"}.
#   gdnet -> Godot: {"kind": "value", "label"} + bytes to decode (gdnet's encoding), or
#                   {"kind": "error", "label", "message"} (gdnet could not re-encode it), and last
#                   {"kind": "end"}: then Godot closes (1000) and finishes.
# For each value from gdnet it reports decoded {label, type, text (var_to_str), b64 (var_to_bytes
# of what it decoded), same_bytes (that re-encoding equals the bytes gdnet sent), equal (== the
# value of the same label in values(), with the same type; null when there is none), typed}.
# A header with "objects": true means full objects: bytes_to_var_with_objects, and "equal" then
# compares var_to_str texts (two objects are never ==).
# Args: url (required).

var peer := WebSocketPeer.new()
var _values := {}
var _node := Node.new()
var _sent := false
var _header = null


func values() -> Array:
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
		["rid", get_viewport().get_viewport_rid()],
		["object_as_id", self],
		["callable_empty", Callable()],
		["callable", Callable(self, "start")],
		["signal", Signal(self, "tree_entered")],
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


# Full objects (var_to_bytes_with_objects): a class and its stored properties.
func objects() -> Array:
	var resource := Resource.new()
	resource.resource_name = "gdnet ✓"
	_node.name = "Probe"
	return [
		["object_refcounted", RefCounted.new()],
		["object_resource", resource],
		["object_node", _node],
	]


func _exit_tree() -> void:
	_node.free()


func start() -> void:
	var url = require_arg("url")
	if url == null:
		return
	for pair in values() + objects():
		_values[pair[0]] = pair[1]
	peer.inbound_buffer_size = 1 << 20
	peer.outbound_buffer_size = 1 << 20
	var error := peer.connect_to_url(String(url))
	if error != OK:
		fail("connect_to_url returned %s" % error_string(error))


func _process(_delta: float) -> void:
	if is_done():
		return
	peer.poll()
	var state := peer.get_ready_state()
	if state == WebSocketPeer.STATE_OPEN and not _sent:
		_sent = true
		for pair in values():
			var value = pair[1]
			_send_json({"kind": "value", "label": pair[0], "type": typeof(value), "text": _text(value)})
			peer.send(var_to_bytes(value), WebSocketPeer.WRITE_MODE_BINARY)
		for pair in objects():
			var object = pair[1]
			_send_json({"kind": "value", "label": pair[0], "type": typeof(object), "text": var_to_str(object), "objects": true})
			peer.send(var_to_bytes_with_objects(object), WebSocketPeer.WRITE_MODE_BINARY)
		_send_json({"kind": "done"})
		report("sent", {"count": _values.size()})
	while peer.get_available_packet_count() > 0:
		var bytes := peer.get_packet()
		if peer.was_string_packet():
			_on_header(JSON.parse_string(bytes.get_string_from_utf8()))
		elif _header != null:
			_on_value(String(_header["label"]), bytes, _header.get("objects", false))
			_header = null
	if state == WebSocketPeer.STATE_CLOSED:
		report("closed", {"code": peer.get_close_code()})
		finish(0)


func _on_header(header) -> void:
	if typeof(header) != TYPE_DICTIONARY:
		fail("bad header from gdnet: %s" % header)
		return
	match String(header.get("kind", "")):
		"value":
			_header = header
		"error":
			report("gdnet_error", {"label": header["label"], "message": header["message"]})
		"end":
			peer.close(1000, "")


func _on_value(label: String, bytes: PackedByteArray, with_objects: bool) -> void:
	var value = bytes_to_var_with_objects(bytes) if with_objects else bytes_to_var(bytes)
	var again := var_to_bytes_with_objects(value) if with_objects else var_to_bytes(value)
	var text := var_to_str(value) if with_objects else _text(value)
	var fields := {
		"label": label,
		"type": typeof(value),
		"text": text,
		"b64": Marshalls.raw_to_base64(again) if again.size() > 0 else "",
		"same_bytes": again == bytes,
		"typed": _typed(value),
		"equal": null,
	}
	var own := label.trim_prefix("js:")
	if _values.has(own):
		var original = _values[own]
		if with_objects:
			fields["equal"] = typeof(value) == TYPE_OBJECT and text == var_to_str(original)
		else:
			fields["equal"] = typeof(value) == typeof(original) and value == original and _typed(value) == _typed(original)
	report("decoded", fields)
	if with_objects and value is Node:
		value.free()


# var_to_str, except for objects (an object's text is its whole property list).
func _text(value) -> String:
	if typeof(value) == TYPE_OBJECT:
		return "<%s>" % (value.get_class() if value != null else "null")
	return var_to_str(value)


# The element types of a typed container, as Godot knows them ("" for anything else).
func _typed(value) -> String:
	if typeof(value) == TYPE_ARRAY and value.is_typed():
		return "Array[%s:%s]" % [value.get_typed_builtin(), value.get_typed_class_name()]
	if typeof(value) == TYPE_DICTIONARY and value.is_typed():
		return "Dictionary[%s:%s, %s:%s]" % [value.get_typed_key_builtin(), value.get_typed_key_class_name(), value.get_typed_value_builtin(), value.get_typed_value_class_name()]
	return ""


func _send_json(fields: Dictionary) -> void:
	peer.send_text(JSON.stringify(fields))
