# METADATA
# title: T
# custom:
#   id: prin
#   severity: low
#   principle: move-fast
#   focus_area: operate
package opex.rules.prin
