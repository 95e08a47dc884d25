extends Node
# Base of every scenario in res://scenarios/: `extends "res://scenario.gd"`, override start(),
# do the work in signal handlers and _process, report() what happened and finish() when done.
# The runner (main.gd) sets `args` and `runner` before start() and enforces the self-timeout.

# The scenario's arguments: the JSON object the test passed (numbers arrive as floats).
var args := {}
var runner: Node = null


# Called once, after the scenario is in the tree.
func start() -> void:
	pass


# Prints `GDNET {"event": event, ...fields}` for the test to read.
func report(event: String, fields: Dictionary = {}) -> void:
	runner.report(event, fields)


# Ends the run: the page's onExit gets `code` (0 = the scenario ran to its end).
func finish(code: int = 0) -> void:
	runner.finish(code)


# Ends the run with exit code 1 and a "fail" event carrying `message`.
func fail(message: String) -> void:
	runner.fail(message)


func is_done() -> bool:
	return runner.is_done()


func arg(key: String, default = null):
	return args[key] if args.has(key) else default


func int_arg(key: String, default: int = 0) -> int:
	return int(args[key]) if args.has(key) else default


func require_arg(key: String):
	if not args.has(key):
		fail("missing argument '%s'" % key)
		return null
	return args[key]
