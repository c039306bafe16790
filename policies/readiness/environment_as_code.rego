# METADATA
# title: Environment managed as code
# description: |
#   The environment is deployed with infrastructure as code (`managed_by_code`). The pillar asks
#   teams to perform operations as code and to deploy environments with IaC and configuration
#   management, so that every change is reviewed and repeatable.
# custom:
#   id: environment-as-code
#   severity: medium
#   principle: operations-as-code
#   focus_area: prepare
#   remediation: |
#     Move the environment's deployment into code and set `managed_by_code = true`.
package opex.readiness.environment_as_code

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains sprintf("environment %q is not managed by code", [input.environment.name]) if {
	object.get(input.environment, "managed_by_code", true) == false
}
