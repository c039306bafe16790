# METADATA
# title: Improvement overdue
# description: |
#   Learn from all operational failures: an improvement found in an incident, a problem review or a
#   game day only helps once it is done. Fires when the plan creates or changes an
#   `opex_improvement` that is not `done` and whose `due` date has passed (or that the provider
#   plans with `overdue = true`).
# custom:
#   id: improvement-overdue
#   severity: low
#   principle: learn-from-failures
#   focus_area: evolve
#   remediation: |
#     Finish the improvement and set `status = "done"`, or re-prioritise it with a new `due` date
#     and a note on why it slipped.
#   requires_plan: true
#   example: |
#     resource "opex_improvement" "retry_budget" {
#       title  = "Add retry budget to checkout client"
#       source = "incident"
#       status = "in_progress"
#       due    = "2024-03-01"
#     }
package opex.rules.improvement_overdue

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in object.get(lib.changes_by_type, "opex_improvement", [])
	lib.keeps(rc)
	not lib.unknown(rc, ["status"])
	not lib.equals(rc, ["status"], "done")
	_overdue(rc)
	msg := sprintf("%s (opex_improvement, status %s) is overdue%s", [rc.address, _status(rc), _due(rc)])
}

_overdue(rc) if lib.is_true(rc, ["overdue"])

_overdue(rc) if {
	due := lib.known(rc, ["due"])
	regex.match(`^\d{4}-\d{2}-\d{2}`, due)
	substring(due, 0, 10) < _today
}

# Today's date (UTC) as YYYY-MM-DD, comparable with due dates as strings.
_today := sprintf("%04d-%02d-%02d", time.date(time.now_ns()))

_status(rc) := s if {
	s := lib.known(rc, ["status"])
	is_string(s)
} else := "unset"

_due(rc) := sprintf(": due %s", [substring(lib.known(rc, ["due"]), 0, 10)]) if regex.match(`^\d{4}-\d{2}-\d{2}`, lib.known(rc, ["due"]))

else := ""
