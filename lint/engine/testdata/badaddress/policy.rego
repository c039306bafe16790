# METADATA
# title: T
# custom:
#   id: badaddr
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.badaddr

deny contains {"msg": "m", "address": 42} if true
