# METADATA
# title: Stateful resource deleted or replaced
# description: |
#   A reversible change can be undone; deleting or replacing a resource that holds data cannot, unless
#   a backup or snapshot brings the data back. Fires when the plan deletes or replaces (in either
#   order) a resource of a stateful type: databases, buckets, volumes, file systems, caches, search
#   domains, keys, DNS zones, queues and streams on AWS, Google, Azure and Kubernetes.
# custom:
#   id: stateful-delete
#   severity: critical
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Check `replace_paths` for the attribute that forces the replacement and change it in place
#     instead (or use a `moved` block for a rename). If the deletion is intended, take and verify a
#     backup first, apply it as a change of its own, and protect the resource with
#     `lifecycle { prevent_destroy = true }` afterwards.
#   requires_plan: true
#   params:
#     stateful_types: Resource types that hold data.
#   example: |
#     resource "aws_db_instance" "main" {
#       identifier = "orders"
#       engine     = "postgres"
#       db_name    = "orders_v2"   # changing db_name forces a replacement
#     }
package opex.rules.stateful_delete

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes
	lib.deletes(rc)
	rc.type in lib.stateful_types
	msg := sprintf("%s (%s, holds data) will be %s: its data is lost unless it is restored from a backup%s", [rc.address, rc.type, lib.describe(rc), _forced_by(rc)])
}

# The attributes that force a replacement, by name only (their values may be secret).
_forced_by(rc) := sprintf("; replacement forced by %s", [concat(", ", paths)]) if {
	paths := [concat(".", [sprintf("%v", [s]) | some s in p]) | some p in rc.change.replace_paths]
	count(paths) > 0
} else := ""
