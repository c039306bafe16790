# METADATA
# title: Production database skips its final snapshot
# description: |
#   A final snapshot is the last way back after a database is deleted, by mistake or by a
#   replacement. With `skip_final_snapshot = true` a delete of a production database is
#   irreversible. Fires for a production RDS instance or cluster (and DocumentDB, Neptune and
#   Redshift clusters) that is created, updated or replaced with `skip_final_snapshot = true`, or
#   deleted while its state says so.
# custom:
#   id: skip-final-snapshot
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Set `skip_final_snapshot = false` and a `final_snapshot_identifier` (apply that change before
#     any delete, since the delete uses the value from state).
#   requires_plan: false
#   params:
#     final_snapshot_types: Types with skip_final_snapshot.
#     production_stages: Stage names that mean production.
#     environment_tags: Tag keys that name a resource's environment.
#   example: |
#     resource "aws_db_instance" "orders" {
#       identifier          = "orders"
#       skip_final_snapshot = true
#       tags                = { environment = "production" }
#     }
package opex.rules.skip_final_snapshot

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(lib.param("final_snapshot_types"))
	lib.value(rc).skip_final_snapshot == true
	lib.production(rc)
	msg := sprintf("%s (%s) in production will be %s with skip_final_snapshot = true: a delete leaves no snapshot to restore", [rc.address, rc.type, lib.describe(rc)])
}
