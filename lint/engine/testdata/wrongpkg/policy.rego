# METADATA
# title: T
# custom:
#   id: one-thing
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.other_thing
