package opex.rules.skip_final_snapshot_test

import data.opex.fixtures as f
import data.opex.rules.skip_final_snapshot

test_production_fires if {
	got := skip_final_snapshot.deny with input as f.plan([
		f.create(`module.db["a"].aws_db_instance.main[0]`, "aws_db_instance", {"skip_final_snapshot": true, "tags": {"env": "prod"}}),
		f.delete("aws_rds_cluster.c", "aws_rds_cluster", {"skip_final_snapshot": true, "tags": {"environment": "production"}}),
	])
	got == {
		{"address": `module.db["a"].aws_db_instance.main[0]`, "msg": `module.db["a"].aws_db_instance.main[0] (aws_db_instance) in production will be created with skip_final_snapshot = true: a delete leaves no snapshot to restore`},
		{"address": "aws_rds_cluster.c", "msg": "aws_rds_cluster.c (aws_rds_cluster) in production will be deleted with skip_final_snapshot = true: a delete leaves no snapshot to restore"},
	}
}

test_production_from_input_and_replacements if {
	p := f.plan_env(
		[
			f.replace("aws_db_instance.a", "aws_db_instance", {}, {"skip_final_snapshot": true}),
			f.replace_cbd("aws_db_instance.b", "aws_db_instance", {}, {"skip_final_snapshot": true}),
		],
		"production",
	)
	count(skip_final_snapshot.deny) == 2 with input as p
}

test_non_production_or_safe_pass if {
	count(skip_final_snapshot.deny) == 0 with input as f.plan([
		f.create("aws_db_instance.dev", "aws_db_instance", {"skip_final_snapshot": true, "tags": {"env": "dev"}}),
		f.create("aws_db_instance.noenv", "aws_db_instance", {"skip_final_snapshot": true}),
		f.create("aws_db_instance.safe", "aws_db_instance", {"skip_final_snapshot": false, "tags": {"env": "prod"}}),
		f.unknown(f.create("aws_db_instance.unknown", "aws_db_instance", {"tags": {"env": "prod"}}), {"skip_final_snapshot": true}),
		f.noop("aws_db_instance.noop", "aws_db_instance", {"skip_final_snapshot": true, "tags": {"env": "prod"}}),
		f.read("data.aws_db_instance.r", "aws_db_instance", {"skip_final_snapshot": true, "tags": {"env": "prod"}}),
	])
}
