package opex.rules.manual_drift_test

import data.opex.fixtures as f
import data.opex.rules.manual_drift

test_drift_fires_with_attribute_names if {
	d := f.update(`module.net["a"].aws_security_group.sg[0]`, "aws_security_group", {"ingress": [], "description": "x", "secret": "old"}, {"ingress": [{"from_port": 22}], "description": "x", "secret": "new"})
	got := manual_drift.deny with input as {"resource_drift": [d], "resource_changes": []}
	got == {{"address": `module.net["a"].aws_security_group.sg[0]`, "msg": `module.net["a"].aws_security_group.sg[0] (aws_security_group) was changed outside Terraform (ingress, secret)`}}
	not contains(concat("", [r.msg | some r in got]), "new")
}

test_deleted_outside if {
	got := manual_drift.deny with input as {"resource_drift": [f.delete("aws_instance.a", "aws_instance", {"id": "i-1"})]}
	got == {{"address": "aws_instance.a", "msg": "aws_instance.a (aws_instance) was deleted outside Terraform"}}
}

test_no_drift if {
	count(manual_drift.deny) == 0 with input as {"resource_drift": [f.noop("aws_instance.a", "aws_instance", {"x": 1})]}
	count(manual_drift.deny) == 0 with input as f.plan([f.update("aws_instance.a", "aws_instance", {"x": 1}, {"x": 2})])
}

test_empty_value_normalisation_is_not_drift if {
	d := f.update("aws_s3_bucket.b", "aws_s3_bucket", {"tags": null, "policy": "", "grants": []}, {"tags": {}, "policy": null, "grants": []})
	count(manual_drift.deny) == 0 with input as {"resource_drift": [d]}
	e := f.update("aws_s3_bucket.c", "aws_s3_bucket", {"tags": null, "acl": "private"}, {"tags": {}, "acl": "public-read"})
	got := manual_drift.deny with input as {"resource_drift": [e]}
	got == {{"address": "aws_s3_bucket.c", "msg": "aws_s3_bucket.c (aws_s3_bucket) was changed outside Terraform (acl)"}}
}
