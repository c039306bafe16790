# METADATA
# title: T
# custom:
#   id: sev
#   severity: blocker
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.sev
