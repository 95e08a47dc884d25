extends "res://scenario.gd"
# A Godot 3.2 WebSocketServer (gd_mp_api off) that greets, echoes and kicks its clients.
#
# Arguments:
#   port        port to listen on (required: Godot 3.2 cannot report a port picked by the system)
#   bind_ip     address to bind (default "127.0.0.1")
#   protocols   subprotocols accepted (default [])
#   greet       packet specs (see scenario.gd) sent to each client when it connects (default [])
#   echo        send every packet back to its sender in the mode it arrived in (default true;
#               an empty packet is not echoed: Godot 3's put_packet sends nothing for no bytes)
#   kick_after, kick_code, kick_reason
#               after that many packets from a client: disconnect_peer(id, kick_code, kick_reason)
#   clients     finish after this many clients disconnected (default 1)
#
# Reports: listening {port}, client_connected {id, protocol}, data_received {id, size, string,
#   sha256, b64} per packet, kicking {id, code, reason}, client_close_request {id, code, reason,
#   reason_length}, client_disconnected {id, was_clean_close}.
# Finishes (exit 0) once `clients` clients disconnected; exit 1 if listen() fails.

var server := WebSocketServer.new()
var packets_from := {}
var disconnected := 0


func start() -> void:
	server.connect("client_connected", self, "_on_client_connected")
	server.connect("client_disconnected", self, "_on_client_disconnected")
	server.connect("client_close_request", self, "_on_client_close_request")
	server.connect("data_received", self, "_on_data_received")
	var port = require_arg("port")
	if port == null:
		return
	server.bind_ip = String(arg("bind_ip", "127.0.0.1"))
	var error := server.listen(int(port), PoolStringArray(arg("protocols", [])))
	if error != OK:
		fail("listen(%d) returned error %d" % [int(port), error])
		return
	report("listening", {"port": int(port)})


func _process(_delta: float) -> void:
	if not is_done():
		server.poll()


func _on_client_connected(id: int, protocol: String) -> void:
	report("client_connected", {"id": id, "protocol": protocol})
	packets_from[id] = 0
	var peer := server.get_peer(id)
	for spec in arg("greet", []):
		peer.set_write_mode(write_mode_of(spec))
		var error := peer.put_packet(packet_from_spec(spec))
		if error != OK:
			fail("put_packet to %d returned error %d" % [id, error])
			return


func _on_data_received(id: int) -> void:
	var peer := server.get_peer(id)
	while peer.get_available_packet_count() > 0:
		var packet := peer.get_packet()
		var was_string := peer.was_string_packet()
		var fields := describe_packet(packet, was_string)
		fields["id"] = id
		report("data_received", fields)
		packets_from[id] = packets_from.get(id, 0) + 1
		if arg("echo", true):
			peer.set_write_mode(WebSocketPeer.WRITE_MODE_TEXT if was_string else WebSocketPeer.WRITE_MODE_BINARY)
			var error := peer.put_packet(packet)
			if error != OK:
				fail("echo put_packet to %d returned error %d" % [id, error])
				return
	if args.has("kick_after") and packets_from[id] == int_arg("kick_after"):
		var code := int_arg("kick_code", 1000)
		var reason := String(arg("kick_reason", ""))
		report("kicking", {"id": id, "code": code, "reason": reason})
		server.disconnect_peer(id, code, reason)


func _on_client_close_request(id: int, code: int, reason: String) -> void:
	var fields := describe_reason(reason)
	fields["id"] = id
	fields["code"] = code
	report("client_close_request", fields)


func _on_client_disconnected(id: int, was_clean_close: bool) -> void:
	report("client_disconnected", {"id": id, "was_clean_close": was_clean_close})
	disconnected += 1
	if disconnected >= int_arg("clients", 1):
		finish(0)
