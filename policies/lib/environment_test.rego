package opex.lib_test

import data.opex.fixtures as f
import data.opex.lib

_tagged(tags) := f.create("aws_instance.web", "aws_instance", {"tags": tags})

test_environment_from_input_first if {
	c := _tagged({"env": "dev"})
	lib.environment(c) == "production" with input as f.plan_env([c], "production")
	lib.production(c) with input as f.plan_env([c], "production")
}

test_environment_from_tags_in_key_order if {
	c := _tagged({"stage": "dev", "Environment": "prd"})
	lib.environment(c) == "prd" with input as f.plan([c])
	lib.production(c) with input as f.plan([c])
}

test_environment_from_tags_all_and_before if {
	c := f.create("aws_instance.web", "aws_instance", {"tags": {}, "tags_all": {"env": "Live"}})
	lib.production(c) with input as f.plan([c])
	d := f.delete("aws_instance.web", "aws_instance", {"tags": {"environment": "staging"}})
	lib.environment(d) == "staging" with input as f.plan([d])
	lib.non_production(d) with input as f.plan([d])
	g := f.create("google_sql_database_instance.db", "google_sql_database_instance", {"labels": {"env": "prod"}})
	lib.production(g) with input as f.plan([g])
}

test_environment_from_autoscaling_tag_blocks if {
	c := f.create("aws_autoscaling_group.web", "aws_autoscaling_group", {"tag": [
		{"key": "Name", "value": "web", "propagate_at_launch": true},
		{"key": "environment", "value": "production", "propagate_at_launch": true},
		{"key": "environment", "value": "ignored", "propagate_at_launch": true},
	]})
	lib.environment(c) == "production" with input as f.plan([c])
	legacy := f.create("aws_autoscaling_group.old", "aws_autoscaling_group", {"tags": [{"key": "env", "value": "dev"}]})
	lib.environment(legacy) == "dev" with input as f.plan([legacy])
}

test_environment_ignores_empty_values if {
	c := _tagged({"environment": "", "env": "test"})
	lib.environment(c) == "test" with input as f.plan([c])
	e := _tagged({"environment": 3})
	not lib.environment(e) with input as f.plan([e])
}

test_environment_from_single_opex_environment if {
	c := _tagged({})
	env := f.opex_environment("opex_environment.prod", "production", null, null)
	lib.environment(c) == "production" with input as f.plan([c, env])
	lib.production(c) with input as f.plan([c, env])
	lib.plan_stage == "production" with input as f.plan([c, env])
}

test_environment_ambiguous_with_two_opex_environments if {
	c := _tagged({})
	a := f.opex_environment("opex_environment.prod", "production", null, null)
	b := f.opex_environment("opex_environment.dev", "development", null, null)
	not lib.environment(c) with input as f.plan([c, a, b])
	not lib.production(c) with input as f.plan([c, a, b])
	not lib.non_production(c) with input as f.plan([c, a, b])
}

test_non_production_needs_a_known_stage if {
	c := _tagged({"Environment": "123456789012-acme"})
	not lib.non_production(c) with input as f.plan([c])
	not lib.production(c) with input as f.plan([c])
	d := _tagged({"env": " QA "})
	lib.non_production(d) with input as f.plan([d])
}

test_environment_input_empty_string_ignored if {
	c := _tagged({"env": "dev"})
	lib.environment(c) == "dev" with input as f.plan_env([c], "")
}

test_production_stage_names if {
	lib.is_production_name("prod")
	lib.is_production_name(" Production ")
	lib.is_production_name("PRD")
	lib.is_production_name("live")
	not lib.is_production_name("staging")
	not lib.is_production_name("preprod")
}

test_param_default if {
	lib.param("max_changes") == 25 with input as f.plan([])
}

test_param_input_overrides_all if {
	env := f.opex_environment("opex_environment.prod", "production", {"max_batch_size": 5}, null)
	lib.param("max_changes") == 40 with input as object.union(f.plan([env]), {"opex": {"params": {"max_changes": 40}}})
}

test_param_from_opex_environment_controls_object_and_list if {
	obj := f.opex_environment("opex_environment.prod", "production", {"max_batch_size": 5}, null)
	lib.param("max_changes") == 5 with input as f.plan([obj])
	lst := f.opex_environment("opex_environment.prod", "production", [{"max_batch_size": 7}], null)
	lib.param("max_changes") == 7 with input as f.plan([lst])
}

test_param_from_opex_environment_strictest_or_targeted if {
	a := f.opex_environment("opex_environment.prod", "production", {"max_batch_size": 10}, null)
	b := f.opex_environment("opex_environment.dev", "development", {"max_batch_size": 50}, null)
	lib.param("max_changes") == 10 with input as f.plan([a, b])
	lib.param("max_changes") == 50 with input as f.plan_env([a, b], "development")
	lib.param("max_changes") == 50 with input as f.plan_env([a, b], "opex_environment.dev")
	lib.param("max_changes") == 10 with input as f.plan_env([a, b], "elsewhere")
}

test_param_ignores_unset_or_zero_batch_size if {
	a := f.opex_environment("opex_environment.prod", "production", {"max_batch_size": 0}, null)
	b := f.opex_environment("opex_environment.dev", "development", {"max_batch_size": null}, null)
	lib.param("max_changes") == 25 with input as f.plan([a, b])
}

test_param_string_overrides_take_the_default_type if {
	lib.param("max_changes") == 40 with input as {"opex": {"params": {"max_changes": " 40"}}}
	lib.param("owner_tags") == ["owner", "cost-center"] with input as {"opex": {"params": {"owner_tags": "owner, cost-center"}}}
	lib.param("max_changes") == 25 with input as {"opex": {"params": {"max_changes": "many"}}}
	lib.param("custom") == "x" with input as {"opex": {"params": {"custom": "x"}}}
}

test_param_unknown_name if {
	not lib.param("no_such_parameter") with input as f.plan([])
}

test_stateful_and_network_classes_cover_clouds if {
	every t in ["aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table", "aws_s3_bucket", "aws_ebs_volume", "aws_efs_file_system", "aws_elasticache_replication_group", "aws_opensearch_domain", "aws_redshift_cluster", "aws_kms_key", "aws_route53_zone", "aws_sqs_queue", "aws_kinesis_stream", "google_sql_database_instance", "google_storage_bucket", "google_bigtable_instance", "google_spanner_database", "google_kms_crypto_key", "azurerm_mssql_database", "azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server", "azurerm_cosmosdb_account", "azurerm_storage_account", "azurerm_key_vault", "kubernetes_persistent_volume", "kubernetes_persistent_volume_claim_v1"] {
		lib.resource_class(t) == "stateful" with input as {}
	}
	every t in ["aws_vpc", "aws_security_group", "aws_iam_role", "google_compute_firewall", "google_project_iam_member", "azurerm_role_assignment", "kubernetes_cluster_role_binding_v1"] {
		lib.resource_class(t) == "network_identity" with input as {}
	}
	lib.resource_class("aws_instance") == "other" with input as {}
}

test_class_lists_are_parameters if {
	lib.resource_class("my_custom_store") == "stateful" with input as {"opex": {"params": {"stateful_types": ["my_custom_store"]}}}
}
