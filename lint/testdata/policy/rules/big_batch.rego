# METADATA
# title: Big batch
# description: Too many resources change in one plan.
# custom:
#   id: big-batch
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: Split the change.
#   requires_plan: true
#   params:
#     max_changes: Most changed resources allowed.
#   example: |
#     resource "terraform_data" "a" {}
package opex.rules.big_batch

import data.opex.lib

deny contains {"msg": sprintf("%d resources change, more than %v", [n, max])} if {
	n := count(lib.changed)
	max := lib.param("max_changes")
	n > max
}
