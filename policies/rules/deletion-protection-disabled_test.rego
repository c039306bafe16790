package opex.rules.deletion_protection_disabled_test

import data.opex.fixtures as f
import data.opex.rules.deletion_protection_disabled

test_explicit_false_fires if {
	got := deletion_protection_disabled.deny with input as f.plan([
		f.create(`module.db["a"].aws_rds_cluster.c[0]`, "aws_rds_cluster", {"deletion_protection": false}),
		f.update("aws_lb.front", "aws_lb", {"enable_deletion_protection": true}, {"enable_deletion_protection": false}),
		f.create("google_sql_database_instance.pg", "google_sql_database_instance", {"deletion_protection": false}),
		f.create("aws_cognito_user_pool.users", "aws_cognito_user_pool", {"deletion_protection": "INACTIVE"}),
	])
	count(got) == 4
	{"address": `module.db["a"].aws_rds_cluster.c[0]`, "msg": `module.db["a"].aws_rds_cluster.c[0] (aws_rds_cluster) will be created with deletion protection off (deletion_protection = false)`} in got
	{"address": "aws_lb.front", "msg": "aws_lb.front (aws_lb) will be updated with deletion protection off (enable_deletion_protection = false)"} in got
}

test_provider_default_off_fires if {
	got := deletion_protection_disabled.deny with input as f.plan([f.replace_cbd("aws_dynamodb_table.t", "aws_dynamodb_table", {}, {"deletion_protection_enabled": null})])
	got == {{"address": "aws_dynamodb_table.t", "msg": "aws_dynamodb_table.t (aws_dynamodb_table) will be replaced (create-before-destroy) with deletion protection off (deletion_protection_enabled = false, the provider default)"}}
	count(deletion_protection_disabled.deny) == 1 with input as f.plan([f.replace("aws_db_instance.d", "aws_db_instance", {}, {})])
}

test_provider_default_on_passes if {
	count(deletion_protection_disabled.deny) == 0 with input as f.plan([
		f.create("google_sql_database_instance.pg", "google_sql_database_instance", {"deletion_protection": null}),
		f.create("google_container_cluster.gke", "google_container_cluster", {}),
	])
}

test_enabled_unknown_and_unchanged_pass if {
	count(deletion_protection_disabled.deny) == 0 with input as f.plan([
		f.create("aws_db_instance.on", "aws_db_instance", {"deletion_protection": true}),
		f.unknown(f.create("aws_db_instance.unknown", "aws_db_instance", {}), {"deletion_protection": true}),
		f.noop("aws_db_instance.noop", "aws_db_instance", {"deletion_protection": false}),
		f.read("data.aws_db_instance.r", "aws_db_instance", {"deletion_protection": false}),
		f.delete("aws_db_instance.gone", "aws_db_instance", {"deletion_protection": false}),
		f.create("aws_instance.web", "aws_instance", {"disable_api_termination": false}),
	])
}
