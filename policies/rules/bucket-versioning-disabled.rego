# METADATA
# title: S3 bucket without versioning
# description: |
#   Versioning keeps every overwritten or deleted object, so a bad deploy, a faulty job or a
#   mistaken delete can be rolled back object by object; `force_destroy = true` lets Terraform empty
#   and delete a bucket full of data. Fires for an S3 bucket that the plan creates, updates or
#   replaces when no enabled versioning exists in the plan (neither an inline `versioning` block
#   nor an `aws_s3_bucket_versioning` resource for it), or when it sets `force_destroy = true`.
# custom:
#   id: bucket-versioning-disabled
#   severity: medium
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Add an `aws_s3_bucket_versioning` resource with `versioning_configuration { status = "Enabled" }`
#     for the bucket (with a lifecycle rule expiring old versions), and drop `force_destroy`.
#   requires_plan: false
#   example: |
#     resource "aws_s3_bucket" "artifacts" {
#       bucket        = "acme-artifacts"
#       force_destroy = true
#     }
package opex.rules.bucket_versioning_disabled

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in _buckets
	not _versioned(rc)
	not _maybe_versioned(rc)
	msg := sprintf("%s (aws_s3_bucket) will be %s without enabled versioning: deleted or overwritten objects cannot be restored", [rc.address, lib.describe(rc)])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in _buckets
	lib.known(rc, ["force_destroy"]) == true
	msg := sprintf("%s (aws_s3_bucket) sets force_destroy = true: a destroy deletes every object in it", [rc.address])
}

_buckets := [rc | some rc in object.get(lib.changes_by_type, "aws_s3_bucket", []); lib.keeps(rc)]

# Inline versioning (AWS provider < 4, still accepted) with enabled = true.
_versioned(rc) if {
	some b in lib.blocks(lib.after(rc), "versioning")
	b.enabled == true
}

# A separate aws_s3_bucket_versioning with status Enabled names the bucket...
_versioned(rc) if lib.after(rc).bucket in _enabled_bucket_names

# ... or references it in the configuration (the name is often unknown until apply).
_versioned(rc) if lib.config_address(rc) in _enabled_bucket_refs

# Versioning resources, enabled (or not yet known), built once.
_versioning := [v |
	some v in object.get(lib.present_by_type, "aws_s3_bucket_versioning", [])
	_enabled(v)
]

_enabled(v) if {
	some c in lib.blocks(lib.after(v), "versioning_configuration")
	c.status == "Enabled"
}

_enabled(v) if lib.unknown(v, ["versioning_configuration"])

_enabled_bucket_names := {n | some v in _versioning; n := lib.known(v, ["bucket"])}

# The buckets each versioning resource's `bucket` references, by position in _versioning: built
# once, since attr_targets walks the configuration's expressions.
_bucket_targets := [lib.attr_targets(lib.config_address(v), {"bucket"}) | some v in _versioning]

_enabled_bucket_refs := {t | some ts in _bucket_targets; some t in ts}

# A versioning resource whose bucket is neither known nor traceable through the configuration
# might be any bucket's. A complete rule (evaluated once), not a scan per bucket.
_untraceable_versioning if {
	some i, v in _versioning
	lib.unknown(v, ["bucket"])
	count(_bucket_targets[i]) == 0
}

# No finding for buckets whose name is not known when an untraceable versioning resource exists.
_maybe_versioned(rc) if {
	_untraceable_versioning
	not lib.known(rc, ["bucket"])
}
