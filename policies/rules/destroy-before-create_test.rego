package opex.rules.destroy_before_create_test

import data.opex.fixtures as f
import data.opex.rules.destroy_before_create

test_destroy_before_create_fires if {
	c := f.replace(`module.web["a"].aws_launch_template.lt[1]`, "aws_launch_template", {}, {})
	got := destroy_before_create.deny with input as f.plan([c])
	got == {{"address": `module.web["a"].aws_launch_template.lt[1]`, "msg": `module.web["a"].aws_launch_template.lt[1] (aws_launch_template) will be destroyed before its replacement is created: set lifecycle create_before_destroy`}}
}

test_replace_paths_named if {
	c := f.replace("aws_instance.a", "aws_instance", {}, {})
	p := object.union(c, {"change": object.union(c.change, {"replace_paths": [["ami"], ["ebs_block_device", 0, "size"]]})})
	got := destroy_before_create.deny with input as f.plan([p])
	some r in got
	contains(r.msg, "(replacement forced by ami, ebs_block_device.0.size)")
}

test_create_before_destroy_and_others_pass if {
	count(destroy_before_create.deny) == 0 with input as f.plan([
		f.replace_cbd("aws_instance.a", "aws_instance", {}, {}),
		f.delete("aws_instance.b", "aws_instance", {}),
		f.create("aws_instance.c", "aws_instance", {}),
		f.noop("aws_instance.d", "aws_instance", {}),
		f.read("data.aws_ami.e", "aws_ami", {}),
	])
}
