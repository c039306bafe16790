package opex.rules.deploy_without_rollback_test

import data.opex.fixtures as f
import data.opex.rules.deploy_without_rollback

test_ecs_without_rollback_fires if {
	got := deploy_without_rollback.deny with input as f.plan([
		f.create(`module.svc["api"].aws_ecs_service.this[0]`, "aws_ecs_service", {"name": "api", "deployment_circuit_breaker": []}),
		f.update("aws_ecs_service.b", "aws_ecs_service", {}, {"deployment_circuit_breaker": [{"enable": true, "rollback": false}], "deployment_controller": [{"type": "ECS"}]}),
		f.replace("aws_ecs_service.c", "aws_ecs_service", {}, {"deployment_circuit_breaker": {"enable": false, "rollback": true}}),
	])
	count(got) == 3
	{"address": `module.svc["api"].aws_ecs_service.this[0]`, "msg": `module.svc["api"].aws_ecs_service.this[0] (aws_ecs_service) will be created without a deployment circuit breaker with rollback = true: a failed deployment is not rolled back`} in got
}

test_ecs_passes if {
	count(deploy_without_rollback.deny) == 0 with input as f.plan([
		f.create("aws_ecs_service.a", "aws_ecs_service", {"deployment_circuit_breaker": [{"enable": true, "rollback": true}]}),
		f.create("aws_ecs_service.b", "aws_ecs_service", {"deployment_controller": [{"type": "CODE_DEPLOY"}]}),
		f.unknown(f.create("aws_ecs_service.c", "aws_ecs_service", {}), {"deployment_circuit_breaker": true}),
		f.unknown(f.create("aws_ecs_service.d", "aws_ecs_service", {}), {"deployment_controller": true}),
		f.noop("aws_ecs_service.e", "aws_ecs_service", {}),
		f.delete("aws_ecs_service.f", "aws_ecs_service", {}),
	])
}

test_codedeploy if {
	got := deploy_without_rollback.deny with input as f.plan([
		f.create("aws_codedeploy_deployment_group.a", "aws_codedeploy_deployment_group", {"auto_rollback_configuration": []}),
		f.create("aws_codedeploy_deployment_group.b", "aws_codedeploy_deployment_group", {"auto_rollback_configuration": [{"enabled": true, "events": ["DEPLOYMENT_FAILURE"]}]}),
		f.unknown(f.create("aws_codedeploy_deployment_group.c", "aws_codedeploy_deployment_group", {}), {"auto_rollback_configuration": true}),
	])
	got == {{"address": "aws_codedeploy_deployment_group.a", "msg": "aws_codedeploy_deployment_group.a (aws_codedeploy_deployment_group) will be created without auto_rollback_configuration enabled on deployment failure"}}
}

test_helm if {
	got := deploy_without_rollback.deny with input as f.plan([
		f.create("helm_release.a", "helm_release", {"atomic": false}),
		f.replace_cbd("helm_release.b", "helm_release", {}, {"atomic": null}),
		f.create("helm_release.ok", "helm_release", {"atomic": true}),
		f.create("helm_release.ok3", "helm_release", {"rollback_on_failure": true}),
		f.unknown(f.create("helm_release.u", "helm_release", {}), {"atomic": true}),
		f.read("data.helm_release.r", "helm_release", {"atomic": false}),
	])
	{r.address | some r in got} == {"helm_release.a", "helm_release.b"}
}

test_kubernetes_revision_history if {
	got := deploy_without_rollback.deny with input as f.plan([
		f.create("kubernetes_deployment_v1.a", "kubernetes_deployment_v1", {"spec": [{"revision_history_limit": 0}]}),
		f.create("kubernetes_deployment.b", "kubernetes_deployment", {"spec": [{"revision_history_limit": 10}]}),
		f.unknown(f.create("kubernetes_deployment.c", "kubernetes_deployment", {"spec": [{}]}), {"spec": [{"revision_history_limit": true}]}),
	])
	got == {{"address": "kubernetes_deployment_v1.a", "msg": "kubernetes_deployment_v1.a (kubernetes_deployment_v1) sets revision_history_limit = 0: no previous ReplicaSet is kept to roll back to"}}
}
