# METADATA
# title: Echo input
# description: Repeats a resource's input attribute in its message (exercises redaction).
# custom:
#   id: echo-input
#   severity: low
#   principle: operations-as-code
#   focus_area: organization
package opex.rules.echo_input

deny contains {"msg": sprintf("input of %s is %v", [rc.address, rc.change.after.input]), "address": rc.address} if {
	some rc in input.resource_changes
	rc.change.after.input
}
