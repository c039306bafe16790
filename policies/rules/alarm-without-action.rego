# METADATA
# title: Alarm without an action
# description: |
#   An alarm only anticipates failure if it reaches someone: with actions disabled or no action to
#   run, it changes state on a dashboard nobody watches. Fires for a CloudWatch metric or
#   composite alarm created, updated or replaced with `actions_enabled = false` or without
#   `alarm_actions`, a Google alert policy that is disabled or has no notification channel, and an
#   Azure metric alert that is disabled or has no action group. Unknown values do not fire.
# custom:
#   id: alarm-without-action
#   severity: medium
#   principle: anticipate-failure
#   focus_area: operate
#   remediation: |
#     Route the alarm to the owning team's escalation path (an SNS topic wired to paging or chat,
#     a notification channel, an action group) and keep its actions enabled.
#   requires_plan: false
#   example: |
#     resource "aws_cloudwatch_metric_alarm" "errors" {
#       alarm_name          = "api-5xx"
#       metric_name         = "HTTPCode_Target_5XX_Count"
#       comparison_operator = "GreaterThanThreshold"
#       threshold           = 10
#       evaluation_periods  = 1
#       # no alarm_actions
#     }
package opex.rules.alarm_without_action

import data.opex.lib

_cloudwatch := ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"]

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(_cloudwatch)
	lib.keeps(rc)
	lib.known(rc, ["actions_enabled"]) == false
	msg := sprintf("%s (%s) has actions_enabled = false: it notifies nobody when it fires", [rc.address, rc.type])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(_cloudwatch)
	lib.keeps(rc)
	not lib.is_false(rc, ["actions_enabled"])
	_empty(rc, ["alarm_actions"])
	msg := sprintf("%s (%s) has no alarm_actions: it notifies nobody when it fires", [rc.address, rc.type])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(["google_monitoring_alert_policy", "azurerm_monitor_metric_alert"])
	lib.keeps(rc)
	lib.known(rc, ["enabled"]) == false
	msg := sprintf("%s (%s) is disabled: it notifies nobody when its condition is met", [rc.address, rc.type])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(["google_monitoring_alert_policy"])
	lib.keeps(rc)
	not lib.is_false(rc, ["enabled"])
	_empty(rc, ["notification_channels"])
	msg := sprintf("%s (google_monitoring_alert_policy) has no notification_channels: it notifies nobody when its condition is met", [rc.address])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(["azurerm_monitor_metric_alert"])
	lib.keeps(rc)
	not lib.is_false(rc, ["enabled"])
	not lib.unknown(rc, ["action"])
	count(lib.blocks(lib.after(rc), "action")) == 0
	msg := sprintf("%s (azurerm_monitor_metric_alert) has no action block: it notifies nobody when it fires", [rc.address])
}

# _empty(rc, path): the planned list at path is known and empty (or unset).
_empty(rc, path) if lib.unset(rc, path)

_empty(rc, path) if count(lib.known(rc, path)) == 0
