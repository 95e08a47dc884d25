extends "res://scenario.gd"
# The harness's own check: reports its arguments and the user arguments as Godot read them, then
# finishes (or, with "hang": true, never finishes, to test the timeouts).
# Args: anything; "hang" (bool), "require" (a key that must be there). Reports "args {args, cmdline}".


func start() -> void:
	if arg("require") != null and require_arg(String(arg("require"))) == null:
		return
	report("args", {"args": args, "cmdline": OS.get_cmdline_user_args()})
	if not arg("hang", false):
		finish(0)
