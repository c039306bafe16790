package opex.rules.missing_prevent_destroy_test

import data.opex.fixtures as f
import data.opex.rules.missing_prevent_destroy

_with_config(p, resources) := object.union(p, {"opex": {"mode": "plan", "config": {"resources": resources}}})

test_fires_without_prevent_destroy if {
	p := _with_config(
		f.plan([
			f.create(`module.db["eu"].aws_db_instance.main[0]`, "aws_db_instance", {}),
			f.update("aws_s3_bucket.b", "aws_s3_bucket", {}, {}),
		]),
		{
			"module.db.aws_db_instance.main": {"prevent_destroy": false, "create_before_destroy": false},
			"aws_s3_bucket.b": {},
		},
	)
	got := missing_prevent_destroy.deny with input as p
	got == {
		{"address": `module.db["eu"].aws_db_instance.main[0]`, "msg": `module.db["eu"].aws_db_instance.main[0] (aws_db_instance, holds data) has no lifecycle prevent_destroy = true in module.db.aws_db_instance.main`},
		{"address": "aws_s3_bucket.b", "msg": "aws_s3_bucket.b (aws_s3_bucket, holds data) has no lifecycle prevent_destroy = true in aws_s3_bucket.b"},
	}
}

test_replacements_both_orders if {
	p := _with_config(
		f.plan([f.replace("aws_ebs_volume.a", "aws_ebs_volume", {}, {}), f.replace_cbd("aws_ebs_volume.b", "aws_ebs_volume", {}, {})]),
		{"aws_ebs_volume.a": {}, "aws_ebs_volume.b": {}},
	)
	count(missing_prevent_destroy.deny) == 2 with input as p
}

test_protected_or_unknown_pass if {
	p := _with_config(
		f.plan([
			f.create("aws_db_instance.main", "aws_db_instance", {}),
			f.create("module.remote.aws_s3_bucket.b", "aws_s3_bucket", {}),
			f.create("aws_instance.web", "aws_instance", {}),
			f.noop("aws_s3_bucket.old", "aws_s3_bucket", {}),
			f.read("data.aws_s3_bucket.r", "aws_s3_bucket", {}),
			f.delete("aws_s3_bucket.gone", "aws_s3_bucket", {}),
		]),
		{
			"aws_db_instance.main": {"prevent_destroy": true},
			"aws_instance.web": {},
			"aws_s3_bucket.old": {},
			"data.aws_s3_bucket.r": {},
			"aws_s3_bucket.gone": {},
		},
	)
	count(missing_prevent_destroy.deny) == 0 with input as p
}

test_silent_without_opex_config if {
	count(missing_prevent_destroy.deny) == 0 with input as f.plan([f.create("aws_db_instance.main", "aws_db_instance", {})])
}
