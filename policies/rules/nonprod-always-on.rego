# METADATA
# title: Non-production environment always on
# description: |
#   "When environments are not in use, turn them off" (prepare, use multiple environments): a
#   development or test environment running nights and weekends costs money and hides how the
#   workload behaves when it starts cold. Fires for a non-production instance, Auto Scaling group,
#   database or scale set that the plan creates, updates or replaces when the plan holds no stop
#   schedule for it: no `aws_autoscaling_schedule` that scales its group down, and no
#   `opex_environment` for its environment with a `schedule`.
# custom:
#   id: nonprod-always-on
#   severity: low
#   principle: operations-as-code
#   focus_area: prepare
#   remediation: |
#     Declare a `schedule { days, hours, timezone }` on the environment's `opex_environment`, or add
#     an `aws_autoscaling_schedule` that scales the group to zero outside working hours.
#   requires_plan: false
#   params:
#     always_on_types: Resource types that run (and cost) until stopped.
#     nonproduction_stages: Stage names that mean a non-production environment.
#     environment_tags: Tag keys that name a resource's environment.
#   example: |
#     resource "aws_autoscaling_group" "dev_web" {
#       min_size = 2
#       max_size = 2
#       tag {
#         key                 = "environment"
#         value               = "development"
#         propagate_at_launch = true
#       }
#     }
package opex.rules.nonprod_always_on

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(lib.param("always_on_types"))
	lib.keeps(rc)
	lib.non_production(rc)
	env := lib.environment(rc)
	not _environment_scheduled(env)
	not _group_scheduled(rc)
	msg := sprintf("%s (%s) in non-production environment %s has no stop schedule in the plan", [rc.address, rc.type, env])
}

# Environments with a schedule, by stage and by name (lower case), built once.
_scheduled_environments := {lower(n) |
	some e in lib.opex_environments
	_has_schedule(e)
	some n in [lib.after(e).stage, lib.after(e).name]
	is_string(n)
}

# A schedule block with some value set (an absent single nested block may show as an object of
# nulls).
_has_schedule(e) if {
	some b in lib.blocks(lib.after(e), "schedule")
	some v in b
	v != null
}

_has_schedule(e) if lib.unknown(e, ["schedule"])

_environment_scheduled(env) if lower(env) in _scheduled_environments

# With a single opex_environment, its schedule covers the plan.
_environment_scheduled(_) if {
	count(lib.opex_environments) == 1
	_has_schedule(lib.opex_environments[0])
}

# Auto Scaling schedules that stop a group (scale to zero, or values not known yet), built once.
_stopping := [s |
	some s in lib.present_of(["aws_autoscaling_schedule"])
	_stops(s)
]

_stops(s) if lib.after(s).desired_capacity == 0

_stops(s) if lib.after(s).max_size == 0

_stops(s) if lib.unknown(s, ["desired_capacity"])

_scheduled_group_names := {n | some s in _stopping; n := lib.known(s, ["autoscaling_group_name"])}

_scheduled_group_refs := {t | some s in _stopping; some t in lib.attr_targets(lib.config_address(s), {"autoscaling_group_name"})}

_group_scheduled(rc) if lib.known(rc, ["name"]) in _scheduled_group_names

_group_scheduled(rc) if lib.config_address(rc) in _scheduled_group_refs
