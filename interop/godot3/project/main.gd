extends Node
# Runs one interop scenario, chosen by the environment (interop/godot3/godot3.ts sets it):
#   GDNET_SCENARIO  name of a script in res://scenarios/ (without ".gd"); required
#   GDNET_ARGS      the scenario's arguments: base64 of a UTF-8 JSON object (default {})
#   GDNET_TIMEOUT   self-timeout in seconds (default 10): past it the run fails, so it never hangs
#
# Every result is one stdout line "GDNET <json object>" with an "event" field. The runner itself
# reports "start", "fail" (with "message") and, last, "exit" (with "code"). Exit codes:
#   0 the scenario finished, 1 it called fail(), 2 bad environment or scenario, 3 self-timeout.

const PREFIX := "GDNET "
const DEFAULT_TIMEOUT_S := 10.0

var _done := false
var _deadline_ms := 0
var _timeout_s := DEFAULT_TIMEOUT_S
var _scenario = null


func _ready() -> void:
	var scenario_name := OS.get_environment("GDNET_SCENARIO")
	var timeout_text := OS.get_environment("GDNET_TIMEOUT")
	if timeout_text != "":
		if not timeout_text.is_valid_float() or float(timeout_text) <= 0.0:
			_setup_error("GDNET_TIMEOUT must be a number of seconds > 0, got '%s'" % timeout_text)
			return
		_timeout_s = float(timeout_text)
	_deadline_ms = OS.get_ticks_msec() + int(_timeout_s * 1000.0)
	report("start", {"scenario": scenario_name, "godot": Engine.get_version_info().string, "timeout": _timeout_s})

	var args := {}
	var args_text := OS.get_environment("GDNET_ARGS")
	if args_text != "":
		var parsed := JSON.parse(Marshalls.base64_to_utf8(args_text))
		if parsed.error != OK or typeof(parsed.result) != TYPE_DICTIONARY:
			_setup_error("GDNET_ARGS must be base64 of a JSON object")
			return
		args = parsed.result

	var path := "res://scenarios/%s.gd" % scenario_name
	if scenario_name == "" or not File.new().file_exists(path):
		_setup_error("no scenario '%s' (set GDNET_SCENARIO to a script name in res://scenarios/)" % scenario_name)
		return
	var script = load(path)
	if script == null or not script.can_instance():
		_setup_error("scenario '%s' did not load (see the SCRIPT ERROR on stderr)" % scenario_name)
		return
	_scenario = script.new()
	if not (_scenario is Node) or not _scenario.has_method("start"):
		_setup_error("scenario '%s' must extend res://scenario.gd" % scenario_name)
		return
	_scenario.name = scenario_name
	_scenario.args = args
	_scenario.runner = self
	add_child(_scenario)
	_scenario.start()


func _process(_delta: float) -> void:
	if not _done and OS.get_ticks_msec() > _deadline_ms:
		report("fail", {"message": "self-timeout: the scenario did not finish within %s s" % _timeout_s})
		finish(3)


# Prints one result line; nothing is printed once the run has finished.
func report(event: String, fields: Dictionary = {}) -> void:
	if _done:
		return
	var line := fields.duplicate()
	line["event"] = event
	print(PREFIX + to_json(line))


# Ends the run with `code` (the process exit code) after reporting "exit".
func finish(code: int) -> void:
	if _done:
		return
	report("exit", {"code": code})
	_done = true
	get_tree().quit(code)


func fail(message: String) -> void:
	report("fail", {"message": message})
	finish(1)


func is_done() -> bool:
	return _done


func _setup_error(message: String) -> void:
	report("fail", {"message": message})
	finish(2)
