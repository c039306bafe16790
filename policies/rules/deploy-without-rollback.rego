# METADATA
# title: Deployment without automatic rollback
# description: |
#   Reversible changes need a way back that does not depend on a person noticing the failure: a
#   deployment that rolls itself back when it fails keeps a bad release short. Fires for an ECS
#   service without a deployment circuit breaker with rollback (unless CodeDeploy or an external
#   controller deploys it), a CodeDeploy deployment group without automatic rollback, a
#   `helm_release` that is not `atomic`, and a Kubernetes deployment with
#   `revision_history_limit = 0` (nothing to roll back to). Unknown values do not fire.
# custom:
#   id: deploy-without-rollback
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     ECS: `deployment_circuit_breaker { enable = true, rollback = true }`. CodeDeploy:
#     `auto_rollback_configuration { enabled = true, events = ["DEPLOYMENT_FAILURE"] }`. Helm:
#     `atomic = true`. Kubernetes: keep `revision_history_limit` above 0.
#   requires_plan: false
#   example: |
#     resource "aws_ecs_service" "api" {
#       name            = "api"
#       task_definition = aws_ecs_task_definition.api.arn
#       # no deployment_circuit_breaker
#     }
package opex.rules.deploy_without_rollback

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in _changed("aws_ecs_service")
	not _other_controller(rc)
	not lib.unknown(rc, ["deployment_circuit_breaker"])
	not _circuit_breaker_rollback(rc)
	msg := sprintf("%s (aws_ecs_service) will be %s without a deployment circuit breaker with rollback = true: a failed deployment is not rolled back", [rc.address, lib.describe(rc)])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in _changed("aws_codedeploy_deployment_group")
	not lib.unknown(rc, ["auto_rollback_configuration"])
	not _auto_rollback(rc)
	msg := sprintf("%s (aws_codedeploy_deployment_group) will be %s without auto_rollback_configuration enabled on deployment failure", [rc.address, lib.describe(rc)])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in _changed("helm_release")
	not lib.unknown(rc, ["atomic"])
	not lib.is_true(rc, ["atomic"])
	not lib.is_true(rc, ["rollback_on_failure"])
	msg := sprintf("%s (helm_release) will be %s without atomic = true: a failed upgrade is left half-applied", [rc.address, lib.describe(rc)])
}

deny contains {"msg": msg, "address": rc.address} if {
	some t in ["kubernetes_deployment", "kubernetes_deployment_v1"]
	some rc in _changed(t)
	some i, spec in lib.blocks(lib.after(rc), "spec")
	lib.known(rc, ["spec", i, "revision_history_limit"]) == 0
	msg := sprintf("%s (%s) sets revision_history_limit = 0: no previous ReplicaSet is kept to roll back to", [rc.address, rc.type])
}

_changed(t) := [rc | some rc in object.get(lib.changes_by_type, t, []); lib.keeps(rc)]

_other_controller(rc) if {
	some c in lib.blocks(lib.after(rc), "deployment_controller")
	c.type in {"CODE_DEPLOY", "EXTERNAL"}
}

_other_controller(rc) if lib.unknown(rc, ["deployment_controller"])

_circuit_breaker_rollback(rc) if {
	some b in lib.blocks(lib.after(rc), "deployment_circuit_breaker")
	b.enable == true
	b.rollback == true
}

_auto_rollback(rc) if {
	some b in lib.blocks(lib.after(rc), "auto_rollback_configuration")
	b.enabled == true
}
