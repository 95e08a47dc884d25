extends Node
# The node the RPC/RSET interop tests call on. res://scenarios/mp_rpc.gd puts two of them under
# the runner: /root/Main/Player (network master 1, the server) and /root/Main/Stranger (network
# master `stranger_master`, a peer that does not exist). The gdnet side registers the same paths
# with the same modes. Every call and set that runs is reported through the scenario.
#
#   remote func take(label, value)   report "took" {node, label, from, type, text, b64, ...}, then
#                                    send the value back: rpc_id(sender, "echoed", label, value)
#                                    (an EncodedObjectAsID goes back as the object it names)
#   remote func echoed(label, value) report "echoed" {node, label, from, ...}
#   remote func send_values()        rpc_id(sender, "take", label, value) for each of the
#                                    scenario's `values`, reporting "sent" {label, ...} for each
#   remote func perform(actions)     for each [op, node, name, text]: rpc_id / rset_id (op "rpc_id"
#                                    / "rset_id") to the sender, or rpc / rset to everyone, on
#                                    that node with str2var(text); then rpc_id(sender, "performed", count)
#   remote func ping(tag)            report "pinged" {tag, from}
#   remote func finish_run()         end the run (exit 0)
#   master func master_only(value), puppet func puppet_only(value), remotesync func sync_all(value),
#   mastersync func master_sync(value), puppetsync func puppet_sync(value),
#   func plain(value) (no keyword)   report "called" {node, method, from, text}
#   remote var remote_var, puppet var puppet_var, var plain_var (no keyword)
#                                    report "set" {node, property, from, type, text, b64} when set

var scenario = null

remote var remote_var = null setget _set_remote_var
puppet var puppet_var = null setget _set_puppet_var
var plain_var = null setget _set_plain_var


func _sender() -> int:
	return get_tree().get_rpc_sender_id()


func _report(event: String, fields: Dictionary) -> void:
	fields["node"] = name
	scenario.report(event, fields)


remote func take(label, value) -> void:
	var fields: Dictionary = scenario.describe_value(value)
	fields["label"] = label
	fields["from"] = _sender()
	_report("took", fields)
	var back = value
	if typeof(value) == TYPE_OBJECT and value != null and value is EncodedObjectAsID:
		back = instance_from_id(value.get_object_id())
	rpc_id(_sender(), "echoed", label, back)


remote func echoed(label, value) -> void:
	var fields: Dictionary = scenario.describe_value(value)
	fields["label"] = label
	fields["from"] = _sender()
	_report("echoed", fields)


remote func send_values() -> void:
	var to := _sender()
	for spec in scenario.arg("values", []):
		var value = scenario.make_value(spec)
		var fields: Dictionary = scenario.describe_value(value)
		fields["label"] = spec["label"]
		_report("sent", fields)
		rpc_id(to, "take", spec["label"], value)


remote func perform(actions) -> void:
	var to := _sender()
	for action in actions:
		var target = get_parent().get_node(action[1])
		var value = str2var(action[3])
		match action[0]:
			"rpc_id":
				target.rpc_id(to, action[2], value)
			"rpc":
				target.rpc(action[2], value)
			"rset_id":
				target.rset_id(to, action[2], value)
			"rset":
				target.rset(action[2], value)
			_:
				scenario.fail("unknown action %s" % action[0])
				return
	rpc_id(to, "performed", actions.size())


remote func ping(tag) -> void:
	_report("pinged", {"tag": tag, "from": _sender()})


remote func finish_run() -> void:
	scenario.finish(0)


master func master_only(value) -> void:
	_called("master_only", value)


puppet func puppet_only(value) -> void:
	_called("puppet_only", value)


remotesync func sync_all(value) -> void:
	_called("sync_all", value)


mastersync func master_sync(value) -> void:
	_called("master_sync", value)


puppetsync func puppet_sync(value) -> void:
	_called("puppet_sync", value)


func plain(value) -> void:
	_called("plain", value)


func _called(method: String, value) -> void:
	_report("called", {"method": method, "from": _sender(), "text": var2str(value)})


func _set_remote_var(value) -> void:
	remote_var = value
	_was_set("remote_var", value)


func _set_puppet_var(value) -> void:
	puppet_var = value
	_was_set("puppet_var", value)


func _set_plain_var(value) -> void:
	plain_var = value
	_was_set("plain_var", value)


func _was_set(property: String, value) -> void:
	if scenario == null:
		return
	var fields: Dictionary = scenario.describe_value(value)
	fields["property"] = property
	fields["from"] = _sender()
	_report("set", fields)
