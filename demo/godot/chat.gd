extends Node
# /root/Lobby/Chat: the demo's chat, the same node the page's players register as "Lobby/Chat"
# (multiplayer-panel.ts) with the same one @rpc function, so the path checksums agree.


@rpc("any_peer", "call_local", "reliable")
func say(text: String) -> void:
	print("Chat, peer %d: %s" % [multiplayer.get_remote_sender_id(), text])
