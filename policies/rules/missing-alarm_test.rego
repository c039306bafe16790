package opex.rules.missing_alarm_test

import data.opex.fixtures as f
import data.opex.rules.missing_alarm

_prod := {"environment": "production"}

test_unwatched_production_resources_fire if {
	p := f.plan([
		f.create(`module.q["orders"].aws_sqs_queue.this[0]`, "aws_sqs_queue", {"name": "orders", "tags": _prod}),
		f.replace_cbd("aws_db_instance.db", "aws_db_instance", {}, {"identifier": "db", "tags": _prod}),
		f.create("aws_cloudwatch_metric_alarm.other", "aws_cloudwatch_metric_alarm", {"dimensions": {"QueueName": "payments"}}),
	])
	got := missing_alarm.deny with input as p
	got == {
		{"address": `module.q["orders"].aws_sqs_queue.this[0]`, "msg": `module.q["orders"].aws_sqs_queue.this[0] (aws_sqs_queue) is created in production with no alarm in the plan that watches it`},
		{"address": "aws_db_instance.db", "msg": "aws_db_instance.db (aws_db_instance) is created in production with no alarm in the plan that watches it"},
	}
}

test_watched_by_dimension_value if {
	p := f.plan([
		f.create("aws_sqs_queue.q", "aws_sqs_queue", {"name": "orders", "tags": _prod}),
		f.noop("aws_cloudwatch_metric_alarm.q", "aws_cloudwatch_metric_alarm", {"dimensions": {"QueueName": "orders"}}),
	])
	count(missing_alarm.deny) == 0 with input as p
}

test_watched_by_configuration_reference if {
	p := object.union(
		f.plan_env(
			[
				f.unknown(f.create(`module.fn["a"].aws_lambda_function.f`, "aws_lambda_function", {}), {"function_name": true}),
				f.unknown(f.create("aws_lb.front", "aws_lb", {}), {"arn_suffix": true}),
			],
			"prod",
		),
		{"configuration": {"root_module": {
			"resources": [{
				"address": "aws_cloudwatch_metric_alarm.lb",
				"type": "aws_cloudwatch_metric_alarm",
				"expressions": {"dimensions": {"references": ["aws_lb.front.arn_suffix", "aws_lb.front"]}},
			}],
			"module_calls": {"fn": {"module": {"resources": [{
				"address": "aws_cloudwatch_metric_alarm.errors",
				"type": "aws_cloudwatch_metric_alarm",
				"expressions": {"dimensions": {"references": ["aws_lambda_function.f.function_name", "aws_lambda_function.f"]}},
			}]}}},
		}}},
	)
	count(missing_alarm.deny) == 0 with input as p
}

test_watched_through_module_output if {
	p := object.union(
		f.plan_env([f.create("module.db.aws_db_instance.main", "aws_db_instance", {})], "production"),
		{"configuration": {"root_module": {
			"resources": [{"address": "azurerm_monitor_metric_alert.db", "type": "azurerm_monitor_metric_alert", "expressions": {"scopes": {"references": ["module.db.id", "module.db"]}}}],
			"module_calls": {"db": {"module": {"resources": [{"address": "aws_db_instance.main", "type": "aws_db_instance"}]}}},
		}}},
	)
	count(missing_alarm.deny) == 0 with input as p
}

test_quiet_cases if {
	count(missing_alarm.deny) == 0 with input as f.plan([
		f.create("aws_sqs_queue.dev", "aws_sqs_queue", {"name": "dev", "tags": {"env": "dev"}}),
		f.create("aws_sqs_queue.noenv", "aws_sqs_queue", {"name": "noenv"}),
		f.update("aws_sqs_queue.upd", "aws_sqs_queue", {}, {"name": "upd", "tags": _prod}),
		f.noop("aws_sqs_queue.noop", "aws_sqs_queue", {"name": "noop", "tags": _prod}),
		f.read("data.aws_sqs_queue.r", "aws_sqs_queue", {"name": "r", "tags": _prod}),
		f.create("aws_iam_role.r", "aws_iam_role", {"name": "r", "tags": _prod}),
	])
}
