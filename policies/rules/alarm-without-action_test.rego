package opex.rules.alarm_without_action_test

import data.opex.fixtures as f
import data.opex.rules.alarm_without_action

test_cloudwatch_fires if {
	got := alarm_without_action.deny with input as f.plan([
		f.create(`module.mon["api"].aws_cloudwatch_metric_alarm.a[0]`, "aws_cloudwatch_metric_alarm", {"actions_enabled": false, "alarm_actions": ["arn:aws:sns:eu-west-1:1:t"]}),
		f.update("aws_cloudwatch_metric_alarm.b", "aws_cloudwatch_metric_alarm", {}, {"actions_enabled": true, "alarm_actions": []}),
		f.replace("aws_cloudwatch_composite_alarm.c", "aws_cloudwatch_composite_alarm", {}, {"actions_enabled": true, "alarm_actions": null}),
	])
	got == {
		{"address": `module.mon["api"].aws_cloudwatch_metric_alarm.a[0]`, "msg": `module.mon["api"].aws_cloudwatch_metric_alarm.a[0] (aws_cloudwatch_metric_alarm) has actions_enabled = false: it notifies nobody when it fires`},
		{"address": "aws_cloudwatch_metric_alarm.b", "msg": "aws_cloudwatch_metric_alarm.b (aws_cloudwatch_metric_alarm) has no alarm_actions: it notifies nobody when it fires"},
		{"address": "aws_cloudwatch_composite_alarm.c", "msg": "aws_cloudwatch_composite_alarm.c (aws_cloudwatch_composite_alarm) has no alarm_actions: it notifies nobody when it fires"},
	}
}

test_google_and_azure if {
	got := alarm_without_action.deny with input as f.plan([
		f.create("google_monitoring_alert_policy.a", "google_monitoring_alert_policy", {"enabled": false, "notification_channels": ["c"]}),
		f.create("google_monitoring_alert_policy.b", "google_monitoring_alert_policy", {"enabled": true, "notification_channels": []}),
		f.create("google_monitoring_alert_policy.ok", "google_monitoring_alert_policy", {"enabled": true, "notification_channels": ["c"]}),
		f.create("azurerm_monitor_metric_alert.c", "azurerm_monitor_metric_alert", {"enabled": true, "action": []}),
		f.create("azurerm_monitor_metric_alert.d", "azurerm_monitor_metric_alert", {"enabled": false, "action": [{"action_group_id": "x"}]}),
		f.create("azurerm_monitor_metric_alert.ok", "azurerm_monitor_metric_alert", {"enabled": true, "action": [{"action_group_id": "x"}]}),
	])
	{r.address | some r in got} == {"google_monitoring_alert_policy.a", "google_monitoring_alert_policy.b", "azurerm_monitor_metric_alert.c", "azurerm_monitor_metric_alert.d"}
}

test_quiet_cases if {
	count(alarm_without_action.deny) == 0 with input as f.plan([
		f.create("aws_cloudwatch_metric_alarm.ok", "aws_cloudwatch_metric_alarm", {"actions_enabled": true, "alarm_actions": ["arn"]}),
		f.unknown(f.create("aws_cloudwatch_metric_alarm.u", "aws_cloudwatch_metric_alarm", {"actions_enabled": true}), {"alarm_actions": true}),
		f.unknown(f.create("aws_cloudwatch_metric_alarm.v", "aws_cloudwatch_metric_alarm", {"alarm_actions": ["arn"]}), {"actions_enabled": true}),
		f.unknown(f.create("azurerm_monitor_metric_alert.u", "azurerm_monitor_metric_alert", {"enabled": true}), {"action": true}),
		f.noop("aws_cloudwatch_metric_alarm.n", "aws_cloudwatch_metric_alarm", {"actions_enabled": false}),
		f.delete("aws_cloudwatch_metric_alarm.d", "aws_cloudwatch_metric_alarm", {"actions_enabled": false}),
	])
}
