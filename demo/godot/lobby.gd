extends Node
# The demo's Godot 4.6 player (main.tscn: Lobby, with Chat and Arena under it). The page starts the
# official web build on this project with the relay's URL as a user argument:
#   --relay=ws://127.0.0.1:9082/   the demo's gdnet relay session (required)
# and this node joins that session as a plain Godot 4 client: WebSocketMultiplayerPeer +
# the SceneTree's SceneMultiplayer, exactly what a Godot game does. The page's gdnet players are
# clients of the same relay, so every RPC here reaches them and theirs reach this game.
#
# Everything printed goes to the page's "Godot output" box (the Engine's onPrint).

## What this player calls itself in hello(): "Godot 4.6.stable".
var player_name := ""
## True once the relay gave this client its id; Arena sends nothing before.
var online := false


func _ready() -> void:
	var version := Engine.get_version_info()
	player_name = "Godot %d.%d.%s" % [version["major"], version["minor"], version["status"]]
	var relay := _user_arg("relay")
	if relay == "":
		printerr("No relay: start the engine with -- --relay=ws://host:port/")
		return
	var peer := WebSocketMultiplayerPeer.new()
	var error := peer.create_client(relay)
	if error != OK:
		printerr("create_client(%s) failed: %s" % [relay, error_string(error)])
		return
	multiplayer.connected_to_server.connect(_on_connected)
	multiplayer.connection_failed.connect(func() -> void: print("Could not reach the relay at %s" % relay))
	multiplayer.server_disconnected.connect(_on_server_disconnected)
	multiplayer.peer_connected.connect(_on_peer_connected)
	multiplayer.peer_disconnected.connect(_on_peer_disconnected)
	multiplayer.multiplayer_peer = peer
	print("%s joining the relay at %s" % [player_name, relay])


func _on_connected() -> void:
	online = true
	print("Joined as peer %d" % multiplayer.get_unique_id())


# Peer 1 is the relay itself, which has no scene: only players get a hello and a chat line. Each
# player, already there or arriving later, is announced here once, so each gets exactly one.
# Not a broadcast from _on_connected: then the relay is the only peer this client knows of, and a
# broadcast RPC goes to the peers known (one by one until they confirm the node's path).
func _on_peer_connected(id: int) -> void:
	if id == 1:
		return
	$Arena.hello.rpc_id(id, player_name)
	$Chat.say.rpc_id(id, "Hi from %s: GDScript over WebSocketMultiplayerPeer" % player_name)


func _on_peer_disconnected(id: int) -> void:
	$Arena.forget(id)


func _on_server_disconnected() -> void:
	online = false
	print("The relay closed the session")


# The value of --NAME=value after the engine's "--", or "".
func _user_arg(key: String) -> String:
	for argument in OS.get_cmdline_user_args():
		if argument.begins_with("--%s=" % key):
			return argument.trim_prefix("--%s=" % key)
	return ""
