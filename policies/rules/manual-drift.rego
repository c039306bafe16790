# METADATA
# title: Changes made outside Terraform
# description: |
#   Performing operations as code means every change goes through the code, its review and its
#   history. Drift that Terraform finds while refreshing (`resource_drift`) shows a change made by
#   hand, by a script or by another tool: the next apply silently reverts it, or the code no
#   longer describes what runs. Fires once per drifted resource instance, naming the attributes
#   that changed (never their values).
# custom:
#   id: manual-drift
#   severity: medium
#   principle: operations-as-code
#   focus_area: operate
#   remediation: |
#     Find out who changed the resource and why; bring the change into the configuration (or let
#     the apply revert it), and remove the access that allowed the manual change.
#   requires_plan: true
#   example: |
#     # Someone edited the security group in the console; `terraform plan` reports it under
#     # "Objects have changed outside of Terraform" and in the plan JSON's resource_drift.
package opex.rules.manual_drift

import data.opex.lib

deny contains {"msg": msg, "address": d.address} if {
	some d in input.resource_drift
	lib.changed(d)
	_real(d)
	msg := sprintf("%s (%s) was %s outside Terraform%s", [d.address, d.type, _what(d), _attributes(d)])
}

_what(d) := "deleted" if lib.action(d) == "delete"

else := "changed"

# A deletion, or an update that changes more than the provider's normalisation of empty values.
_real(d) if lib.action(d) != "update"

_real(d) if count(_changed_attributes(d)) > 0

# Top-level attribute names whose value differs between the state and the refreshed object.
# Providers often refresh an unset value as its empty form (tags null -> {}): not a change.
_changed_attributes(d) := {k |
	b := lib.before(d)
	a := lib.after(d)
	some k in (object.keys(b) | object.keys(a))
	_norm(object.get(b, k, null)) != _norm(object.get(a, k, null))
}

_norm(v) := null if v in {null, "", [], {}, set()}

else := v

_attributes(d) := sprintf(" (%s)", [concat(", ", sort(names))]) if {
	lib.action(d) == "update"
	names := _changed_attributes(d)
	count(names) > 0
} else := ""
