package opex.lib_test

import data.opex.fixtures as f
import data.opex.lib

test_changed_actions if {
	lib.changed({"change": {"actions": ["create"]}})
	lib.changed({"change": {"actions": ["update"]}})
	lib.changed({"change": {"actions": ["delete"]}})
	lib.changed({"change": {"actions": ["forget"]}})
	lib.changed({"change": {"actions": ["delete", "create"]}})
	lib.changed({"change": {"actions": ["create", "delete"]}})
	not lib.changed({"change": {"actions": ["no-op"]}})
	not lib.changed({"change": {"actions": ["read"]}})
	not lib.changed({"change": {"actions": []}})
	not lib.changed({})
}

_mixed := f.plan([
	f.create("aws_s3_bucket.a", "aws_s3_bucket", {"bucket": "a"}),
	f.noop("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "b"}),
	f.read("data.aws_iam_policy_document.p", "aws_iam_policy_document", {}),
	f.delete("module.m[\"x\"].aws_db_instance.db[0]", "aws_db_instance", {"identifier": "db"}),
	f.forget("aws_sqs_queue.q", "aws_sqs_queue", {"name": "q"}),
	f.replace_cbd("aws_instance.web", "aws_instance", {}, {}),
])

test_changes_skip_noop_and_read if {
	addrs := [rc.address | some rc in lib.changes] with input as _mixed
	addrs == ["aws_s3_bucket.a", "module.m[\"x\"].aws_db_instance.db[0]", "aws_sqs_queue.q", "aws_instance.web"]
}

test_changes_without_resource_changes if {
	lib.changes == [] with input as {}
	lib.blast_radius == 0 with input as {}
}

test_changes_by_type if {
	by := lib.changes_by_type with input as _mixed
	count(by.aws_s3_bucket) == 1
	count(by.aws_db_instance) == 1
	not by.aws_iam_policy_document
	got := {rc.address | some rc in lib.changes_of(["aws_s3_bucket", "aws_sqs_queue", "nope"])} with input as _mixed
	got == {"aws_s3_bucket.a", "aws_sqs_queue.q"}
}

test_present_includes_noop_excludes_deleted_and_data if {
	got := {rc.address | some rc in lib.present_of(["aws_s3_bucket", "aws_db_instance", "aws_iam_policy_document"])} with input as _mixed
	got == {"aws_s3_bucket.a", "aws_s3_bucket.b"}
}

test_replace_both_orders if {
	dbc := f.replace("a.b", "a", {}, {})
	cbd := f.replace_cbd("a.b", "a", {}, {})
	lib.is_replace(dbc)
	lib.is_replace(cbd)
	lib.replace_order(dbc) == "destroy-before-create"
	lib.replace_order(cbd) == "create-before-destroy"
	lib.action(dbc) == "replace"
	lib.action(cbd) == "replace"
	lib.deletes(dbc)
	lib.creates(cbd)
	lib.describe(dbc) == "replaced (destroy-before-create)"
	not lib.is_replace(f.update("a.b", "a", {}, {}))
	not lib.replace_order(f.update("a.b", "a", {}, {}))
}

test_action_and_describe if {
	lib.action(f.create("a.b", "a", {})) == "create"
	lib.describe(f.create("a.b", "a", {})) == "created"
	lib.describe(f.delete("a.b", "a", {})) == "deleted"
	lib.describe(f.forget("a.b", "a", {})) == "forgotten"
	odd := f.rc("a.b", "a", ["create", "update"], null, {})
	lib.action(odd) == "create-update"
	lib.describe(odd) == "changed (create-update)"
	lib.action(f.rc("a.b", "a", ["archive"], {}, {})) == "archive"
	lib.describe(f.rc("a.b", "a", ["archive"], {}, {})) == "changed (archive)"
}

test_keeps if {
	lib.keeps(f.create("a.b", "a", {}))
	lib.keeps(f.replace("a.b", "a", {}, {}))
	not lib.keeps(f.delete("a.b", "a", {}))
	not lib.keeps(f.noop("a.b", "a", {}))
}

test_values if {
	c := f.create("a.b", "a", {"x": 1})
	lib.after(c) == {"x": 1}
	lib.before(c) == {}
	lib.value(c) == {"x": 1}
	d := f.delete("a.b", "a", {"y": 2})
	lib.after(d) == {}
	lib.value(d) == {"y": 2}
}

test_unknown_and_known if {
	c := f.unknown(
		f.create("a.b", "a", {"x": 1, "n": null, "blk": [{"k": "v"}]}),
		{"whole": true, "blk": [{"u": true}], "obj": {"deep": true}},
	)
	lib.unknown(c, ["whole"])
	lib.unknown(c, ["whole", "inner", 0])
	lib.unknown(c, ["blk", 0, "u"])
	lib.unknown(c, ["obj", "deep"])
	not lib.unknown(c, ["x"])
	not lib.unknown(c, ["blk", 0, "k"])
	lib.known(c, ["x"]) == 1
	lib.known(c, ["blk", 0, "k"]) == "v"
	not lib.known(c, ["n"])
	not lib.known(c, ["whole"])
	lib.unset(c, ["n"])
	lib.unset(c, ["absent"])
	not lib.unset(c, ["whole"])
	not lib.unset(c, ["x"])
	all := f.unknown(f.create("a.b", "a", {}), true)
	lib.unknown(all, ["anything"])
}

test_sensitive_and_shown if {
	c := f.sensitive(f.create("a.b", "a", {"name": "n", "blk": [{"pw": "x"}], "other": "o"}), {"blk": [{"pw": true}], "name": false})
	lib.sensitive(c, ["blk", 0, "pw"])
	not lib.sensitive(c, ["name"])
	lib.shown(c, ["blk", 0, "pw"]) == "(sensitive)"
	lib.shown(c, ["other"]) == "o"
	all := f.sensitive(f.create("a.b", "a", {"x": 1}), true)
	lib.shown(all, ["x"]) == "(sensitive)"
}

test_blocks_list_object_absent if {
	lib.blocks({"b": [{"x": 1}, {"x": 2}]}, "b") == [{"x": 1}, {"x": 2}]
	lib.blocks({"b": {"x": 1}}, "b") == [{"x": 1}]
	lib.blocks({"b": null}, "b") == []
	lib.blocks({}, "b") == []
}

test_config_address if {
	lib.strip_keys(`module.a["x"].module.b[0].aws_x.y["k"]`) == "module.a.module.b.aws_x.y"
	lib.strip_keys(`aws_x.y["a]b \"q\""]`) == "aws_x.y"
	lib.config_address({"address": `module.a["x"].data.aws_x.y[3]`}) == "module.a.data.aws_x.y"
	lib.module_prefix({"address": `module.a["x"].aws_x.y`, "module_address": `module.a["x"]`}) == "module.a"
	lib.module_prefix({"address": "aws_x.y"}) == ""
	lib.name_of({"address": "aws_x.y[0]"}) == "aws_x.y[0]"
}

test_fixture_module_address if {
	c := f.create(`module.a["x"].module.b[0].aws_x.y["k"]`, "aws_x", {})
	c.module_address == `module.a["x"].module.b[0]`
	c.name == "y"
	d := f.read(`module.a.data.aws_x.y`, "aws_x", {})
	d.mode == "data"
	d.name == "y"
	not f.create("aws_x.y", "aws_x", {}).module_address
}
