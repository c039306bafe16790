package opex.rules.large_batch_test

import data.opex.fixtures as f
import data.opex.rules.large_batch

_creates(n) := [f.create(sprintf("aws_instance.web[%d]", [i]), "aws_instance", {}) | some i in numbers.range(1, n)]

test_fires_above_default if {
	got := large_batch.deny with input as f.plan(array.concat(_creates(24), [
		f.delete(`module.m["a"].aws_sqs_queue.q`, "aws_sqs_queue", {}),
		f.replace("aws_db_instance.db", "aws_db_instance", {}, {}),
	]))
	count(got) == 1
	some r in got
	r.msg == "the plan changes 26 resources (24 create, 1 delete, 1 replace), more than max_changes 25: split it into smaller changes"
	not "address" in object.keys(r)
}

test_at_limit_does_not_fire if {
	count(large_batch.deny) == 0 with input as f.plan(_creates(25))
}

test_noop_and_read_do_not_count if {
	extra := [f.noop(sprintf("aws_s3_bucket.b[%d]", [i]), "aws_s3_bucket", {}) | some i in numbers.range(1, 30)]
	reads := [f.read(sprintf("data.aws_ami.a[%d]", [i]), "aws_ami", {}) | some i in numbers.range(1, 30)]
	count(large_batch.deny) == 0 with input as f.plan(array.concat(array.concat(_creates(25), extra), reads))
}

test_param_override if {
	count(large_batch.deny) == 1 with input as object.union(f.plan(_creates(3)), {"opex": {"params": {"max_changes": 2}}})
	count(large_batch.deny) == 0 with input as object.union(f.plan(_creates(30)), {"opex": {"params": {"max_changes": 30}}})
}

test_opex_environment_max_batch_size if {
	env := f.opex_environment("opex_environment.prod", "production", {"max_batch_size": 3}, null)
	got := large_batch.deny with input as f.plan(array.concat(_creates(3), [env]))
	some r in got
	contains(r.msg, "more than max_changes 3")
}
