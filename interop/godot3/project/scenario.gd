extends Node
# Base of every scenario in res://scenarios/: `extends "res://scenario.gd"`, override start(),
# do the work in signal handlers and _process, report() what happened and finish() when done.
# The runner (main.gd) sets `args` and `runner` before start() and enforces the self-timeout.

# The scenario's arguments: the JSON object the test passed (numbers arrive as floats).
var args := {}
var runner: Node = null


# Called once, after the scenario is in the tree.
func start() -> void:
	pass


# Prints `GDNET {"event": event, ...fields}` on stdout for the test to read.
func report(event: String, fields: Dictionary = {}) -> void:
	runner.report(event, fields)


# Ends the run: the process exits with `code` (0 = the scenario ran to its end).
func finish(code: int = 0) -> void:
	runner.finish(code)


# Ends the run with exit code 1 and a "fail" event carrying `message`.
func fail(message: String) -> void:
	runner.fail(message)


func is_done() -> bool:
	return runner.is_done()


func arg(key: String, default = null):
	return args[key] if args.has(key) else default


func int_arg(key: String, default: int = 0) -> int:
	return int(args[key]) if args.has(key) else default


func require_arg(key: String):
	if not args.has(key):
		fail("missing argument '%s'" % key)
		return null
	return args[key]


# A packet described by a test, one of:
#   {"text": "héllo"}    the string's UTF-8 bytes
#   {"b64": "AAEC"}      the bytes, base64
#   {"pattern": 61440}   that many bytes, byte i = (i * 31 + 7) % 256 (keeps big packets off the command line)
# plus "mode": "text" or "binary" (how to send it; default binary).
# Note: Godot 3's put_packet() of an empty PoolByteArray returns OK and sends nothing
# (PacketPeer::put_packet_buffer), so empty specs never reach the other side.
func packet_from_spec(spec: Dictionary) -> PoolByteArray:
	if spec.has("text"):
		return String(spec["text"]).to_utf8()
	if spec.has("b64"):
		return Marshalls.base64_to_raw(String(spec["b64"]))
	if spec.has("pattern"):
		return pattern_bytes(int(spec["pattern"]))
	return PoolByteArray()


func pattern_bytes(size: int) -> PoolByteArray:
	var bytes := PoolByteArray()
	bytes.resize(size)
	for i in range(size):
		bytes[i] = (i * 31 + 7) % 256
	return bytes


# WebSocketPeer.WRITE_MODE_TEXT for {"mode": "text"}, else WRITE_MODE_BINARY.
func write_mode_of(spec: Dictionary) -> int:
	return WebSocketPeer.WRITE_MODE_TEXT if spec.get("mode", "binary") == "text" else WebSocketPeer.WRITE_MODE_BINARY


# How a received packet is reported: its size, whether it came as text, its SHA-256 (hex) and,
# up to 4 KiB, its bytes in base64.
func describe_packet(bytes: PoolByteArray, was_string: bool) -> Dictionary:
	var hashing := HashingContext.new()
	hashing.start(HashingContext.HASH_SHA256)
	if bytes.size() > 0:
		hashing.update(bytes)
	var fields := {"size": bytes.size(), "string": was_string, "sha256": hashing.finish().hex_encode()}
	if bytes.size() == 0:
		fields["b64"] = ""  # raw_to_base64 prints an error for no bytes
	elif bytes.size() <= 4096:
		fields["b64"] = Marshalls.raw_to_base64(bytes)
	return fields


# A close reason as Godot read it, with its length (a kept NUL terminator would show in "reason_length").
func describe_reason(reason: String) -> Dictionary:
	return {"reason": reason, "reason_length": reason.length()}


# How a received Variant is reported: its Godot type id, var2str() text and var2bytes() (base64,
# the Godot 3 encoding Godot itself would send). An object reports "" as text (var2str writes an
# object's properties recursively, and a node that refers back to its scenario never ends: Godot
# 3.2 overflows its stack) and gives its class and id instead ("object_id": the id an
# EncodedObjectAsID carries, else the object's own instance id).
func describe_value(value) -> Dictionary:
	var fields := {"type": typeof(value), "b64": Marshalls.raw_to_base64(var2bytes(value))}
	if typeof(value) == TYPE_OBJECT and value != null:
		fields["text"] = ""
		fields["class"] = value.get_class()
		if value is EncodedObjectAsID:
			fields["object_id"] = value.get_object_id()
		else:
			fields["object_id"] = value.get_instance_id()
	else:
		fields["text"] = var2str(value)
	return fields
