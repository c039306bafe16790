# METADATA
# title: Dump everything
# description: Interpolates every part of the input into finding messages, the worst a careless or hostile policy can do.
# custom:
#   id: dump-everything
#   severity: critical
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.dump_everything

# The whole input in one plan-wide message.
deny contains {"msg": sprintf("input: %v", [input])}

# Each resource change, drift entry and output change, as finding messages and addresses.
deny contains {"msg": sprintf("change of %s: before %v after %v", [rc.address, rc.change.before, rc.change.after]), "address": rc.address} if {
	some rc in input.resource_changes
}

deny contains {"msg": sprintf("drift of %s: %v", [rc.address, rc.change]), "address": rc.address} if {
	some rc in input.resource_drift
}

deny contains {"msg": sprintf("output %s changes from %v to %v", [name, oc.before, oc.after])} if {
	some name, oc in input.output_changes
}

# A value used as the address: the address field is printed in every format (SARIF
# logicalLocations, JUnit testcase names, GitHub titles, Markdown tables).
deny contains {"msg": "password used as an address", "address": sprintf("%v", [rc.change.after.password])} if {
	some rc in input.resource_changes
	rc.change.after.password
}

deny contains {"msg": sprintf("variable %s = %v", [name, v.value])} if {
	some name, v in input.variables
}

deny contains {"msg": sprintf("copied value %s", [rc.change.after.input])} if {
	some rc in input.resource_changes
	rc.change.after.input
}
