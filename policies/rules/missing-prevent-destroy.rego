# METADATA
# title: Stateful resource without prevent_destroy
# description: |
#   `lifecycle { prevent_destroy = true }` makes Terraform refuse any plan that would destroy the
#   resource, which turns an irreversible mistake into a failed plan. Fires for a stateful
#   resource that the plan creates, updates or replaces when its configuration block does not set
#   `prevent_destroy = true`. It needs the `.tf` files (opexlint `--dir` or HCL mode), so it is
#   silent under plain opa/conftest, where `input.opex.config` is absent.
# custom:
#   id: missing-prevent-destroy
#   severity: medium
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Add `lifecycle { prevent_destroy = true }` to the resource block; remove it in a reviewed
#     change of its own when the resource really has to go.
#   requires_plan: false
#   params:
#     stateful_types: Resource types that hold data.
#   example: |
#     resource "aws_s3_bucket" "audit" {
#       bucket = "acme-audit-logs"
#       # no lifecycle { prevent_destroy = true }
#     }
package opex.rules.missing_prevent_destroy

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	resources := input.opex.config.resources
	some rc in lib.changes
	lib.keeps(rc)
	rc.type in lib.stateful_types
	addr := lib.config_address(rc)

	# Only resources whose block opexlint found: a resource in a module that was not read is unknown.
	facts := resources[addr]
	not facts.prevent_destroy == true
	msg := sprintf("%s (%s, holds data) has no lifecycle prevent_destroy = true in %s", [rc.address, rc.type, addr])
}
