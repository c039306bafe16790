package opex.rules.blast_radius_test

import data.opex.fixtures as f
import data.opex.rules.blast_radius

test_fires_above_limit if {
	p := f.plan([
		f.replace("module.db[0].aws_db_instance.main", "aws_db_instance", {}, {}), # 25
		f.delete(`aws_s3_bucket.logs["a"]`, "aws_s3_bucket", {}), # 25
		f.delete(`aws_s3_bucket.logs["b"]`, "aws_s3_bucket", {}), # 25
		f.replace_cbd("aws_security_group.sg", "aws_security_group", {}, {}), # 15
		f.update("aws_iam_role.r", "aws_iam_role", {}, {}), # 3
		f.create("aws_instance.a", "aws_instance", {}), # 1
		f.update("aws_instance.b", "aws_instance", {}, {}), # 1
		f.create("aws_sqs_queue.q", "aws_sqs_queue", {}), # 5
		f.create("aws_sqs_queue.r", "aws_sqs_queue", {}), # 5
	])
	got := blast_radius.deny with input as p
	count(got) == 1
	some r in got
	r.msg == `the plan's blast radius is 105, above max_blast_radius 100; heaviest changes: module.db[0].aws_db_instance.main replace (25), aws_s3_bucket.logs["a"] delete (25), aws_s3_bucket.logs["b"] delete (25)`
}

test_at_limit_does_not_fire if {
	p := f.plan([f.delete(sprintf("aws_s3_bucket.b[%d]", [i]), "aws_s3_bucket", {}) | some i in numbers.range(1, 4)])
	count(blast_radius.deny) == 0 with input as p
}

test_noop_and_read_weigh_nothing if {
	p := f.plan(array.concat(
		[f.noop(sprintf("aws_db_instance.d[%d]", [i]), "aws_db_instance", {}) | some i in numbers.range(1, 50)],
		[f.read(sprintf("data.aws_vpc.v[%d]", [i]), "aws_vpc", {}) | some i in numbers.range(1, 50)],
	))
	count(blast_radius.deny) == 0 with input as p
}

test_threshold_parameter if {
	p := object.union(f.plan([f.create("aws_instance.a", "aws_instance", {}), f.create("aws_instance.b", "aws_instance", {})]), {"opex": {"params": {"max_blast_radius": 1}}})
	got := blast_radius.deny with input as p
	some r in got
	startswith(r.msg, "the plan's blast radius is 2, above max_blast_radius 1")
}
