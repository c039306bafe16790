# METADATA
# title: Escalation policy notifies users
# description: |
#   The workload has an escalation policy with at least one level, and it notifies users both
#   when the service they consume is impacted and when it returns to normal. The pillar asks that
#   users hear about impact and recovery, and that incidents get a defined response.
# custom:
#   id: escalation-notifies-users
#   severity: high
#   principle: anticipate-failure
#   focus_area: operate
#   remediation: |
#     Declare an opex_escalation_policy with a `notify_users { channel = ... }` block (on_impact and
#     on_recovery default to true) and pass it in `escalation`.
package opex.readiness.escalation_notifies_users

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains "no escalation policy is given to the review" if {
	not is_object(object.get(input, "escalation", null))
}

_findings contains sprintf("escalation policy %q has no escalation level", [input.escalation.name]) if {
	is_object(input.escalation)
	count(object.get(input.escalation, "level", [])) == 0
}

_findings contains sprintf("escalation policy %q does not notify users (no notify_users block)", [input.escalation.name]) if {
	is_object(input.escalation)
	not is_object(object.get(input.escalation, "notify_users", null))
}

_findings contains sprintf("escalation policy %q does not notify users %s", [input.escalation.name, what]) if {
	notify := input.escalation.notify_users
	is_object(notify)
	some flag, what in {"on_impact": "on impact", "on_recovery": "on recovery"}
	object.get(notify, flag, true) == false
}
