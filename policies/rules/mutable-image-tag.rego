# METADATA
# title: Mutable container image tag
# description: |
#   A deployment can only be reversed if the previous version can be deployed again exactly. An image
#   without a tag, or tagged `latest`, points at whatever was pushed last: the same configuration
#   deploys different code over time and a rollback redeploys the broken image. Fires for ECS task
#   definitions, Kubernetes workloads, Cloud Run services and Lambda functions that are created,
#   updated or replaced with such an image. Images pinned by digest pass.
# custom:
#   id: mutable-image-tag
#   severity: medium
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Deploy an immutable tag (a version or commit SHA) or pin the digest (`image@sha256:…`), and
#     make the repository's tags immutable (`image_tag_mutability = "IMMUTABLE"` on ECR).
#   requires_plan: false
#   params:
#     mutable_image_tags: Image tags that move.
#   example: |
#     resource "aws_lambda_function" "worker" {
#       function_name = "worker"
#       package_type  = "Image"
#       image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:latest"
#     }
package opex.rules.mutable_image_tag

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some img in _images
	problem := _problem(img.image)
	rc := img.rc
	msg := sprintf("%s (%s) %s uses image %s, which %s: pin a version tag or digest", [rc.address, rc.type, img.where, _shown(img), problem])
}

_workload_types := {
	"kubernetes_deployment", "kubernetes_deployment_v1",
	"kubernetes_stateful_set", "kubernetes_stateful_set_v1",
	"kubernetes_daemonset", "kubernetes_daemon_set_v1",
	"kubernetes_job", "kubernetes_job_v1",
	"kubernetes_cron_job", "kubernetes_cron_job_v1",
	"kubernetes_pod", "kubernetes_pod_v1",
	"google_cloud_run_service", "google_cloud_run_v2_service", "google_cloud_run_v2_job",
}

_images contains {"rc": rc, "image": image, "where": sprintf("container %s", [name]), "sensitive": _sensitive(rc, ["container_definitions"])} if {
	some rc in object.get(lib.changes_by_type, "aws_ecs_task_definition", [])
	raw := lib.known(rc, ["container_definitions"])
	json.is_valid(raw)
	some c in json.unmarshal(raw)
	image := c.image
	is_string(image)
	name := object.get(c, "name", "?")
}

_images contains {"rc": rc, "image": image, "where": sprintf("container %s", [name]), "sensitive": _sensitive(rc, path)} if {
	some t in _workload_types
	some rc in object.get(lib.changes_by_type, t, [])
	walk(lib.after(rc), [path, image])
	path[count(path) - 1] == "image"
	path[count(path) - 3] in {"container", "init_container", "containers", "init_containers"}
	is_string(image)
	not lib.unknown(rc, path)
	parent := object.get(lib.after(rc), array.slice(path, 0, count(path) - 1), {})
	name := object.get(parent, "name", sprintf("%v", [path[count(path) - 2]]))
}

_images contains {"rc": rc, "image": image, "where": "function", "sensitive": _sensitive(rc, ["image_uri"])} if {
	some rc in object.get(lib.changes_by_type, "aws_lambda_function", [])
	image := lib.known(rc, ["image_uri"])
	image != ""
}

# Messages show the image unless Terraform marks it sensitive.
_shown(img) := "(sensitive)" if img.sensitive

else := img.image

_sensitive(rc, path) if {
	lib.sensitive(rc, path)
} else := false

# The repository part ends at the last "/"; a ":" after it starts the tag. A registry port
# (host:5000/app) comes before the last "/" and is not a tag.
_problem(image) := "has no tag (it means latest)" if {
	not contains(image, "@")
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}

_problem(image) := sprintf("is tagged %s, a tag that moves", [tag]) if {
	not contains(image, "@")
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	tag := substring(last, indexof(last, ":") + 1, -1)
	tag in {t | some t in lib.param("mutable_image_tags")}
}
