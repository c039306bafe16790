# METADATA
# title: Telemetry present
# description: |
#   The review names at least one alarm or dashboard for the workload. The pillar's first step in
#   preparing is to design telemetry: without it the team learns about failures from its users.
# custom:
#   id: telemetry-present
#   severity: high
#   principle: anticipate-failure
#   focus_area: prepare
#   remediation: |
#     List the workload's alarm and dashboard ids in `telemetry`, e.g.
#     `telemetry = [aws_cloudwatch_metric_alarm.errors.arn]`.
package opex.readiness.telemetry_present

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains "no alarm or dashboard is listed in telemetry" if {
	count([t | some t in object.get(input, "telemetry", []); is_string(t); trim_space(t) != ""]) == 0
}
