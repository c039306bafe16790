package opex.rules.missing_owner_test

import data.opex.fixtures as f
import data.opex.rules.missing_owner

test_production_without_owner_fires if {
	got := missing_owner.deny with input as f.plan([
		f.create(`module.q["a"].aws_sqs_queue.q[0]`, "aws_sqs_queue", {"tags": {"environment": "production"}, "tags_all": {"environment": "production"}}),
		f.replace("google_storage_bucket.b", "google_storage_bucket", {}, {"labels": {"env": "prod", "owner": ""}}),
	])
	got == {
		{"address": `module.q["a"].aws_sqs_queue.q[0]`, "msg": `module.q["a"].aws_sqs_queue.q[0] (aws_sqs_queue) in production has no owner tag (one of owner, team, Owner, Team)`},
		{"address": "google_storage_bucket.b", "msg": "google_storage_bucket.b (google_storage_bucket) in production has no owner tag (one of owner, team, Owner, Team)"},
	}
}

test_production_from_input_with_null_tags if {
	got := missing_owner.deny with input as f.plan_env([f.update("aws_instance.a", "aws_instance", {}, {"tags": null})], "live")
	{r.address | some r in got} == {"aws_instance.a"}
}

test_autoscaling_tag_blocks if {
	owned := f.create("aws_autoscaling_group.a", "aws_autoscaling_group", {"tag": [{"key": "team", "value": "web", "propagate_at_launch": true}]})
	bare := f.create("aws_autoscaling_group.b", "aws_autoscaling_group", {"tag": [{"key": "Name", "value": "b", "propagate_at_launch": true}]})
	got := missing_owner.deny with input as f.plan_env([owned, bare], "production")
	{r.address | some r in got} == {"aws_autoscaling_group.b"}
}

test_owner_param if {
	p := object.union(f.plan_env([f.create("aws_instance.a", "aws_instance", {"tags": {"team": "x"}})], "prod"), {"opex": {"params": {"owner_tags": ["cost-center"]}}})
	got := missing_owner.deny with input as p
	some r in got
	endswith(r.msg, "(one of cost-center)")
}

test_quiet_cases if {
	count(missing_owner.deny) == 0 with input as f.plan_env(
		[
			f.create("aws_instance.owned", "aws_instance", {"tags": {"Owner": "payments"}}),
			f.create("aws_instance.default_tags", "aws_instance", {"tags": {}, "tags_all": {"team": "payments"}}),
			f.unknown(f.create("aws_instance.u", "aws_instance", {"tags": {}}), {"tags_all": true}),
			f.create("aws_iam_role_policy.no_tags", "aws_iam_role_policy", {"policy": "{}"}),
			f.noop("aws_instance.noop", "aws_instance", {"tags": {}}),
			f.delete("aws_instance.gone", "aws_instance", {"tags": {}}),
		],
		"production",
	)
	count(missing_owner.deny) == 0 with input as f.plan([f.create("aws_instance.dev", "aws_instance", {"tags": {"env": "dev"}})])
}

test_opex_owner_attribute_counts_as_owner if {
	owned := f.create("opex_workload.payments", "opex_workload", {"owner": "team-payments", "tags": {"cost-center": "1"}})
	blank := f.create("opex_workload.blank", "opex_workload", {"owner": " ", "tags": {}})
	got := missing_owner.deny with input as f.plan_env([owned, blank], "production")
	{r.address | some r in got} == {"opex_workload.blank"}
}
