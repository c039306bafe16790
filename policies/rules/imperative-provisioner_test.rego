package opex.rules.imperative_provisioner_test

import data.opex.fixtures as f
import data.opex.rules.imperative_provisioner

_config := {"root_module": {
	"resources": [
		{"address": "aws_instance.web", "type": "aws_instance", "name": "web", "provisioners": [{"type": "local-exec"}, {"type": "remote-exec"}]},
		{"address": "aws_instance.file", "type": "aws_instance", "name": "file", "provisioners": [{"type": "file"}]},
		{"address": "aws_instance.plain", "type": "aws_instance", "name": "plain"},
	],
	"module_calls": {"app": {"module": {"resources": [{"address": "terraform_data.setup", "type": "terraform_data", "name": "setup", "provisioners": [{"type": "local-exec"}]}]}}},
}}

test_created_instances_fire if {
	p := object.union(
		f.plan([
			f.create("aws_instance.web[0]", "aws_instance", {}),
			f.replace("aws_instance.web[1]", "aws_instance", {}, {}),
			f.create(`module.app["x"].terraform_data.setup`, "terraform_data", {}),
		]),
		{"configuration": _config},
	)
	got := imperative_provisioner.deny with input as p
	got == {
		{"address": "aws_instance.web[0]", "msg": "aws_instance.web[0] (aws_instance) runs a local-exec and remote-exec provisioner: imperative steps outside the plan"},
		{"address": "aws_instance.web[1]", "msg": "aws_instance.web[1] (aws_instance) runs a local-exec and remote-exec provisioner: imperative steps outside the plan"},
		{"address": `module.app["x"].terraform_data.setup`, "msg": `module.app["x"].terraform_data.setup (terraform_data) runs a local-exec provisioner: imperative steps outside the plan`},
	}
}

test_destroyed_instance_fires if {
	p := object.union(f.plan([f.delete("aws_instance.web[2]", "aws_instance", {})]), {"configuration": _config})
	got := imperative_provisioner.deny with input as p
	some r in got
	r.address == "aws_instance.web[2]"
	contains(r.msg, "is destroyed")
}

test_hcl_facts if {
	p := object.union(f.plan([f.create("aws_instance.h", "aws_instance", {})]), {"opex": {"mode": "hcl", "config": {"resources": {"aws_instance.h": {"provisioners": ["remote-exec", "file"]}}}}})
	got := imperative_provisioner.deny with input as p
	got == {{"address": "aws_instance.h", "msg": "aws_instance.h (aws_instance) runs a remote-exec provisioner: imperative steps outside the plan"}}
}

test_quiet_cases if {
	p := object.union(
		f.plan([
			f.update("aws_instance.web[0]", "aws_instance", {}, {}),
			f.noop("aws_instance.web[1]", "aws_instance", {}),
			f.create("aws_instance.file", "aws_instance", {}),
			f.create("aws_instance.plain", "aws_instance", {}),
		]),
		{"configuration": _config},
	)
	count(imperative_provisioner.deny) == 0 with input as p
}
