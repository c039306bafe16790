# METADATA
# title: Runbook review overdue
# description: |
#   Refine operations procedures frequently: a runbook nobody has reviewed since the workload
#   changed sends responders down a wrong path in an incident. The `opex_runbook` resource computes
#   `review_overdue` from `last_reviewed` and `review_interval_days` at plan time; fires when the
#   plan creates or changes a runbook planned with `review_overdue = true`.
# custom:
#   id: runbook-review-overdue
#   severity: medium
#   principle: refine-procedures
#   focus_area: operate
#   remediation: |
#     Review the runbook against the current workload (walk through it in a game day if you can),
#     fix what changed, and set `last_reviewed` to the review date.
#   requires_plan: true
#   example: |
#     resource "opex_runbook" "failover" {
#       name                 = "database failover"
#       last_reviewed        = "2024-01-15"
#       review_interval_days = 90
#     }
package opex.rules.runbook_review_overdue

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in object.get(lib.changes_by_type, "opex_runbook", [])
	lib.is_true(rc, ["review_overdue"])
	msg := sprintf("%s (opex_runbook %s) is overdue for review%s", [rc.address, _name(rc), _since(rc)])
}

_name(rc) := "(name sensitive)" if {
	lib.sensitive(rc, ["name"])
} else := sprintf("%q", [n]) if {
	n := lib.known(rc, ["name"])
	is_string(n)
} else := "without a name"

_since(rc) := sprintf(": last reviewed %s, next review was due %s", [last, next]) if {
	last := lib.known(rc, ["last_reviewed"])
	next := lib.known(rc, ["next_review"])
} else := ""
