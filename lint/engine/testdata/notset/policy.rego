# METADATA
# title: T
# custom:
#   id: notset
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.notset

deny := true
