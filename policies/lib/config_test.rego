package opex.lib_test

import data.opex.lib

_configuration := {"configuration": {"root_module": {
	"resources": [
		{
			"address": "aws_s3_bucket_versioning.v",
			"mode": "managed",
			"type": "aws_s3_bucket_versioning",
			"name": "v",
			"expressions": {
				"bucket": {"references": ["aws_s3_bucket.b[0].id", "aws_s3_bucket.b[0]", "aws_s3_bucket.b"]},
				"versioning_configuration": [{"status": {"constant_value": "Enabled"}}],
			},
		},
		{
			"address": "aws_cloudwatch_metric_alarm.a",
			"mode": "managed",
			"type": "aws_cloudwatch_metric_alarm",
			"name": "a",
			"expressions": {
				"dimensions": {"references": ["module.db.id", "module.db", "var.x", "data.aws_caller_identity.me.id", "local.y"]},
				"alarm_actions": {"references": ["aws_sns_topic.t.arn", "aws_sns_topic.t"]},
			},
		},
	],
	"module_calls": {"db": {"module": {
		"resources": [{"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main", "expressions": {}}],
		"module_calls": {"inner": {"module": {"resources": [{
			"address": "aws_sqs_queue.q",
			"mode": "managed",
			"type": "aws_sqs_queue",
			"name": "q",
			"expressions": {"redrive_policy": {"references": ["aws_sqs_queue.dlq.arn", "aws_sqs_queue.dlq"]}},
		}]}}},
	}}},
}}}

test_config_resources_by_address if {
	addrs := {a | some a, _ in lib.config_resources} with input as _configuration
	addrs == {
		"aws_s3_bucket_versioning.v",
		"aws_cloudwatch_metric_alarm.a",
		"module.db.aws_db_instance.main",
		"module.db.module.inner.aws_sqs_queue.q",
	}
	lib.config_resources["module.db.module.inner.aws_sqs_queue.q"].module == "module.db.module.inner" with input as _configuration
}

test_config_module_depth if {
	leaf := {"module": {"resources": [{"address": "x_y.z"}]}}
	e := {"module": {"module_calls": {"e": leaf}}}
	d := {"module": {"module_calls": {"d": e}}}
	c := {"module": {"module_calls": {"c": d}}}
	b := {"module": {"module_calls": {"b": c}}}
	deep := {"configuration": {"root_module": {"module_calls": {"a": b}}}}
	lib.config_resources["module.a.module.b.module.c.module.d.module.e.x_y.z"] with input as deep
}

test_attr_targets if {
	lib.attr_targets("aws_s3_bucket_versioning.v", {"bucket"}) == {"aws_s3_bucket.b"} with input as _configuration
	lib.attr_targets("aws_cloudwatch_metric_alarm.a", set()) == {"aws_sns_topic.t", "data.aws_caller_identity.me"} with input as _configuration
	lib.attr_targets("module.db.module.inner.aws_sqs_queue.q", set()) == {"module.db.module.inner.aws_sqs_queue.dlq"} with input as _configuration
	lib.attr_targets("nope.nope", set()) == set() with input as _configuration
}

test_attr_module_targets if {
	lib.attr_module_targets("aws_cloudwatch_metric_alarm.a", {"dimensions"}) == {"module.db"} with input as _configuration
	lib.in_module("module.db.aws_db_instance.main", "module.db")
	not lib.in_module("module.dbx.aws_db_instance.main", "module.db")
}

test_references_config if {
	lib.references_config("aws_s3_bucket_versioning.v", ["bucket"]) with input as _configuration
	not lib.references_config("aws_s3_bucket_versioning.v", ["versioning_configuration"]) with input as _configuration
}

test_no_configuration if {
	lib.config_resources == {} with input as {}
}

# address_prefixes must agree with in_module for every module path, so rules can use it as an index.
test_address_prefixes_match_in_module if {
	addr := "module.db.module.inner.aws_sqs_queue.q"
	lib.address_prefixes(addr) == ["module", "module.db", "module.db.module", "module.db.module.inner", "module.db.module.inner.aws_sqs_queue"]
	every m in ["module.db", "module.db.module.inner"] {
		m in lib.address_prefixes(addr)
		lib.in_module(addr, m)
	}
	every m in ["module.dbx", "module.d", "module.db.module.inner.aws_sqs_queue.q"] {
		not m in lib.address_prefixes(addr)
		not lib.in_module(addr, m)
	}
	lib.address_prefixes("aws_s3_bucket.b") == ["aws_s3_bucket"]
	lib.address_prefixes("x") == []
}
