# METADATA
# title: Controls increase toward production
# description: |
#   The environment's change controls are at least as strict as those of every lower stage given
#   in `lower_environments`: no fewer required approvals, no larger batch size, and no
#   `require_*` flag switched off that a lower stage switches on. The pillar asks that controls
#   increase as environments approach production.
# custom:
#   id: controls-increase
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Raise the environment's `controls` to at least those of its lower stages, or relax the lower
#     stage if its control is not needed there.
package opex.readiness.controls_increase

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_rank := {"sandbox": 0, "development": 1, "test": 2, "staging": 3, "production": 4}

# Absent controls mean the defaults of opex_environment: no approvals, no batch limit, no flags.
_controls(env) := object.union(
	{"required_approvals": 0, "max_batch_size": null, "require_rollback_plan": false, "require_readiness_review": false},
	{k: v | some k, v in object.get(env, "controls", {}); v != null},
) if is_object(object.get(env, "controls", null))

_controls(env) := {"required_approvals": 0, "max_batch_size": null, "require_rollback_plan": false, "require_readiness_review": false} if {
	not is_object(object.get(env, "controls", null))
}

_findings contains "no environment is given to the review" if {
	not is_object(object.get(input, "environment", null))
}

_findings contains sprintf("%s environment %q is listed as lower but is not below %s", [low.stage, low.name, input.environment.stage]) if {
	some low in object.get(input, "lower_environments", [])
	_rank[low.stage] >= _rank[input.environment.stage]
}

_lower contains low if {
	some low in object.get(input, "lower_environments", [])
	_rank[low.stage] < _rank[input.environment.stage]
}

_findings contains sprintf("required_approvals %d is lower than %d in %s environment %q", [mine, theirs, low.stage, low.name]) if {
	some low in _lower
	mine := _controls(input.environment).required_approvals
	theirs := _controls(low).required_approvals
	mine < theirs
}

_findings contains sprintf("max_batch_size is unlimited but %s environment %q limits it to %d", [low.stage, low.name, theirs]) if {
	some low in _lower
	_controls(input.environment).max_batch_size == null
	theirs := _controls(low).max_batch_size
	theirs != null
}

_findings contains sprintf("max_batch_size %d is larger than %d in %s environment %q", [mine, theirs, low.stage, low.name]) if {
	some low in _lower
	mine := _controls(input.environment).max_batch_size
	theirs := _controls(low).max_batch_size
	mine != null
	theirs != null
	mine > theirs
}

_findings contains sprintf("%s is off but on in %s environment %q", [flag, low.stage, low.name]) if {
	some low in _lower
	some flag in ["require_rollback_plan", "require_readiness_review"]
	_controls(low)[flag] == true
	_controls(input.environment)[flag] != true
}
