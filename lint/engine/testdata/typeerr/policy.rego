# METADATA
# title: T
# custom:
#   id: typed
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.typed

deny contains {"msg": "x"} if {
	count(1) > 0
}
