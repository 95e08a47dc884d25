extends "res://scenario.gd"
# A Godot 4.6 game in a WebRTC session, signaled through the webrtc_signaling demo's 4.x protocol
# (godot-demo-projects networking/webrtc_signaling, client/ws_webrtc_client.gd and
# multiplayer_client.gd; written from their behaviour): JSON text messages {type, id, data} over a
# WebSocketPeer; JOIN a lobby (id 0 for a mesh, 1 for client/server), ID gives our id and whether
# the lobby is a mesh, PEER_CONNECT / PEER_DISCONNECT announce peers, OFFER / ANSWER / CANDIDATE
# carry each connection's signaling (a candidate is "\n<mid>\n<index>\n<sdp>"), SEAL closes the
# lobby. On ID the game creates its WebRTCMultiplayerPeer (mesh, server for id 1, client otherwise),
# wraps it in recording_peer.gd as the SceneMultiplayer's peer, and makes a WebRTCPeerConnection
# per announced peer; as in the demo, the peer whose id is larger offers, so the lobby's creator
# never does. A close after SEAL keeps the mesh; any other close ends the run, and so does the
# last peer leaving after a SEAL.
# session_peer.gd is at /root/Main/rtc_session/Peer (see its header); its command() also takes
# "seal" (the game seals the lobby: it must be the lobby's host).
# Args:
#   url        the signaling server (required)
#   lobby      the lobby to join; "" (default) creates one
#   mesh       create a mesh lobby (default true) or a client/server one
#   channels   the WebRTCMultiplayerPeer's channels_config: TransferMode values (default [])
# Reports: signaling_open, signaling_id {id, mesh}, lobby_joined {lobby}, lobby_sealed,
# signaling_closed {code, reason, sealed}, announced {id}, unannounced {id}, add_peer {id, error},
# description_created {to, type}, description_received {from, type, error},
# candidate_created {to}, candidate_received {from, mid, index, error}, seal_sent {error},
# bad_message {text}, closed, and the node's events.

enum Message { JOIN, ID, PEER_CONNECT, PEER_DISCONNECT, OFFER, ANSWER, CANDIDATE, SEAL }

const RecordingPeer = preload("res://recording_peer.gd")
const SessionPeer = preload("res://session_peer.gd")

var ws := WebSocketPeer.new()
var rtc := WebRTCMultiplayerPeer.new()
var recorder: MultiplayerPeerExtension = null
var node: Node = null
var _lobby := ""
var _mesh := true
var _channels := []
var _sealed := false
var _state := WebSocketPeer.STATE_CLOSED


func start() -> void:
	var url = require_arg("url")
	if url == null:
		return
	_lobby = String(arg("lobby", ""))
	_mesh = bool(arg("mesh", true))
	for mode in arg("channels", []):
		_channels.append(int(mode))
	node = SessionPeer.new()
	node.name = "Peer"
	node.scenario = self
	add_child(node)
	multiplayer.peer_disconnected.connect(_on_peer_left)
	var error := ws.connect_to_url(String(url))
	if error != OK:
		fail("connect_to_url returned %s" % error_string(error))
		return
	_state = ws.get_ready_state()


func _process(_delta: float) -> void:
	if is_done():
		return
	ws.poll()
	var state := ws.get_ready_state()
	if state != _state and state == WebSocketPeer.STATE_OPEN:
		report("signaling_open")
		_send(Message.JOIN, 0 if _mesh else 1, _lobby)
	while state == WebSocketPeer.STATE_OPEN and ws.get_available_packet_count() > 0:
		_on_message(ws.get_packet().get_string_from_utf8())
	if state != _state and state == WebSocketPeer.STATE_CLOSED:
		report("signaling_closed", {"code": ws.get_close_code(), "reason": ws.get_close_reason(), "sealed": _sealed})
		if not _sealed:
			end_run()
	_state = state


