package opex.rules.ecs_deploy_capacity_test

import data.opex.rules.ecs_deploy_capacity

service(address, actions, after) := {
	"address": address,
	"type": "aws_ecs_service",
	"change": {"actions": actions, "after": after, "after_unknown": {}},
}

plan(changes) := {"resource_changes": changes}

test_zero_percent_is_denied if {
	results := ecs_deploy_capacity.deny with input as plan([service("aws_ecs_service.api", ["create"], {"deployment_minimum_healthy_percent": 0})])
	results == {{
		"msg": "aws_ecs_service.api: deployment_minimum_healthy_percent = 0 stops tasks before replacements are healthy (minimum 50)",
		"address": "aws_ecs_service.api",
	}}
}

test_default_percent_passes if {
	count(ecs_deploy_capacity.deny) == 0 with input as plan([service("aws_ecs_service.api", ["update"], {"deployment_minimum_healthy_percent": 100})])
}

test_unknown_percent_passes if {
	count(ecs_deploy_capacity.deny) == 0 with input as plan([service("aws_ecs_service.api", ["create"], {})])
}

test_codedeploy_controller_is_ignored if {
	after := {"deployment_minimum_healthy_percent": 0, "deployment_controller": [{"type": "CODE_DEPLOY"}]}
	count(ecs_deploy_capacity.deny) == 0 with input as plan([service("aws_ecs_service.api", ["create"], after)])
}

test_daemon_is_ignored if {
	after := {"deployment_minimum_healthy_percent": 0, "scheduling_strategy": "DAEMON"}
	count(ecs_deploy_capacity.deny) == 0 with input as plan([service("aws_ecs_service.agent", ["create"], after)])
}

test_min_healthy_percent_parameter if {
	doc := object.union(
		plan([service("aws_ecs_service.api", ["update"], {"deployment_minimum_healthy_percent": 75})]),
		{"opex": {"params": {"min_healthy_percent": 100}}},
	)
	count(ecs_deploy_capacity.deny) == 1 with input as doc
}

test_deletes_no_ops_and_reads_are_ignored if {
	changes := [
		service("aws_ecs_service.a", ["delete"], null),
		service("aws_ecs_service.b", ["no-op"], {"deployment_minimum_healthy_percent": 0}),
		service("aws_ecs_service.c", ["read"], {"deployment_minimum_healthy_percent": 0}),
	]
	count(ecs_deploy_capacity.deny) == 0 with input as plan(changes)
}

test_replacement_and_module_instances_are_checked if {
	changes := [service("module.app[\"eu\"].aws_ecs_service.api[0]", ["create", "delete"], {"deployment_minimum_healthy_percent": 10})]
	count(ecs_deploy_capacity.deny) == 1 with input as plan(changes)
}
