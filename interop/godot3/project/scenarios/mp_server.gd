extends "res://scenario.gd"
# A Godot 3.2 game hosting a gd_mp_api session: a WebSocketServer that listens with gd_mp_api = true
# and is the SceneTree's network_peer (the tree's MultiplayerAPI polls it every frame). Once
# `clients` clients have joined it sends raw packets (multiplayer.send_bytes) to 0, to each client
# id N and to each -N, then "end" to 0, and it reports every raw packet it receives.
#
# Arguments:
#   port     port to listen on (required: Godot 3.2 cannot report a port picked by the system)
#   clients  how many clients to wait for before sending, and how many departures end the run (default 2)
#
# A raw packet is the UTF-8 text "<from> <to> <tag>" (tag "data" or "end"), as the gdnet side
# sends them, so a receiver can compare the sender it is told with the one the text names.
# Reports: listening {port}, peer_connected {id} and peer_disconnected {id} (the WebSocketServer's
#   signals), sent {to, text} per packet, packet {from, text} per raw packet received (`from` is
#   the id MultiplayerAPI got from get_packet_peer).
# Finishes (exit 0) once `clients` clients have left; exit 1 if listen() fails.

var peer := WebSocketServer.new()
var joined := []
var departed := 0
var sent := false


func start() -> void:
	var port = require_arg("port")
	if port == null:
		return
	peer.bind_ip = "127.0.0.1"
	var error := peer.listen(int(port), PoolStringArray(), true)
	if error != OK:
		fail("listen(%d, [], true) returned error %d" % [int(port), error])
		return
	peer.connect("peer_connected", self, "_on_peer_connected")
	peer.connect("peer_disconnected", self, "_on_peer_disconnected")
	get_tree().network_peer = peer
	get_tree().multiplayer.connect("network_peer_packet", self, "_on_packet")
	report("listening", {"port": int(port)})


func _on_peer_connected(id: int) -> void:
	report("peer_connected", {"id": id})
	joined.append(id)
	if not sent and joined.size() >= int_arg("clients", 2):
		sent = true
		var targets := [0]
		for client in joined:
			targets.append(client)
			targets.append(-client)
		for to in targets:
			_send(to, "data")
		_send(0, "end")


func _send(to: int, tag: String) -> void:
	var text := "1 %d %s" % [to, tag]
	var error := get_tree().multiplayer.send_bytes(text.to_utf8(), to)
	if error != OK:
		fail("send_bytes to %d returned error %d" % [to, error])
		return
	report("sent", {"to": to, "text": text})


func _on_packet(id: int, packet: PoolByteArray) -> void:
	report("packet", {"from": id, "text": packet.get_string_from_utf8()})


func _on_peer_disconnected(id: int) -> void:
	report("peer_disconnected", {"id": id})
	departed += 1
	if departed >= int_arg("clients", 2):
		finish(0)
