# METADATA
# title: Large batch change
# description: |
#   The pillar asks for frequent, small, reversible changes: a plan that changes many resources at
#   once is hard to review, hard to roll back and, when it fails, hard to diagnose. Fires when the
#   plan changes (creates, updates, deletes, replaces or forgets) more resources than
#   `max_changes`; an `opex_environment` in the plan can lower the limit with
#   `controls.max_batch_size`.
# custom:
#   id: large-batch
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Split the change into smaller plans (separate pull requests, `-target` for a staged rollout,
#     or smaller root modules), or raise `max_changes` deliberately for a one-off migration.
#   requires_plan: true
#   params:
#     max_changes: Most changed resources allowed in one plan (opex_environment controls.max_batch_size overrides the default).
#   example: |
#     resource "aws_instance" "fleet" {
#       count = 40   # 40 creates in one plan, more than max_changes (25)
#       ami           = var.ami
#       instance_type = "t3.micro"
#     }
package opex.rules.large_batch

import data.opex.lib

deny contains {"msg": msg} if {
	n := count(lib.changes)
	limit := lib.param("max_changes")
	n > limit

	# One pass over the changes, then one count per distinct action.
	actions := [lib.action(rc) | some rc in lib.changes]
	parts := [sprintf("%d %s", [c, a]) |
		some a in sort({x | some x in actions})
		c := count([1 | some x in actions; x == a])
	]
	msg := sprintf("the plan changes %d resources (%s), more than max_changes %d: split it into smaller changes", [n, concat(", ", parts), limit])
}
