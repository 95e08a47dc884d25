extends "res://scenario.gd"
# A Godot 3.2 game joining a gd_mp_api session: a WebSocketClient that connects with
# gd_mp_api = true and is the SceneTree's network_peer. Once it knows `peers` peers (the server,
# id 1, included) it sends raw packets (multiplayer.send_bytes) to 0 and to each peer N and -N
# (-1 is "every client"), then "end" to 0, and it reports every raw packet it receives. A raw
# packet "bye" makes it leave (disconnect_from_host), and so does seeing `leaves` peers leave.
#
# Arguments:
#   url     where to connect (required)
#   peers   how many peers to know before sending (default 3)
#   leaves  leave after this many peers left (default 0: only on "bye")
#
# Raw packets are the UTF-8 text "<from> <to> <tag>" (tag "data" or "end"), as mp_server.gd sends them.
# Reports: connecting, connected {id} (connection_succeeded; `id` is the id the server gave),
#   peer_connected {id}, peer_disconnected {id} (the WebSocketClient's signals), sent {to, text},
#   packet {from, text}, leaving, connection_failed (after leaving, or if the connection failed or dropped).
# Finishes (exit 0) on connection_failed.

var peer := WebSocketClient.new()
var known := []
var departed := 0
var sent := false
var leaving := false


func start() -> void:
	var url = require_arg("url")
	if url == null:
		return
	peer.connect("connection_succeeded", self, "_on_connection_succeeded")
	peer.connect("connection_failed", self, "_on_connection_failed")
	peer.connect("peer_connected", self, "_on_peer_connected")
	peer.connect("peer_disconnected", self, "_on_peer_disconnected")
	var error := peer.connect_to_url(url, PoolStringArray(), true)
	if error != OK:
		fail("connect_to_url(%s, [], true) returned error %d" % [url, error])
		return
	get_tree().network_peer = peer
	get_tree().multiplayer.connect("network_peer_packet", self, "_on_packet")
	report("connecting", {"url": url})


func _on_connection_succeeded() -> void:
	report("connected", {"id": get_tree().get_network_unique_id()})
	_send_when_ready()


func _on_peer_connected(id: int) -> void:
	report("peer_connected", {"id": id})
	known.append(id)
	_send_when_ready()


func _send_when_ready() -> void:
	if sent or known.size() < int_arg("peers", 3) or peer.get_connection_status() != NetworkedMultiplayerPeer.CONNECTION_CONNECTED:
		return
	sent = true
	var targets := [0]
	for id in known:
		targets.append(id)
		targets.append(-id)
	for to in targets:
		_send(to, "data")
	_send(0, "end")


func _send(to: int, tag: String) -> void:
	var text := "%d %d %s" % [get_tree().get_network_unique_id(), to, tag]
	var error := get_tree().multiplayer.send_bytes(text.to_utf8(), to)
	if error != OK:
		fail("send_bytes to %d returned error %d" % [to, error])
		return
	report("sent", {"to": to, "text": text})


func _on_packet(id: int, packet: PoolByteArray) -> void:
	var text := packet.get_string_from_utf8()
	report("packet", {"from": id, "text": text})
	if text == "bye":
		_leave()


func _on_peer_disconnected(id: int) -> void:
	report("peer_disconnected", {"id": id})
	departed += 1
	if int_arg("leaves") > 0 and departed >= int_arg("leaves"):
		_leave()


func _leave() -> void:
	if leaving:
		return
	leaving = true
	report("leaving")
	peer.disconnect_from_host()


func _on_connection_failed() -> void:
	report("connection_failed")
	finish(0)
