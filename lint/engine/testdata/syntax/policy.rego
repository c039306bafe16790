# METADATA
# title: T
# custom:
#   id: broken
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.broken

deny contains {"msg": "x"} if {
	input.a ==
}
