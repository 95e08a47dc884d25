extends Node
# The node the session tests call RPCs on, at /root/Main/<scenario>/Peer in mp_session and
# rtc_session, and the game's side of those sessions. Its @rpc functions (names and options) must
# match SESSION_RPC in interop/godot4/session.ts: SceneMultiplayer numbers the methods by their
# sorted names and checks a hash of the names when it caches the path. The options are what the
# tests compare with gdnet's reading of the same words (rpc_config), and the channels and modes
# are what they arrive with.
#
# Reports (through `scenario`):
#   rpc_config {config}: the script's get_rpc_config(), at start
#   connected {id} (inside connected_to_server), peer_connected {id}, peer_disconnected {id},
#   connection_failed, server_disconnected, peer_authenticating {id},
#   peer_authentication_failed {id}
#   called {method, from, me, args (var_to_str of each), types, packet}: an RPC ran; `packet` is
#     how its packet arrived ({from, channel, mode, size} from recording_peer.gd; for a call_local
#     run it still describes the packet before)
#   value {label, from, type, text, b64, typed, equal}: value(label, v) ran: v's type, var_to_str,
#     var_to_bytes, typed-container element types, and whether it is the value of that label in
#     values.gd (the label's last ":"-separated part: "echo:int_1" is int_1)
#   peer_packet {from, text, packet}: a send_bytes packet (its UTF-8 text)
#   value_sent {to, label, b64, error}, values_sent {to, count}, rpc_sent {to, method, error},
#   bytes_sent {to, text, mode, channel, error}: what command() did
#
# command(name, params), from any peer, makes Godot act:
#   "send_values" {to (default: the sender), prefix}: value(prefix + label, v) to `to` for every
#     value of values.gd
#   "call" {to, method, args}: rpc_id(to, method, ...args); an arg {"b64": "..."} is a
#     PackedByteArray
#   "send_bytes" {to, text, mode, channel}: multiplayer.send_bytes(UTF-8 of text, to, mode, channel)
#   "leave": the scenario closes its peer and finishes
#   anything else: the scenario's on_command(name, params), if it has one

const Values = preload("res://values.gd")

var scenario: Node = null
# The scenario's recording_peer.gd (its `last` describes the packet being handled).
var recorder: MultiplayerPeerExtension = null
# The tree's SceneMultiplayer (the `multiplayer` property is typed MultiplayerAPI).
var api: SceneMultiplayer = null
var _values := {}


func _ready() -> void:
	for pair in Values.values(scenario):
		_values[pair[0]] = pair[1]
	api = multiplayer as SceneMultiplayer
	multiplayer.peer_connected.connect(func(id: int) -> void: scenario.report("peer_connected", {"id": id}))
	multiplayer.peer_disconnected.connect(func(id: int) -> void: scenario.report("peer_disconnected", {"id": id}))
	multiplayer.connected_to_server.connect(func() -> void: scenario.report("connected", {"id": multiplayer.get_unique_id()}))
	multiplayer.connection_failed.connect(_on_lost.bind("connection_failed"))
	multiplayer.server_disconnected.connect(_on_lost.bind("server_disconnected"))
	api.peer_packet.connect(_on_peer_packet)
	api.peer_authenticating.connect(func(id: int) -> void: scenario.report("peer_authenticating", {"id": id}))
	api.peer_authentication_failed.connect(func(id: int) -> void: scenario.report("peer_authentication_failed", {"id": id}))
	scenario.report("rpc_config", {"config": get_script().get_rpc_config()})


@rpc("any_peer", "call_remote", "reliable")
func bytes_only(data) -> void:
	_called("bytes_only", [data])


