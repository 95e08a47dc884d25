extends Node
# The node the multiplayer tests call RPCs on: /root/Main/mp_rpc/Peer in the scenario mp_rpc. Its
# @rpc functions (names and options) must match the node gdnet registers at that path, since
# SceneMultiplayer numbers the methods by their sorted names.
# Reports (through `scenario`): called {method, from, args (var_to_str of each), types}.

var scenario: Node = null


@rpc("any_peer", "call_remote", "reliable")
func hello(text, number) -> void:
	_called("hello", [text, number])


@rpc("any_peer", "call_remote", "reliable")
func typed(i: int, f: float, s: String, v: Vector2, a: Array[int]) -> void:
	_called("typed", [i, f, s, v, a])


@rpc("any_peer", "call_remote", "reliable")
func finish_run() -> void:
	_called("finish_run", [])
	# Deferred: the peer is being polled right now.
	scenario.call_deferred("end_run")


func _called(method: String, args: Array) -> void:
	var texts := []
	var types := []
	for value in args:
		texts.append(var_to_str(value))
		types.append(typeof(value))
	scenario.report("called", {"method": method, "from": multiplayer.get_remote_sender_id(), "args": texts, "types": types})
