extends MultiplayerPeerExtension
# A MultiplayerPeer that hands everything to `inner` (the real WebSocketMultiplayerPeer or
# WebRTCMultiplayerPeer) and keeps, for the packet SceneMultiplayer took last, the peer, channel and
# transfer mode `inner` gave it (`last`): SceneMultiplayer runs an RPC or emits peer_packet right
# after taking its packet, so the handler can report how its call arrived. (Asked inside the
# handler, `get_packet_channel()` already describes the next packet, or nothing.)
# Scenarios wrap their peer: multiplayer.multiplayer_peer = RecordingPeer.new(real_peer).

var inner: MultiplayerPeer
# {"from": int, "channel": int, "mode": int, "size": int} of the last packet taken; {} before any.
var last := {}


func _init(p_inner: MultiplayerPeer) -> void:
	inner = p_inner
	inner.peer_connected.connect(func(id: int) -> void: peer_connected.emit(id))
	inner.peer_disconnected.connect(func(id: int) -> void: peer_disconnected.emit(id))


func _get_packet_script() -> PackedByteArray:
	var from := inner.get_packet_peer()
	var channel := inner.get_packet_channel()
	var mode := inner.get_packet_mode()
	var data := inner.get_packet()
	last = {"from": from, "channel": channel, "mode": mode, "size": data.size()}
	return data


func _put_packet_script(p_buffer: PackedByteArray) -> Error:
	return inner.put_packet(p_buffer)


func _get_available_packet_count() -> int:
	return inner.get_available_packet_count()


func _get_max_packet_size() -> int:
	return 1 << 24


func _get_packet_peer() -> int:
	return inner.get_packet_peer()


func _get_packet_channel() -> int:
	return inner.get_packet_channel()


func _get_packet_mode() -> MultiplayerPeer.TransferMode:
	return inner.get_packet_mode()


func _set_transfer_channel(p_channel: int) -> void:
	inner.transfer_channel = p_channel


func _get_transfer_channel() -> int:
	return inner.transfer_channel


func _set_transfer_mode(p_mode: MultiplayerPeer.TransferMode) -> void:
	inner.transfer_mode = p_mode


func _get_transfer_mode() -> MultiplayerPeer.TransferMode:
	return inner.transfer_mode


func _set_target_peer(p_peer: int) -> void:
	inner.set_target_peer(p_peer)


func _is_server() -> bool:
	return inner.get_unique_id() == 1


func _poll() -> void:
	inner.poll()


func _close() -> void:
	inner.close()


func _disconnect_peer(p_peer: int, p_force: bool) -> void:
	inner.disconnect_peer(p_peer, p_force)


func _get_unique_id() -> int:
	return inner.get_unique_id()


func _set_refuse_new_connections(p_enable: bool) -> void:
	inner.refuse_new_connections = p_enable


func _is_refusing_new_connections() -> bool:
	return inner.refuse_new_connections


func _is_server_relay_supported() -> bool:
	return inner.is_server_relay_supported()


func _get_connection_status() -> MultiplayerPeer.ConnectionStatus:
	return inner.get_connection_status()
