# METADATA
# title: Runbook reviews up to date
# description: |
#   No runbook is past its review date (`next_review`) or was never reviewed. The pillar asks
#   teams to refine operations procedures frequently; a procedure nobody has read in months fails
#   the first time it is needed.
# custom:
#   id: runbook-review-current
#   severity: medium
#   principle: refine-procedures
#   focus_area: operate
#   remediation: |
#     Review the runbook, then set `last_reviewed` on the opex_runbook to the review date.
package opex.readiness.runbook_review_current

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains sprintf("runbook %q has never been reviewed", [rb.name]) if {
	some rb in object.get(input, "runbooks", [])
	not is_string(object.get(rb, "last_reviewed", null))
}

# next_review is recomputed here from the review date rather than read from review_overdue, so
# the result follows the review's clock even when the runbook's state is older than the review.
_findings contains sprintf("runbook %q was due for review on %s", [rb.name, _next_review(rb)]) if {
	some rb in object.get(input, "runbooks", [])
	is_string(object.get(rb, "last_reviewed", null))
	time.parse_ns("2006-01-02", _next_review(rb)) < time.parse_ns("2006-01-02", input.now)
}

_next_review(rb) := rb.next_review if is_string(object.get(rb, "next_review", null))

_next_review(rb) := d if {
	not is_string(object.get(rb, "next_review", null))
	days := object.get(rb, "review_interval_days", 90)
	d := _add_days(rb.last_reviewed, _interval(days))
}

_interval(n) := n if is_number(n)

_interval(n) := 90 if not is_number(n)

_add_days(date, n) := out if {
	ns := time.add_date(time.parse_ns("2006-01-02", date), 0, 0, n)
	out := time.format([ns, "UTC", "2006-01-02"])
}