@rpc("any_peer", "call_remote", "reliable")
func command(name: String, params: Dictionary) -> void:
	var sender := multiplayer.get_remote_sender_id()
	match name:
		"send_values":
			_send_values(int(params.get("to", sender)), String(params.get("prefix", "")))
		"call":
			var to := int(params["to"])
			var method := String(params["method"])
			var args := []
			for value in params.get("args", []):
				args.append(Marshalls.base64_to_raw(value["b64"]) if typeof(value) == TYPE_DICTIONARY else value)
			var error: Error = callv("rpc_id", [to, method] + args)
			scenario.report("rpc_sent", {"to": to, "method": method, "error": error})
		"send_bytes":
			var to := int(params.get("to", 0))
			var text := String(params["text"])
			var mode := int(params.get("mode", MultiplayerPeer.TRANSFER_MODE_RELIABLE))
			var channel := int(params.get("channel", 0))
			var error: Error = api.send_bytes(text.to_utf8_buffer(), to, mode, channel)
			scenario.report("bytes_sent", {"to": to, "text": text, "mode": mode, "channel": channel, "error": error})
		"leave":
			# Deferred: the peer is being polled right now.
			scenario.call_deferred("end_run")
		_:
			if scenario.has_method("on_command"):
				scenario.on_command(name, params)
			else:
				scenario.report("unknown_command", {"name": name})


@rpc("any_peer")
func default_mode(tag) -> void:
	_called("default_mode", [tag])


@rpc("any_peer", "call_local", "reliable")
func local_ping(tag) -> void:
	_called("local_ping", [tag])


@rpc("any_peer", "call_remote", "reliable")
func no_args() -> void:
	_called("no_args", [])


@rpc("any_peer", "unreliable_ordered", "call_remote", 2)
func ordered_ch2(tag) -> void:
	_called("ordered_ch2", [tag])


@rpc
func plain() -> void:
	_called("plain", [])


@rpc("any_peer", "call_remote", "reliable", 1)
func reliable_ch1(tag) -> void:
	_called("reliable_ch1", [tag])


@rpc("authority", "call_remote", "reliable")
func server_only(tag) -> void:
	_called("server_only", [tag])


@rpc("any_peer", "unreliable")
func unreliable_ch0(tag) -> void:
	_called("unreliable_ch0", [tag])


@rpc("any_peer", "unreliable", "call_local", 1)
func unreliable_ch1(tag) -> void:
	_called("unreliable_ch1", [tag])


@rpc("any_peer", "call_remote", "reliable")
func value(label, v) -> void:
	var text := String(label)
	var own := text.get_slice(":", text.get_slice_count(":") - 1)
	scenario.report("value", {
		"label": text,
		"from": multiplayer.get_remote_sender_id(),
		"type": typeof(v),
		"text": Values.text_of(v),
		"b64": Marshalls.raw_to_base64(var_to_bytes(v)),
		"typed": Values.typed_of(v),
		"equal": Values.same_as(v, _values[own]) if _values.has(own) else null,
	})


func _send_values(to: int, prefix: String) -> void:
	var count := 0
	for pair in Values.values(scenario):
		var error: Error = rpc_id(to, "value", prefix + pair[0], pair[1])
		scenario.report("value_sent", {"to": to, "label": pair[0], "b64": Marshalls.raw_to_base64(var_to_bytes(pair[1])), "error": error})
		count += 1
	scenario.report("values_sent", {"to": to, "count": count})


func _called(method: String, args: Array) -> void:
	var texts := []
	var types := []
	for value in args:
		texts.append(var_to_str(value))
		types.append(typeof(value))
	scenario.report("called", {
		"method": method,
		"from": multiplayer.get_remote_sender_id(),
		"me": multiplayer.get_unique_id(),
		"args": texts,
		"types": types,
		"packet": recorder.last.duplicate() if recorder != null else {},
	})


func _on_peer_packet(id: int, packet: PackedByteArray) -> void:
	scenario.report("peer_packet", {"from": id, "text": packet.get_string_from_utf8(), "packet": recorder.last.duplicate() if recorder != null else {}})


func _on_lost(what: String) -> void:
	scenario.report(what)
	scenario.call_deferred("end_run")
