# METADATA
# title: ECS deployment stops too many tasks
# description: |
#   With deployment_minimum_healthy_percent below the threshold, a rolling deployment stops most
#   (at 0, all) running tasks before their replacements are healthy: every release is an outage
#   for the time it takes new tasks to start, and a bad image leaves nothing running to fall back
#   on (small, reversible changes). Fires on an aws_ecs_service, created or updated, using the
#   ECS rolling deployment controller with the REPLICA strategy, whose
#   deployment_minimum_healthy_percent is below min_healthy_percent.
# custom:
#   id: ecs-deploy-capacity
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Keep deployment_minimum_healthy_percent at or above min_healthy_percent (100 with
#     deployment_maximum_percent = 200 keeps full capacity during a release), and enable the
#     deployment circuit breaker with rollback.
#   requires_plan: false
#   params:
#     min_healthy_percent: Lowest deployment_minimum_healthy_percent allowed (default 50).
#   example: |
#     resource "aws_ecs_service" "api" {
#       name                               = "api"
#       desired_count                      = 4
#       deployment_minimum_healthy_percent = 0
#     }
package opex.rules.ecs_deploy_capacity

default_min_healthy_percent := 50

# Parameters arrive in input.opex.params (opexlint: flags and .opexlint.hcl). Plain opa and
# conftest have no input.opex, so the default applies.
min_healthy_percent := object.get(input, ["opex", "params", "min_healthy_percent"], default_min_healthy_percent)

changed_services contains rc if {
	some rc in input.resource_changes
	rc.type == "aws_ecs_service"
	some action in rc.change.actions
	action in {"create", "update"}
}

# CodeDeploy and external controllers do not use the rolling settings; daemons run one task per
# instance, where 0 is the usual setting.
rolling_replica(after) if {
	not other_controller(after)
	object.get(after, "scheduling_strategy", "REPLICA") != "DAEMON"
}

other_controller(after) if {
	some controller in after.deployment_controller
	controller.type in {"CODE_DEPLOY", "EXTERNAL"}
}

deny contains result if {
	some rc in changed_services
	after := rc.change.after
	rolling_replica(after)
	# A value unknown during plan has no number here: no finding.
	percent := after.deployment_minimum_healthy_percent
	is_number(percent)
	percent < min_healthy_percent
	result := {
		"msg": sprintf(
			"%s: deployment_minimum_healthy_percent = %v stops tasks before replacements are healthy (minimum %v)",
			[rc.address, percent, min_healthy_percent],
		),
		"address": rc.address,
	}
}
