extends Node2D
# /root/Lobby/Arena: this player's dot, and the dots of the others as they arrive over the relay.
# The page's players register the same node ("Lobby/Arena", multiplayer-panel.ts) with the same
# four @rpc functions. Godot numbers RPC methods by their sorted names and checks an MD5 of the
# names when a peer first calls on a node, so both ends must declare exactly hello, move, ping
# and pong. Each end checks a call it receives against its own mode: any_peer on both.

const CENTER := Vector2(320, 140)
const RADIUS := Vector2(110, 80)
## Radians per second around the ellipse.
const SPEED := 1.1
## Seconds between two move RPCs: 20 a second, as the page's players send theirs.
const SEND_INTERVAL := 0.05

## Peer id -> {"name": String, "at": Vector2 once it moved}, for every other player heard from.
var players := {}
# A random start on the ellipse, so the Godot players of several tabs spread out.
var _angle := randf() * TAU
var _since_sent := 0.0
var _me := CENTER + Vector2(RADIUS.x, 0)


func _process(delta: float) -> void:
	_angle = fmod(_angle + SPEED * delta, TAU)
	_me = CENTER + Vector2(cos(_angle) * RADIUS.x, sin(_angle) * RADIUS.y)
	_since_sent += delta
	if _since_sent >= SEND_INTERVAL and get_parent().online:
		_since_sent = 0.0
		move.rpc(_me)
	queue_redraw()


## A player introduces itself (the page's players say "gdnet", this one "Godot 4.6.stable").
@rpc("any_peer", "reliable")
func hello(player_name: String) -> void:
	var id := multiplayer.get_remote_sender_id()
	_player(id)["name"] = player_name
	print("%s (peer %d) is here" % [player_name, id])


## A player's dot moved (unreliable: a lost position is replaced by the next one).
@rpc("any_peer", "unreliable")
func move(at: Vector2) -> void:
	var id := multiplayer.get_remote_sender_id()
	var player := _player(id)
	if not player.has("at"):
		print("First position from peer %d: (%d, %d)" % [id, at.x, at.y])
	player["at"] = at


## A player checks that this one hears it: the answer goes back to that player only, with the
## value upper-cased here, so the page sees its own value come back transformed by GDScript.
@rpc("any_peer", "reliable")
func ping(value: String) -> void:
	var from := multiplayer.get_remote_sender_id()
	var answer := value.to_upper()
	print('Ping "%s" from peer %d, answering "%s"' % [value, from, answer])
	pong.rpc_id(from, value, answer)


## The answer to a ping. This player never pings; it declares pong so that its method set, and so
## the checksum, is the same as the page's.
@rpc("any_peer", "reliable")
func pong(_value: String, _answer: String) -> void:
	pass


func forget(id: int) -> void:
	players.erase(id)


func _player(id: int) -> Dictionary:
	if not players.has(id):
		players[id] = {"name": str(id)}
	return players[id]


func _draw() -> void:
	var font := ThemeDB.fallback_font
	draw_string(font, Vector2(10, 20), "Godot's own view (GDScript, _draw)", HORIZONTAL_ALIGNMENT_LEFT, -1, 12, Color(0.55, 0.58, 0.66))
	for id in players:
		var player: Dictionary = players[id]
		if not player.has("at"):
			continue
		# Godot players in Godot's blue, as the page draws them; the page's players in one colour
		# (the page colours them by their WebRTC id, which this game never learns).
		var godot: bool = String(player["name"]).begins_with("Godot")
		draw_circle(player["at"], 9.0, Color("478cbf") if godot else Color("4cc38a"))
		draw_string(font, player["at"] + Vector2(13, 4), "%s (%d)" % [player["name"], id], HORIZONTAL_ALIGNMENT_LEFT, -1, 11)
	draw_circle(_me, 11.0, Color("478cbf"))
	var me := multiplayer.get_unique_id() if get_parent().online else 0
	draw_string(font, _me + Vector2(14, 4), "me, Godot (%d)" % me, HORIZONTAL_ALIGNMENT_LEFT, -1, 11)
