# METADATA
# title: Blast radius too large
# description: |
#   Small, reversible changes limit how much can break at once. The blast radius weighs every change
#   by its action (create 1, update 1, delete 5, replace 5) and by what the resource is (stateful 5,
#   network or identity 3, anything else 1), so that one database replacement counts more than
#   twenty new instances. Fires when the plan's score is above `max_blast_radius`; the score is
#   also shown in the opexlint report summary.
# custom:
#   id: blast-radius
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Split destructive and stateful changes from the rest and apply them on their own, with a
#     rollback plan; move network and identity changes into their own plan.
#   requires_plan: true
#   params:
#     max_blast_radius: Highest weighted score allowed in one plan.
#     action_weights: Weight of each action (create, update, delete, replace, forget).
#     class_factors: Factor of each resource class (stateful, network_identity, other).
#     stateful_types: Resource types that hold data.
#     network_identity_types: Resource types that carry traffic or grant access.
#   example: |
#     # Replacing one database (5 x 5 = 25) and deleting three buckets (3 x 25 = 75) plus a few
#     # security group updates scores above 100.
package opex.rules.blast_radius

import data.opex.lib

deny contains {"msg": msg} if {
	score := lib.blast_radius
	limit := lib.param("max_blast_radius")
	score > limit
	msg := sprintf("the plan's blast radius is %d, above max_blast_radius %d; heaviest changes: %s", [score, limit, concat(", ", _heaviest)])
}

# The three heaviest changes, heaviest first, ties in plan order (a stable message).
_heaviest := [sprintf("%s %s (%d)", [rc.address, lib.action(rc), 0 - e[0]]) |
	ranked := sort([[0 - w, i] | some i, w in lib.weights])
	some k, e in ranked
	k < 3
	rc := lib.changes[e[1]]
]
