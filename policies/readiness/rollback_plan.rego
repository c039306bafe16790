# METADATA
# title: Rollback plan when required
# description: |
#   When the environment's controls require a rollback plan (`controls.require_rollback_plan`),
#   the review states one. The pillar asks for small, reversible changes; a change into an
#   environment that demands a way back must say what that way is.
# custom:
#   id: rollback-plan
#   severity: critical
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Describe how to reverse the change in `rollback_plan` (a link or a short procedure).
package opex.readiness.rollback_plan

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains sprintf("environment %q requires a rollback plan and none is given", [input.environment.name]) if {
	object.get(input.environment, ["controls", "require_rollback_plan"], false) == true
	not _set(object.get(input, "rollback_plan", null))
}

_set(v) if {
	is_string(v)
	trim_space(v) != ""
}
