package config

// DefaultFile is what `opexlint init` writes: every setting, commented, with its default.
const DefaultFile = `# opexlint configuration (https://github.com/opexhq/terraform-provider-opex).
# Command-line flags override these settings; these override the values that opex_environment
# resources in the plan declare; those override the library defaults.

# Fail (exit 1) when a finding that is not waived has at least this severity:
# critical | high | medium | low | none.
fail_on = "high"

# The environment the plan deploys to (rules apply stricter controls to production).
# environment = "production"

# Extra Rego policy directories, relative to this file. Rule packages are
# "package opex.rules.<id_with_underscores>" with a # METADATA block (see docs/rules).
# policy_dirs = ["policy"]

# Rule parameters shared by every rule; "opexlint rules" lists them with their defaults.
params {
  # max_changes = 40
}

# Per-rule settings: turn a rule off, change its severity, or set the parameters it declares.
# rule "large-batch" {
#   enabled  = true
#   severity = "medium"
#   params {
#     max_changes = 60
#   }
# }

# Accept a finding on purpose. address is a glob over resource addresses: "*" matches within
# one dot-separated segment, "**" any number of segments; an address without instance keys
# covers every instance. Omit address to waive the rule everywhere. A waiver past its until
# date stops waiving and is reported as an expired-waiver finding.
# waiver {
#   rule    = "large-batch"
#   address = "module.network.**"
#   reason  = "Initial rollout of the network module, reviewed in CHG-1234."
#   until   = "2030-01-31"
# }
`
