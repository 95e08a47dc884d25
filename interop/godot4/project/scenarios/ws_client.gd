extends "res://scenario.gd"
# A Godot 4.6 WebSocketPeer client (in the web build: the browser's WebSocket underneath).
# Args:
#   url           where to connect (required)
#   protocols     subprotocols to offer (default none)
#   packets       packet specs (scenario.gd packet_from_spec) to send once open, in order
#   lockstep      send the next packet only after a packet came back for the previous one
#   echo          send every received packet back in the mode it came in
#   expect        packets to receive before closing (default: as many as it sends)
#   close_code, close_reason   then close with them; without close_code it waits for the server to close
#   inbound_buffer_size   the peer's inbound_buffer_size (default 1 MiB: room for 60 KB packets)
# Reports: connecting, open {protocol}, sent {index, size, error}, data_received {index, size,
# string, sha256, b64}, closing {code, reason}, closed {code, reason, reason_length, was_open}.
# Finishes once the connection is closed.

var peer := WebSocketPeer.new()
var _packets: Array = []
var _next := 0
var _received := 0
var _expect := 0
var _lockstep := false
var _echo := false
var _was_open := false
var _closing := false
var _state := WebSocketPeer.STATE_CLOSED


func start() -> void:
	var url = require_arg("url")
	if url == null:
		return
	_packets = arg("packets", [])
	_lockstep = arg("lockstep", false)
	_echo = arg("echo", false)
	_expect = int_arg("expect", _packets.size())
	peer.supported_protocols = PackedStringArray(arg("protocols", []))
	# 60 KB packets both ways: room for them, whatever the defaults are.
	peer.inbound_buffer_size = int_arg("inbound_buffer_size", 1 << 20)
	peer.outbound_buffer_size = 1 << 20
	var error := peer.connect_to_url(String(url))
	if error != OK:
		fail("connect_to_url returned %s" % error_string(error))
		return
	_state = peer.get_ready_state()
	report("connecting", {"url": url})


func _process(_delta: float) -> void:
	if is_done():
		return
	peer.poll()
	var state := peer.get_ready_state()
	if state != _state:
		_state = state
		if state == WebSocketPeer.STATE_OPEN:
			_was_open = true
			report("open", {"protocol": peer.get_selected_protocol()})
			_send_some()
	while peer.get_available_packet_count() > 0:
		var bytes := peer.get_packet()
		var was_string := peer.was_string_packet()
		var fields := describe_packet(bytes, was_string)
		fields["index"] = _received
		_received += 1
		report("data_received", fields)
		if _echo:
			peer.send(bytes, WebSocketPeer.WRITE_MODE_TEXT if was_string else WebSocketPeer.WRITE_MODE_BINARY)
		if _lockstep:
			_send_some()
	if state == WebSocketPeer.STATE_OPEN and not _closing and arg("close_code") != null and _received >= _expect and _next >= _packets.size():
		_closing = true
		var code := int_arg("close_code")
		var reason := String(arg("close_reason", ""))
		report("closing", {"code": code, "reason": reason})
		peer.close(code, reason)
	if state == WebSocketPeer.STATE_CLOSED:
		var reason := peer.get_close_reason()
		report("closed", {"code": peer.get_close_code(), "reason": reason, "reason_length": reason.length(), "was_open": _was_open})
		finish(0)


# Sends the next packet (lockstep) or every packet left.
func _send_some() -> void:
	while _next < _packets.size():
		var spec: Dictionary = _packets[_next]
		var bytes := packet_from_spec(spec)
		var error := peer.send(bytes, write_mode_of(spec))
		report("sent", {"index": _next, "size": bytes.size(), "error": error})
		_next += 1
		if _lockstep:
			return
