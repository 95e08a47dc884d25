extends "res://scenario.gd"
# RPC and RSET between a Godot 3.2 SceneTree and gdnet: the game is the server (a WebSocketServer
# listening with gd_mp_api = true) or a client (a WebSocketClient), set as get_tree().network_peer,
# with two nodes of res://rpc_player.gd under the runner: /root/Main/Player (network master 1)
# and /root/Main/Stranger (network master `stranger_master`). The gdnet side calls their rpc
# functions and sets their variables; see rpc_player.gd for what each one does and reports.
#
# Arguments:
#   role             "server" (with `port`) or "client" (with `url`) (required)
#   port, url        where to listen / connect
#   stranger_master  the network master of /root/Main/Stranger (default 777, a peer nobody is)
#   values           the values send_values sends: [{label, text}], each str2var(text), or
#                    [{label, make}] with make "self" (the Player node itself, an Object),
#                    "null_object" (a null Object) or "rid" (an RID)
#
# Raw packets (send_bytes / network_peer_packet) are reported as raw {from, b64} and sent back
# to their sender with a 0xEE byte in front.
#
# Reports: listening {port} or connecting {url}; ready {id, player_id} once connected (`id` its
#   network id, `player_id` the Player node's instance id); peer_connected {id},
#   peer_disconnected {id}, connection_failed, raw {from, b64}; and rpc_player.gd's events.
# Finishes (exit 0) on finish_run() (an RPC), on connection_failed, or (server) when the peer leaves.

var peer = null
var player: Node = null
var ready_reported := false


func start() -> void:
	var role = require_arg("role")
	if role == null:
		return
	player = _add_player("Player", 1)
	_add_player("Stranger", int_arg("stranger_master", 777))
	get_tree().connect("network_peer_connected", self, "_on_peer_connected")
	get_tree().connect("network_peer_disconnected", self, "_on_peer_disconnected")
	get_tree().connect("connected_to_server", self, "_on_connected_to_server")
	get_tree().connect("connection_failed", self, "_on_connection_failed")
	get_tree().multiplayer.connect("network_peer_packet", self, "_on_raw")
	if role == "server":
		var port = require_arg("port")
		if port == null:
			return
		peer = WebSocketServer.new()
		peer.bind_ip = "127.0.0.1"
		var error: int = peer.listen(int(port), PoolStringArray(), true)
		if error != OK:
			fail("listen(%d, [], true) returned error %d" % [int(port), error])
			return
		get_tree().network_peer = peer
		report("listening", {"port": int(port)})
	elif role == "client":
		var url = require_arg("url")
		if url == null:
			return
		peer = WebSocketClient.new()
		var error: int = peer.connect_to_url(url, PoolStringArray(), true)
		if error != OK:
			fail("connect_to_url(%s, [], true) returned error %d" % [url, error])
			return
		get_tree().network_peer = peer
		report("connecting", {"url": url})
	else:
		fail("role must be \"server\" or \"client\", got %s" % role)


func _add_player(node_name: String, master_id: int) -> Node:
	var node: Node = load("res://rpc_player.gd").new()
	node.name = node_name
	node.scenario = self
	node.set_network_master(master_id)
	runner.add_child(node)
	return node


# The value a `values` spec describes (see the header).
func make_value(spec: Dictionary):
	match spec.get("make", ""):
		"self":
			return player
		"null_object":
			# A null Object (not nil), as decode_variant makes it from an object id 0.
			return bytes2var(PoolByteArray([17, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
		"rid":
			return get_viewport().get_viewport_rid()
	return str2var(String(spec.get("text", "")))


func _report_ready() -> void:
	if ready_reported:
		return
	ready_reported = true
	report("ready", {"id": get_tree().get_network_unique_id(), "player_id": player.get_instance_id()})


func _on_peer_connected(id: int) -> void:
	report("peer_connected", {"id": id})
	if get_tree().is_network_server():
		_report_ready()


func _on_connected_to_server() -> void:
	_report_ready()


func _on_raw(id: int, packet: PoolByteArray) -> void:
	report("raw", {"from": id, "b64": Marshalls.raw_to_base64(packet)})
	var back := PoolByteArray([0xEE])
	back.append_array(packet)
	var error := get_tree().multiplayer.send_bytes(back, id)
	if error != OK:
		fail("send_bytes to %d returned error %d" % [id, error])


func _on_peer_disconnected(id: int) -> void:
	report("peer_disconnected", {"id": id})
	if get_tree().is_network_server():
		finish(0)


func _on_connection_failed() -> void:
	report("connection_failed")
	finish(0)