func _on_message(text: String) -> void:
	var message = JSON.parse_string(text)
	if typeof(message) != TYPE_DICTIONARY or not message.has("type") or not message.has("id") or typeof(message.get("data")) != TYPE_STRING:
		report("bad_message", {"text": text})
		return
	var id := int(message["id"])
	var data: String = message["data"]
	match int(message["type"]):
		Message.ID:
			_on_id(id, data == "true")
		Message.JOIN:
			_lobby = data
			report("lobby_joined", {"lobby": data})
		Message.SEAL:
			_sealed = true
			report("lobby_sealed")
		Message.PEER_CONNECT:
			report("announced", {"id": id})
			_add_peer(id)
		Message.PEER_DISCONNECT:
			report("unannounced", {"id": id})
			if rtc.has_peer(id):
				rtc.remove_peer(id)
		Message.OFFER, Message.ANSWER:
			var type := "offer" if int(message["type"]) == Message.OFFER else "answer"
			var error := ERR_DOES_NOT_EXIST
			if rtc.has_peer(id):
				error = rtc.get_peer(id)["connection"].set_remote_description(type, data)
			report("description_received", {"from": id, "type": type, "error": error})
		Message.CANDIDATE:
			var parts := data.split("\n", false)
			if parts.size() != 3 or not parts[1].is_valid_int():
				report("bad_message", {"text": text})
				return
			var error := ERR_DOES_NOT_EXIST
			if rtc.has_peer(id):
				error = rtc.get_peer(id)["connection"].add_ice_candidate(parts[0], parts[1].to_int(), parts[2])
			report("candidate_received", {"from": id, "mid": parts[0], "index": parts[1].to_int(), "error": error})
		_:
			report("bad_message", {"text": text})


func _on_id(id: int, mesh: bool) -> void:
	report("signaling_id", {"id": id, "mesh": mesh})
	var error: Error
	if mesh:
		error = rtc.create_mesh(id, _channels)
	elif id == 1:
		error = rtc.create_server(_channels)
	else:
		error = rtc.create_client(id, _channels)
	if error != OK:
		fail("creating the WebRTCMultiplayerPeer returned %s" % error_string(error))
		return
	recorder = RecordingPeer.new(rtc)
	node.recorder = recorder
	multiplayer.multiplayer_peer = recorder


func _add_peer(id: int) -> void:
	var connection := WebRTCPeerConnection.new()
	# No ICE servers: host candidates are enough on one machine (the demo uses a public STUN server).
	connection.initialize({"iceServers": []})
	connection.session_description_created.connect(_on_description_created.bind(id))
	connection.ice_candidate_created.connect(_on_candidate_created.bind(id))
	var error := rtc.add_peer(connection, id)
	report("add_peer", {"id": id, "error": error})
	if error == OK and id < rtc.get_unique_id():
		connection.create_offer()


func _on_description_created(type: String, sdp: String, id: int) -> void:
	if not rtc.has_peer(id):
		return
	rtc.get_peer(id)["connection"].set_local_description(type, sdp)
	report("description_created", {"to": id, "type": type})
	_send(Message.OFFER if type == "offer" else Message.ANSWER, id, sdp)


func _on_candidate_created(mid: String, index: int, sdp: String, id: int) -> void:
	report("candidate_created", {"to": id})
	_send(Message.CANDIDATE, id, "\n%s\n%d\n%s" % [mid, index, sdp])


func _send(type: int, id: int, data: String = "") -> Error:
	return ws.send_text(JSON.stringify({"type": type, "id": id, "data": data}))


func _on_peer_left(_id: int) -> void:
	if _sealed and multiplayer.get_peers().is_empty():
		call_deferred("end_run")


# session_peer.gd's command() hands over the commands it does not know.
func on_command(name: String, _params: Dictionary) -> void:
	if name == "seal":
		report("seal_sent", {"error": _send(Message.SEAL, 0)})


# "leave", or signaling lost before a seal: close everything, so nothing outlives the run.
func end_run() -> void:
	if is_done():
		return
	rtc.close()
	ws.close()
	report("closed")
	finish(0)
