# METADATA
# title: Runbooks with owners and escalation
# description: |
#   At least one runbook or playbook covers the workload, every step names its owner, and every
#   runbook points at an escalation policy. The pillar asks that runbooks define what initiates
#   escalation, the process for escalation, and the owners of each action.
# custom:
#   id: runbook-coverage
#   severity: critical
#   principle: operations-as-code
#   focus_area: operate
#   remediation: |
#     Declare an opex_runbook for the workload, set `owner` on every `step`, set
#     `escalation_policy_id = opex_escalation_policy.<name>.id`, and pass the runbooks in `runbooks`.
package opex.readiness.runbook_coverage

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains "no runbook or playbook is given to the review" if {
	count(object.get(input, "runbooks", [])) == 0
}

_findings contains sprintf("runbook %q step %d (%q) has no owner", [rb.name, i + 1, step.name]) if {
	some rb in input.runbooks
	some i, step in object.get(rb, "step", [])
	not _set(object.get(step, "owner", null))
}

_findings contains sprintf("runbook %q has no steps", [rb.name]) if {
	some rb in input.runbooks
	count(object.get(rb, "step", [])) == 0
}

_findings contains sprintf("runbook %q has no escalation policy", [rb.name]) if {
	some rb in input.runbooks
	not _set(object.get(rb, "escalation_policy_id", null))
}

_set(v) if {
	is_string(v)
	trim_space(v) != ""
}
