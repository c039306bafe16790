# METADATA
# title: Production resource without an alarm
# description: |
#   Anticipating failure starts with knowing when something fails: a production instance,
#   database, load balancer, service, function, queue or table that nothing watches fails
#   silently until users notice. Fires when the plan creates such a resource in production and no
#   alarm in the plan (CloudWatch metric or composite alarm, Google alert policy, Azure monitor
#   alert) references it, either through its configuration or by naming it in a dimension or scope.
# custom:
#   id: missing-alarm
#   severity: medium
#   principle: anticipate-failure
#   focus_area: operate
#   remediation: |
#     Add an alarm on the resource's key health metric (errors, latency, saturation, queue age)
#     with an action that notifies the owning team, in the same change that creates it.
#   requires_plan: false
#   params:
#     monitored_types: Compute and data resource types that need an alarm.
#     alarm_types: Resource types that are alarms.
#     production_stages: Stage names that mean production.
#     environment_tags: Tag keys that name a resource's environment.
#   example: |
#     resource "aws_sqs_queue" "orders" {
#       name = "orders"
#       tags = { environment = "production" }
#     }
#     # no aws_cloudwatch_metric_alarm with dimensions = { QueueName = aws_sqs_queue.orders.name }
package opex.rules.missing_alarm

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(lib.param("monitored_types"))
	lib.creates(rc)
	lib.production(rc)
	not _watched(rc)
	msg := sprintf("%s (%s) is created in production with no alarm in the plan that watches it", [rc.address, rc.type])
}

_alarm_types := {t | some t in lib.param("alarm_types")}

# Alarm resource blocks in the configuration, built once.
_alarm_blocks := [addr | some addr, c in lib.config_resources; c.resource.type in _alarm_types]

_referenced := {t | some addr in _alarm_blocks; some t in lib.attr_targets(addr, set())}

_referenced_modules := {m | some addr in _alarm_blocks; some m in lib.attr_module_targets(addr, set())}

# Every string an alarm in the plan holds (dimensions, scopes, filters), built once.
_alarm_strings := {s |
	some alarm in lib.present_of(_alarm_types)
	walk(lib.after(alarm), [_, s])
	is_string(s)
	s != ""
}

_id_attributes := [
	"id", "arn", "arn_suffix", "name", "identifier", "cluster_identifier", "function_name",
	"replication_group_id", "cluster_id", "domain_name", "url",
]

_watched(rc) if lib.config_address(rc) in _referenced

# Looked up by the address's own dot-separated prefixes (a few set lookups) instead of testing
# every referenced module against every resource.
_watched(rc) if {
	some m in lib.address_prefixes(lib.config_address(rc))
	m in _referenced_modules
}

_watched(rc) if {
	some k in _id_attributes
	v := lib.known(rc, [k])
	v in _alarm_strings
}
