# METADATA
# title: Operational readiness review failed
# description: |
#   Anticipate failure before it reaches production: an `opex_readiness_review` evaluates the
#   workload's readiness checks (owners, runbooks, escalation, telemetry, rollback plan, game
#   days, environment controls) at plan time. Fires when the plan creates or changes a review
#   planned with `passed = false`, naming the failed checks, so that the gap is fixed before the
#   apply rather than found in an incident.
# custom:
#   id: readiness-review-failed
#   severity: critical
#   principle: anticipate-failure
#   focus_area: prepare
#   remediation: |
#     Fix the failed checks listed in the review's `results` (or record evidence or a time-boxed
#     waiver with a reason), until the score reaches `min_score`.
#   requires_plan: true
#   example: |
#     resource "opex_readiness_review" "checkout_prod" {
#       workload    = opex_workload.checkout
#       environment = opex_environment.prod
#       runbooks    = []          # no runbook: the review fails
#       min_score   = 80
#     }
package opex.rules.readiness_review_failed

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in object.get(lib.changes_by_type, "opex_readiness_review", [])
	lib.is_false(rc, ["passed"])
	msg := sprintf("%s (opex_readiness_review) fails%s%s", [rc.address, _score(rc), _failed(rc)])
}

_score(rc) := sprintf(" with score %v of minimum %v", [s, m]) if {
	s := lib.known(rc, ["score"])
	m := lib.known(rc, ["min_score"])
} else := ""

# The ids of failed checks (names only; notes and evidence are free text).
_failed(rc) := sprintf(": failed checks %s", [concat(", ", checks)]) if {
	checks := sort({c |
		some r in lib.blocks(lib.after(rc), "results")
		r.status in {"fail", "failed"}
		c := r.check
		is_string(c)
	})
	count(checks) > 0
} else := ""
