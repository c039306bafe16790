# METADATA
# title: T
# custom:
#   id: env
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.env

deny contains {"msg": x} if {
	x := opa.runtime().env.HOME
}
