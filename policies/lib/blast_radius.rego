# The plan's blast radius: a weighted count of its changes. opexlint reports
# data.opex.lib.blast_radius in the report summary; the blast-radius rule compares it with
# max_blast_radius.
package opex.lib

# resource_class(type): stateful, network_identity or other.
resource_class(t) := "stateful" if t in stateful_types

else := "network_identity" if t in network_identity_types

else := "other"

# weight(rc): the action weight times the class factor. Actions without a weight (future ones)
# weigh as much as an update.
weight(rc) := w * f if {
	w := object.get(_action_weights, action(rc), object.get(_action_weights, "update", 1))
	f := object.get(_class_factors, resource_class(rc.type), 1)
}

_action_weights := param("action_weights")

_class_factors := param("class_factors")

# Weight of every change, keyed by position in the plan (addresses repeat for deposed objects).
# An object comprehension, not a partial object rule: OPA checks each key of a partial rule
# against every key before it, which is quadratic in the number of changes.
weights := {i: weight(rc) | some i, rc in changes}

blast_radius := sum([w | some w in weights])
