extends "res://scenario.gd"
# A Godot 3.2 WebSocketClient (gd_mp_api off) that connects, sends packets, reads replies and closes.
#
# Arguments:
#   url        where to connect (required)
#   protocols  subprotocols to offer (default [])
#   packets    packet specs (see scenario.gd packet_from_spec) sent in order once connected, each
#              in its "mode" (set_write_mode before put_packet) (default [])
#   lockstep   send the next packet only after a packet came back for the previous one (default
#              false: send them all at once); an empty packet is not waited for
#   expect     how many packets to read before closing (default: as many non-empty packets as
#              were sent; Godot 3's put_packet sends nothing for an empty one)
#   close_code, close_reason
#              once `expect` packets arrived: disconnect_from_host(close_code, close_reason);
#              without close_code the client waits for the server to close
#
# Reports: connecting, connection_established {protocol}, sent {count} (once all were put),
#   data_received {size, string, sha256, b64} per packet, server_close_request {code, reason, reason_length},
#   closing {code, reason}, connection_closed {was_clean_close}, connection_error.
# Finishes (exit 0) on connection_closed or connection_error.

var client := WebSocketClient.new()
var expected := 0
var received := 0
var closing := false
var next_packet := 0
var all_sent := false


func start() -> void:
	var non_empty := 0
	for spec in arg("packets", []):
		if packet_from_spec(spec).size() > 0:
			non_empty += 1
	expected = int_arg("expect", non_empty)
	client.connect("connection_established", self, "_on_connection_established")
	client.connect("connection_error", self, "_on_connection_error")
	client.connect("connection_closed", self, "_on_connection_closed")
	client.connect("server_close_request", self, "_on_server_close_request")
	client.connect("data_received", self, "_on_data_received")
	var url = require_arg("url")
	if url == null:
		return
	var error := client.connect_to_url(url, PoolStringArray(arg("protocols", [])))
	if error != OK:
		fail("connect_to_url(%s) returned error %d" % [url, error])
		return
	report("connecting", {"url": url})


func _process(_delta: float) -> void:
	if not is_done():
		client.poll()


func _on_connection_established(protocol: String) -> void:
	report("connection_established", {"protocol": protocol})
	_send_packets()
	_close_when_done()


# Sends the packets still to send: all of them, or in lockstep up to the next non-empty one.
func _send_packets() -> void:
	var packets: Array = arg("packets", [])
	var peer := client.get_peer(1)
	while next_packet < packets.size():
		var spec: Dictionary = packets[next_packet]
		var bytes := packet_from_spec(spec)
		next_packet += 1
		peer.set_write_mode(write_mode_of(spec))
		var error := peer.put_packet(bytes)
		if error != OK:
			fail("put_packet of packet %d returned error %d" % [next_packet - 1, error])
			return
		if arg("lockstep", false) and bytes.size() > 0 and next_packet < packets.size():
			return
	if not all_sent:
		all_sent = true
		report("sent", {"count": packets.size()})


func _on_data_received() -> void:
	var peer := client.get_peer(1)
	while peer.get_available_packet_count() > 0:
		var packet := peer.get_packet()
		report("data_received", describe_packet(packet, peer.was_string_packet()))
		received += 1
	if arg("lockstep", false):
		_send_packets()
	_close_when_done()


func _close_when_done() -> void:
	if closing or received < expected or not args.has("close_code"):
		return
	closing = true
	var code := int_arg("close_code")
	var reason := String(arg("close_reason", ""))
	report("closing", {"code": code, "reason": reason})
	client.disconnect_from_host(code, reason)


func _on_server_close_request(code: int, reason: String) -> void:
	var fields := describe_reason(reason)
	fields["code"] = code
	report("server_close_request", fields)


func _on_connection_closed(was_clean_close: bool) -> void:
	report("connection_closed", {"was_clean_close": was_clean_close})
	finish(0)


func _on_connection_error() -> void:
	report("connection_error")
	finish(0)
