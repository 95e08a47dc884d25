extends Node
# Runs one interop scenario, chosen by the user arguments (after "--" on the engine's command line;
# interop/godot4/godot4.ts passes them through the web template's Engine `args`):
#   --scenario=NAME   a script in res://scenarios/ (without ".gd"); required
#   --args=BASE64     the scenario's arguments: base64 of a UTF-8 JSON object (default {})
#   --timeout=S       self-timeout in seconds (default 10): past it the run fails, so it never hangs
#
# Every result is one printed line "GDNET <json object>" with an "event" field (print() arrives
# in the page's onPrint). The runner itself reports "start", "fail" (with "message") and, last,
# "exit" (with "code"). Exit codes, given to get_tree().quit() and so to the page's onExit:
#   0 the scenario finished, 1 it called fail(), 2 bad arguments or scenario, 3 self-timeout.

const PREFIX := "GDNET "
const DEFAULT_TIMEOUT_S := 10.0

var _done := false
var _deadline_ms := 0
var _timeout_s := DEFAULT_TIMEOUT_S
var _scenario: Node = null


func _ready() -> void:
	var options := {}
	for argument in OS.get_cmdline_user_args():
		var pair: PackedStringArray = argument.trim_prefix("--").split("=", true, 1)
		options[pair[0]] = pair[1] if pair.size() > 1 else ""
	var scenario_name: String = options.get("scenario", "")
	var timeout_text: String = options.get("timeout", "")
	if timeout_text != "":
		if not timeout_text.is_valid_float() or float(timeout_text) <= 0.0:
			_setup_error("--timeout must be a number of seconds > 0, got '%s'" % timeout_text)
			return
		_timeout_s = float(timeout_text)
	_deadline_ms = Time.get_ticks_msec() + int(_timeout_s * 1000.0)
	report("start", {"scenario": scenario_name, "godot": Engine.get_version_info().string, "timeout": _timeout_s})

	var args := {}
	var args_text: String = options.get("args", "")
	if args_text != "":
		var parsed = JSON.parse_string(Marshalls.base64_to_utf8(args_text))
		if typeof(parsed) != TYPE_DICTIONARY:
			_setup_error("--args must be base64 of a JSON object")
			return
		args = parsed

	var path := "res://scenarios/%s.gd" % scenario_name
	if scenario_name == "" or not FileAccess.file_exists(path):
		_setup_error("no scenario '%s' (pass --scenario=NAME, a script in res://scenarios/)" % scenario_name)
		return
	var script = load(path)
	if script == null or not script.can_instantiate():
		_setup_error("scenario '%s' did not load (see the SCRIPT ERROR printed before)" % scenario_name)
		return
	_scenario = script.new()
	if not (_scenario is Node) or not _scenario.has_method("start"):
		_setup_error("scenario '%s' must extend res://scenario.gd" % scenario_name)
		return
	_scenario.name = scenario_name
	_scenario.set("args", args)
	_scenario.set("runner", self)
	add_child(_scenario)
	_scenario.call("start")


func _process(_delta: float) -> void:
	if not _done and Time.get_ticks_msec() > _deadline_ms:
		report("fail", {"message": "self-timeout: the scenario did not finish within %s s" % _timeout_s})
		finish(3)


# Prints one result line; nothing is printed once the run has finished.
func report(event: String, fields: Dictionary = {}) -> void:
	if _done:
		return
	var line := fields.duplicate()
	line["event"] = event
	print(PREFIX + JSON.stringify(line))


# Ends the run with `code` (the page's onExit gets it) after reporting "exit".
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
