extends "res://scenario.gd"
# The Variant codec oracle: Godot 4.6's own var_to_bytes / bytes_to_var against gdnet's, over a
# WebSocket to a gdnet server (the test). Both sides speak in pairs of frames: a text frame with a
# JSON header, then (for a value) a binary frame with its bytes.
#   Godot -> gdnet: {"kind": "value", "label", "type", "text"} + var_to_bytes(value), for every
#                   value of values.gd in order; then the same with "objects": true and
#                   var_to_bytes_with_objects for every value of objects(); then {"kind": "done"}.
#   gdnet -> Godot: {"kind": "value", "label"} + bytes to decode (gdnet's encoding), or
#                   {"kind": "error", "label", "message"} (gdnet could not re-encode it), and last
#                   {"kind": "end"}: then Godot closes (1000) and finishes.
# For each value from gdnet it reports decoded {label, type, text (var_to_str), b64 (var_to_bytes
# of what it decoded), same_bytes (that re-encoding equals the bytes gdnet sent), equal (== the
# value of the same label in values.gd, with the same type; null when there is none), typed}.
# A header with "objects": true means full objects: bytes_to_var_with_objects, and "equal" then
# compares var_to_str texts (two objects are never ==).
# Args: url (required).

const Values = preload("res://values.gd")

var peer := WebSocketPeer.new()
var _values := {}
var _node := Node.new()
var _sent := false
var _header = null


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
	for pair in Values.values(self) + objects():
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
		for pair in Values.values(self):
			var value = pair[1]
			_send_json({"kind": "value", "label": pair[0], "type": typeof(value), "text": Values.text_of(value)})
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
	var text := var_to_str(value) if with_objects else Values.text_of(value)
	var fields := {
		"label": label,
		"type": typeof(value),
		"text": text,
		"b64": Marshalls.raw_to_base64(again) if again.size() > 0 else "",
		"same_bytes": again == bytes,
		"typed": Values.typed_of(value),
		"equal": null,
	}
	var own := label.trim_prefix("js:")
	if _values.has(own):
		var original = _values[own]
		if with_objects:
			fields["equal"] = typeof(value) == TYPE_OBJECT and text == var_to_str(original)
		else:
			fields["equal"] = Values.same_as(value, original)
	report("decoded", fields)
	if with_objects and value is Node:
		value.free()


func _send_json(fields: Dictionary) -> void:
	peer.send_text(JSON.stringify(fields))
