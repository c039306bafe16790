# METADATA
# title: Production in a single availability zone
# description: |
#   Anticipate failure: an availability zone can fail, and a production workload that lives in one
#   fails with it. Fires for production resources created, updated or replaced with no redundancy
#   across zones: an RDS instance with `multi_az = false`, an ElastiCache replication group
#   without automatic failover (or a single-AZ cache cluster), a Google Cloud SQL instance with
#   `availability_type = "ZONAL"`, and an Auto Scaling group in one subnet or zone.
# custom:
#   id: single-az-production
#   severity: medium
#   principle: anticipate-failure
#   focus_area: prepare
#   remediation: |
#     Set `multi_az = true`, `automatic_failover_enabled = true` with `multi_az_enabled = true`,
#     `availability_type = "REGIONAL"`, and give Auto Scaling groups subnets in at least two zones.
#   requires_plan: false
#   params:
#     production_stages: Stage names that mean production.
#     environment_tags: Tag keys that name a resource's environment.
#   example: |
#     resource "aws_db_instance" "orders" {
#       identifier = "orders"
#       multi_az   = false
#       tags       = { environment = "production" }
#     }
package opex.rules.single_az_production

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some f in _findings
	rc := f.rc
	lib.production(rc)
	msg := sprintf("%s (%s) in production %s: one zone failure takes it down", [rc.address, rc.type, f.why])
}

_changed(t) := [rc | some rc in object.get(lib.changes_by_type, t, []); lib.keeps(rc)]

_findings contains {"rc": rc, "why": "has multi_az = false"} if {
	some rc in _changed("aws_db_instance")
	not lib.unknown(rc, ["multi_az"])
	not lib.is_true(rc, ["multi_az"])
}

_findings contains {"rc": rc, "why": "has no automatic failover"} if {
	some rc in _changed("aws_elasticache_replication_group")
	not lib.unknown(rc, ["automatic_failover_enabled"])
	not lib.is_true(rc, ["automatic_failover_enabled"])
}

_findings contains {"rc": rc, "why": "is a single-AZ cache cluster"} if {
	some rc in _changed("aws_elasticache_cluster")
	lib.unset(rc, ["replication_group_id"])
	not lib.unknown(rc, ["az_mode"])
	not lib.equals(rc, ["az_mode"], "cross-az")
}

_findings contains {"rc": rc, "why": "has availability_type ZONAL"} if {
	some rc in _changed("google_sql_database_instance")
	some i, s in lib.blocks(lib.after(rc), "settings")
	lib.known(rc, ["settings", i, "availability_type"]) == "ZONAL"
}

_findings contains {"rc": rc, "why": sprintf("spans a single %s", [what])} if {
	some rc in _changed("aws_autoscaling_group")
	some k, what in {"vpc_zone_identifier": "subnet", "availability_zones": "availability zone"}
	v := lib.known(rc, [k])
	count(v) == 1
	not lib.unknown(rc, [k, 0])
}
