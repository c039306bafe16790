# METADATA
# title: Deletion protection disabled
# description: |
#   Deletion protection is the provider-side guard that keeps a console click, a script or a bad
#   plan from deleting a database or load balancer: a change stays reversible only while the
#   resource survives. Fires when a resource whose type has deletion protection (RDS instances and
#   Aurora clusters, DocumentDB, Neptune, DynamoDB, load balancers, Cognito user pools, Google
#   SQL, Compute, GKE, Bigtable, Spanner, BigQuery, Firestore, ...) is created, updated or
#   replaced with it turned off, explicitly or by the provider default. Unknown values do not fire.
# custom:
#   id: deletion-protection-disabled
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Turn deletion protection on (`deletion_protection = true`,
#     `deletion_protection_enabled = true` for DynamoDB, `enable_deletion_protection = true` for
#     load balancers), and turn it off only in the change that deletes the resource.
#   requires_plan: false
#   params:
#     deletion_protection: Types with deletion protection, the attribute, the protected value and the provider default.
#   example: |
#     resource "aws_rds_cluster" "orders" {
#       cluster_identifier  = "orders"
#       engine              = "aurora-postgresql"
#       deletion_protection = false
#     }
package opex.rules.deletion_protection_disabled

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	protection := lib.param("deletion_protection")
	some t, spec in protection
	some rc in object.get(lib.changes_by_type, t, [])
	lib.keeps(rc)
	not lib.unknown(rc, spec.path)
	v := object.get(lib.after(rc), spec.path, null)
	effective := _effective(v, spec)
	effective != spec.enabled
	msg := sprintf("%s (%s) will be %s with deletion protection off (%s = %v%s)", [rc.address, rc.type, lib.describe(rc), concat(".", spec.path), effective, _by_default(v)])
}

_effective(v, spec) := spec.default if v == null

else := v

_by_default(v) := ", the provider default" if v == null

else := ""
