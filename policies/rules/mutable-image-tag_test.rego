package opex.rules.mutable_image_tag_test

import data.opex.fixtures as f
import data.opex.rules.mutable_image_tag

_task(address, containers) := f.create(address, "aws_ecs_task_definition", {"family": "api", "container_definitions": json.marshal(containers)})

test_ecs_latest_and_untagged_fire if {
	got := mutable_image_tag.deny with input as f.plan([_task(`module.api["eu"].aws_ecs_task_definition.this[0]`, [
		{"name": "app", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest"},
		{"name": "proxy", "image": "registry.local:5000/envoy"},
		{"name": "ok", "image": "nginx:1.27.2"},
		{"name": "pinned", "image": "nginx@sha256:0123abcd"},
	])])
	got == {
		{"address": `module.api["eu"].aws_ecs_task_definition.this[0]`, "msg": `module.api["eu"].aws_ecs_task_definition.this[0] (aws_ecs_task_definition) container app uses image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest, which is tagged latest, a tag that moves: pin a version tag or digest`},
		{"address": `module.api["eu"].aws_ecs_task_definition.this[0]`, "msg": `module.api["eu"].aws_ecs_task_definition.this[0] (aws_ecs_task_definition) container proxy uses image registry.local:5000/envoy, which has no tag (it means latest): pin a version tag or digest`},
	}
}

test_sensitive_container_definitions_not_shown if {
	c := f.sensitive(_task("aws_ecs_task_definition.s", [{"name": "app", "image": "app"}]), {"container_definitions": true})
	got := mutable_image_tag.deny with input as f.plan([c])
	got == {{"address": "aws_ecs_task_definition.s", "msg": "aws_ecs_task_definition.s (aws_ecs_task_definition) container app uses image (sensitive), which has no tag (it means latest): pin a version tag or digest"}}
}

test_kubernetes_workloads if {
	dep := f.replace("kubernetes_deployment_v1.web", "kubernetes_deployment_v1", {}, {"spec": [{"template": [{"spec": [{
		"container": [{"name": "web", "image": "web:latest"}, {"name": "side", "image": "side:2.1"}],
		"init_container": [{"name": "init", "image": "busybox"}],
	}]}]}]})
	cron := f.update("kubernetes_cron_job_v1.c", "kubernetes_cron_job_v1", {}, {"spec": [{"job_template": [{"spec": [{"template": [{"spec": [{"container": [{"image": "job:latest"}]}]}]}]}]}]})
	got := mutable_image_tag.deny with input as f.plan([dep, cron])
	{r.msg | some r in got} == {
		"kubernetes_deployment_v1.web (kubernetes_deployment_v1) container web uses image web:latest, which is tagged latest, a tag that moves: pin a version tag or digest",
		"kubernetes_deployment_v1.web (kubernetes_deployment_v1) container init uses image busybox, which has no tag (it means latest): pin a version tag or digest",
		"kubernetes_cron_job_v1.c (kubernetes_cron_job_v1) container 0 uses image job:latest, which is tagged latest, a tag that moves: pin a version tag or digest",
	}
}

test_cloud_run_and_lambda if {
	run := f.create("google_cloud_run_v2_service.s", "google_cloud_run_v2_service", {"template": [{"containers": [{"name": "api", "image": "gcr.io/p/api:latest"}]}]})
	fn := f.replace_cbd("aws_lambda_function.w", "aws_lambda_function", {}, {"image_uri": "1234.dkr.ecr.us-east-1.amazonaws.com/w:latest"})
	zip := f.create("aws_lambda_function.z", "aws_lambda_function", {"image_uri": null, "filename": "z.zip"})
	got := mutable_image_tag.deny with input as f.plan([run, fn, zip])
	{r.address | some r in got} == {"google_cloud_run_v2_service.s", "aws_lambda_function.w"}
}

test_unknown_noop_read_pass if {
	count(mutable_image_tag.deny) == 0 with input as f.plan([
		f.unknown(f.create("aws_ecs_task_definition.u", "aws_ecs_task_definition", {}), {"container_definitions": true}),
		f.unknown(f.create("kubernetes_pod_v1.p", "kubernetes_pod_v1", {"spec": [{"container": [{"name": "x"}]}]}), {"spec": [{"container": [{"image": true}]}]}),
		f.unknown(f.create("aws_lambda_function.l", "aws_lambda_function", {}), {"image_uri": true}),
		f.noop("aws_lambda_function.n", "aws_lambda_function", {"image_uri": "x:latest"}),
		f.read("data.aws_ecs_task_definition.r", "aws_ecs_task_definition", {"container_definitions": "[{\"image\":\"x\"}]"}),
		f.create("aws_ecs_task_definition.bad", "aws_ecs_task_definition", {"container_definitions": "not json"}),
	])
}
