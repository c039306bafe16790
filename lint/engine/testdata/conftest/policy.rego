# METADATA
# title: T
# custom:
#   id: plain
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.plain

deny contains "a plain string result" if true
