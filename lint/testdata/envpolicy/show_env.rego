# METADATA
# title: Show environment
# description: Reports input.opex.environment (tests flag > config precedence).
# custom:
#   id: show-env
#   severity: low
#   principle: operations-as-code
#   focus_area: organization
package opex.rules.show_env

deny contains {"msg": sprintf("environment is %s", [input.opex.environment])} if input.opex.environment
