extends "res://scenario.gd"
# A Godot 4.6 game in a session at `url`: a WebSocketMultiplayerPeer client (wrapped in
# recording_peer.gd) as the SceneMultiplayer's peer, with session_peer.gd at
# /root/Main/mp_session/Peer; the gdnet side drives it with that node's command() RPC (see its
# header for what it reports). The run ends on "leave", or when the connection is lost.
# Args:
#   url    the session (required)
#   auth   {"challenge": text, "secret": text}: authenticate with auth_callback: when the server
#          sends `challenge`, answer `secret` (send_auth) and complete_auth; any other data from
#          it is only reported
# Reports: connecting, auth_data {from, text, me (its own id)}, auth_sent {send_error,
# complete_error}, closed, and the node's events.

const RecordingPeer = preload("res://recording_peer.gd")
const SessionPeer = preload("res://session_peer.gd")

var peer := WebSocketMultiplayerPeer.new()
var recorder: MultiplayerPeerExtension = null
var _auth := {}


func start() -> void:
	var url = require_arg("url")
	if url == null:
		return
	var node := SessionPeer.new()
	node.name = "Peer"
	node.scenario = self
	add_child(node)
	_auth = arg("auth", {})
	if not _auth.is_empty():
		(multiplayer as SceneMultiplayer).auth_callback = _on_auth
	var error := peer.create_client(String(url))
	if error != OK:
		fail("create_client returned %s" % error_string(error))
		return
	recorder = RecordingPeer.new(peer)
	node.recorder = recorder
	multiplayer.multiplayer_peer = recorder
	report("connecting", {"url": url})


func _on_auth(id: int, data: PackedByteArray) -> void:
	var text := data.get_string_from_utf8()
	report("auth_data", {"from": id, "text": text, "me": multiplayer.get_unique_id()})
	if text != String(_auth.get("challenge", "")):
		return
	var api := multiplayer as SceneMultiplayer
	var send_error := api.send_auth(id, String(_auth.get("secret", "")).to_utf8_buffer())
	var complete_error := api.complete_auth(id)
	report("auth_sent", {"send_error": send_error, "complete_error": complete_error})


# "leave", or the connection is gone: close first, so no socket outlives the run in the page.
func end_run() -> void:
	if is_done():
		return
	peer.close()
	report("closed")
	finish(0)
