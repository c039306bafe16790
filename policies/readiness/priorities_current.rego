# METADATA
# title: Priorities set and current
# description: |
#   The workload has at least one operational priority and none is past its `review_by` date.
#   Priorities drive where the team spends effort; the pillar asks that they follow changing
#   business needs and compliance requirements, so a priority nobody revisited is a stale guide.
# custom:
#   id: priorities-current
#   severity: medium
#   principle: refine-procedures
#   focus_area: organization
#   remediation: |
#     Declare opex_priority resources for the workload (or organisation-wide ones) and pass them in
#     `priorities`; review those past `review_by` and move the date forward.
package opex.readiness.priorities_current

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains "no operational priorities are given to the review" if {
	count(object.get(input, "priorities", [])) == 0
}

_findings contains sprintf("priority %q was due for review on %s", [p.name, p.review_by]) if {
	some p in input.priorities
	is_string(p.review_by)
	time.parse_ns("2006-01-02", p.review_by) < time.parse_ns("2006-01-02", input.now)
}
