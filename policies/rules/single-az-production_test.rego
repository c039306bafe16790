package opex.rules.single_az_production_test

import data.opex.fixtures as f
import data.opex.rules.single_az_production

_prod := {"env": "production"}

test_production_single_az_fires if {
	got := single_az_production.deny with input as f.plan([
		f.create(`module.db["a"].aws_db_instance.main[0]`, "aws_db_instance", {"multi_az": false, "tags": _prod}),
		f.update("aws_db_instance.unset", "aws_db_instance", {}, {"multi_az": null, "tags": _prod}),
		f.create("aws_elasticache_replication_group.r", "aws_elasticache_replication_group", {"automatic_failover_enabled": false, "tags": _prod}),
		f.create("aws_elasticache_cluster.c", "aws_elasticache_cluster", {"replication_group_id": null, "az_mode": "single-az", "tags": _prod}),
		f.replace("google_sql_database_instance.pg", "google_sql_database_instance", {}, {"settings": [{"availability_type": "ZONAL"}], "labels": _prod}),
		f.replace_cbd("aws_autoscaling_group.web", "aws_autoscaling_group", {}, {"vpc_zone_identifier": ["subnet-1"], "tags": _prod}),
	])
	count(got) == 6
	{"address": `module.db["a"].aws_db_instance.main[0]`, "msg": `module.db["a"].aws_db_instance.main[0] (aws_db_instance) in production has multi_az = false: one zone failure takes it down`} in got
	{"address": "aws_autoscaling_group.web", "msg": "aws_autoscaling_group.web (aws_autoscaling_group) in production spans a single subnet: one zone failure takes it down"} in got
}

test_redundant_or_unknown_pass if {
	count(single_az_production.deny) == 0 with input as f.plan_env(
		[
			f.create("aws_db_instance.ok", "aws_db_instance", {"multi_az": true}),
			f.unknown(f.create("aws_db_instance.u", "aws_db_instance", {}), {"multi_az": true}),
			f.create("aws_elasticache_replication_group.ok", "aws_elasticache_replication_group", {"automatic_failover_enabled": true}),
			f.create("aws_elasticache_cluster.member", "aws_elasticache_cluster", {"replication_group_id": "rg"}),
			f.create("aws_elasticache_cluster.cross", "aws_elasticache_cluster", {"az_mode": "cross-az"}),
			f.create("google_sql_database_instance.ok", "google_sql_database_instance", {"settings": [{"availability_type": "REGIONAL"}]}),
			f.create("aws_autoscaling_group.two", "aws_autoscaling_group", {"vpc_zone_identifier": ["a", "b"]}),
			f.unknown(f.create("aws_autoscaling_group.u", "aws_autoscaling_group", {}), {"vpc_zone_identifier": true}),
			f.noop("aws_db_instance.noop", "aws_db_instance", {"multi_az": false}),
			f.delete("aws_db_instance.gone", "aws_db_instance", {"multi_az": false}),
		],
		"production",
	)
}

test_non_production_passes if {
	count(single_az_production.deny) == 0 with input as f.plan([
		f.create("aws_db_instance.dev", "aws_db_instance", {"multi_az": false, "tags": {"env": "dev"}}),
		f.create("aws_db_instance.none", "aws_db_instance", {"multi_az": false}),
	])
}
