extends "res://scenario.gd"
# A Godot 4.6 game joining a session: a WebSocketMultiplayerPeer client as the SceneMultiplayer's
# peer, with an rpc_peer.gd node at /root/Main/mp_rpc/Peer. Once it knows a peer other than the
# server (peer_connected), it calls on that peer: hello("from Godot ✓", 7) and
# typed(3, 2.0, "ß", Vector2(1.5, -2), Array[int]([4, 5])). finish_run() from anyone closes the
# peer and ends the run.
# Args: url (required).
# Reports: connecting, connected {id (inside connected_to_server)}, peer_connected {id},
# peer_disconnected {id}, connection_failed, server_disconnected, rpc_sent {to, method, error},
# the node's called {...}, closed.

var peer := WebSocketMultiplayerPeer.new()
var node: Node = null


func start() -> void:
	var url = require_arg("url")
	if url == null:
		return
	node = Node.new()
	node.set_script(load("res://rpc_peer.gd"))
	node.name = "Peer"
	node.set("scenario", self)
	add_child(node)
	multiplayer.peer_connected.connect(_on_peer_connected)
	multiplayer.peer_disconnected.connect(func(id: int) -> void: report("peer_disconnected", {"id": id}))
	multiplayer.connected_to_server.connect(func() -> void: report("connected", {"id": multiplayer.get_unique_id()}))
	multiplayer.connection_failed.connect(_on_connection_failed)
	multiplayer.server_disconnected.connect(func() -> void: report("server_disconnected"))
	var error := peer.create_client(String(url))
	if error != OK:
		fail("create_client returned %s" % error_string(error))
		return
	multiplayer.multiplayer_peer = peer
	report("connecting", {"url": url})


func _on_peer_connected(id: int) -> void:
	report("peer_connected", {"id": id})
	if id == 1:
		return
	var typed_ints: Array[int] = [4, 5]
	_call(id, "hello", ["from Godot ✓", 7])
	_call(id, "typed", [3, 2.0, "ß", Vector2(1.5, -2), typed_ints])


func _call(id: int, method: String, args: Array) -> void:
	var error: Error = node.callv("rpc_id", [id, method] + args)
	report("rpc_sent", {"to": id, "method": method, "error": error})


func _on_connection_failed() -> void:
	report("connection_failed")
	finish(0)


# finish_run(): close the connection first, so no socket outlives the run in the page.
func end_run() -> void:
	peer.close()
	report("closed")
	finish(0)
