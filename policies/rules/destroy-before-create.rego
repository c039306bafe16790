# METADATA
# title: Replacement destroys before it creates
# description: |
#   Terraform replaces a resource by destroying it first unless `create_before_destroy` is set, so
#   between the two steps the resource does not exist: an outage that grows with creation time,
#   and no old resource to go back to if the new one fails. Small, reversible changes keep the old
#   object until the new one works. Fires on every replacement planned as `["delete", "create"]`.
# custom:
#   id: destroy-before-create
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Add `lifecycle { create_before_destroy = true }` (with a name prefix or generated name where
#     names must be unique), or avoid the replacement by changing the attribute that forces it.
#   requires_plan: true
#   example: |
#     resource "aws_launch_template" "web" {
#       name          = "web"          # fixed name: the replacement must destroy first
#       instance_type = "t3.large"
#     }
package opex.rules.destroy_before_create

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes
	lib.replace_order(rc) == "destroy-before-create"
	msg := sprintf("%s (%s) will be destroyed before its replacement is created%s: set lifecycle create_before_destroy", [rc.address, rc.type, _forced_by(rc)])
}

_forced_by(rc) := sprintf(" (replacement forced by %s)", [concat(", ", paths)]) if {
	paths := [concat(".", [sprintf("%v", [s]) | some s in p]) | some p in rc.change.replace_paths]
	count(paths) > 0
} else := ""
