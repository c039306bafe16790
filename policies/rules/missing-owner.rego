# METADATA
# title: Production resource without an owner
# description: |
#   The pillar's organization focus area asks that every workload and resource have a known owner:
#   someone to page, to ask before changing it, and to decide its priorities. Fires for a
#   production resource that takes tags (or labels) and is created, updated or replaced with none
#   of the `owner_tags` keys set, counting provider default tags (`tags_all`). Unknown tags do not
#   fire.
# custom:
#   id: missing-owner
#   severity: medium
#   principle: operations-as-code
#   focus_area: organization
#   remediation: |
#     Tag the resource with its owning team (`owner = "team-payments"`), best set once for all
#     resources through the provider's `default_tags`.
#   requires_plan: false
#   params:
#     owner_tags: Tag keys that name an owner.
#     production_stages: Stage names that mean production.
#     environment_tags: Tag keys that name a resource's environment.
#   example: |
#     resource "aws_sqs_queue" "orders" {
#       name = "orders"
#       tags = { environment = "production" }   # no owner or team tag
#     }
package opex.rules.missing_owner

import data.opex.lib

_tag_attributes := ["tags", "tags_all", "labels", "tag"]

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes
	lib.keeps(rc)
	_takes_tags(rc)
	not _tags_unknown(rc)
	not _owned(rc)
	lib.production(rc)
	msg := sprintf("%s (%s) in production has no owner tag (one of %s)", [rc.address, rc.type, concat(", ", lib.param("owner_tags"))])
}

_owner_tags := lib.param("owner_tags")

_takes_tags(rc) if {
	some k in _tag_attributes
	k in object.keys(lib.after(rc))
}

_takes_tags(rc) if {
	some k in _tag_attributes
	lib.unknown(rc, [k])
}

# Tags computed at apply time may hold the owner.
_tags_unknown(rc) if {
	some k in _tag_attributes
	lib.unknown(rc, [k])
}

_owned(rc) if {
	some tags in lib.tag_maps_of(lib.after(rc))
	some o in _owner_tags
	v := tags[o]
	is_string(v)
	trim_space(v) != ""
}

# opex resources declare their owner as a first-class attribute rather than a tag.
_owned(rc) if {
	startswith(rc.type, "opex_")
	owner := lib.after(rc).owner
	is_string(owner)
	trim_space(owner) != ""
}
