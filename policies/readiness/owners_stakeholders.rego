# METADATA
# title: Owner and stakeholders set
# description: |
#   The workload names an owner and both stakeholder groups. The pillar asks business and
#   development teams together to set operational priorities; without named people on both sides
#   nobody is accountable for the trade-offs and nobody hears what operations learns.
# custom:
#   id: owners-stakeholders
#   severity: high
#   principle: learn-from-failures
#   focus_area: organization
#   remediation: |
#     Set `owner` on the opex_workload and list at least one team in both
#     `stakeholders.business` and `stakeholders.development`.
package opex.readiness.owners_stakeholders

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_findings contains "no workload is given to the review" if {
	not is_object(object.get(input, "workload", null))
}

_findings contains sprintf("workload %q has no owner", [name]) if {
	name := object.get(input.workload, "name", "")
	not _set(object.get(input.workload, "owner", null))
}

_findings contains sprintf("workload %q has no %s stakeholders", [name, group]) if {
	name := object.get(input.workload, "name", "")
	some group in ["business", "development"]
	count(_nonblank(object.get(object.get(input.workload, "stakeholders", {}), group, []))) == 0
}

_set(v) if {
	is_string(v)
	trim_space(v) != ""
}

_nonblank(xs) := {x | some x in xs; _set(x)} if is_array(xs)

_nonblank(xs) := set() if not is_array(xs)
