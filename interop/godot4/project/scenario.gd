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


# Prints `GDNET {"event": event, ...fields}` for the test to read.
func report(event: String, fields: Dictionary = {}) -> void:
	runner.report(event, fields)


# Ends the run: the page's onExit gets `code` (0 = the scenario ran to its end).
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


# A packet described by a test (interop/godot3/packets.ts PacketSpec), one of:
#   {"text": "héllo"}    the string's UTF-8 bytes
#   {"b64": "AAEC"}      the bytes, base64
#   {"pattern": 61440}   that many bytes, byte i = (i * 31 + 7) % 256 (keeps big packets off the command line)
# plus "mode": "text" or "binary" (how to send it; default binary).
func packet_from_spec(spec: Dictionary) -> PackedByteArray:
	if spec.has("text"):
		return String(spec["text"]).to_utf8_buffer()
	if spec.has("b64"):
		return Marshalls.base64_to_raw(String(spec["b64"]))
	if spec.has("pattern"):
		return pattern_bytes(int(spec["pattern"]))
	return PackedByteArray()


func pattern_bytes(size: int) -> PackedByteArray:
	var bytes := PackedByteArray()
	bytes.resize(size)
	for i in range(size):
		bytes[i] = (i * 31 + 7) % 256
	return bytes


# WebSocketPeer.WRITE_MODE_TEXT for {"mode": "text"}, else WRITE_MODE_BINARY.
func write_mode_of(spec: Dictionary) -> WebSocketPeer.WriteMode:
	return WebSocketPeer.WRITE_MODE_TEXT if spec.get("mode", "binary") == "text" else WebSocketPeer.WRITE_MODE_BINARY


# How a received packet is reported: its size, whether it came as text, its SHA-256 (hex) and,
# up to 4 KiB, its bytes in base64.
func describe_packet(bytes: PackedByteArray, was_string: bool) -> Dictionary:
	var fields := {"size": bytes.size(), "string": was_string, "sha256": sha256_hex(bytes)}
	if bytes.size() <= 4096:
		fields["b64"] = Marshalls.raw_to_base64(bytes)
	return fields


func sha256_hex(bytes: PackedByteArray) -> String:
	var hashing := HashingContext.new()
	hashing.start(HashingContext.HASH_SHA256)
	if bytes.size() > 0:
		hashing.update(bytes)
	return hashing.finish().hex_encode()
