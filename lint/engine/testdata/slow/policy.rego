# METADATA
# title: T
# custom:
#   id: slow
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.slow

deny contains {"msg": "never"} if {
	some i in numbers.range(1, 100000000)
	some j in numbers.range(1, 100000000)
	i + j < 0
}
