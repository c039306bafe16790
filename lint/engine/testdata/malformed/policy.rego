# METADATA
# title: T
# custom:
#   id: malformed
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.malformed

deny contains {"message": "no msg key"} if true
