# METADATA
# title: Health checks disabled
# description: |
#   Health checks are how a load balancer and an Auto Scaling group notice a failing instance and
#   replace it before users do. Fires for a target group created, updated or replaced with
#   `health_check { enabled = false }` (Lambda targets excepted), and for an Auto Scaling group
#   behind a load balancer whose `health_check_type` is `EC2` (the default), which replaces only
#   instances whose hardware fails, not those whose application does.
# custom:
#   id: health-check-disabled
#   severity: medium
#   principle: anticipate-failure
#   focus_area: operate
#   remediation: |
#     Enable the target group's health check on a path that exercises the application, and set
#     `health_check_type = "ELB"` (with a `health_check_grace_period`) on the Auto Scaling group.
#   requires_plan: false
#   example: |
#     resource "aws_autoscaling_group" "web" {
#       min_size          = 2
#       max_size          = 6
#       target_group_arns = [aws_lb_target_group.web.arn]
#       health_check_type = "EC2"
#     }
package opex.rules.health_check_disabled

import data.opex.lib

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(["aws_lb_target_group", "aws_alb_target_group"])
	lib.keeps(rc)
	not lib.equals(rc, ["target_type"], "lambda")
	some i, hc in lib.blocks(lib.after(rc), "health_check")
	hc.enabled == false
	msg := sprintf("%s (%s) has health checks disabled: failed targets keep receiving traffic", [rc.address, rc.type])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes_of(["aws_autoscaling_group"])
	lib.keeps(rc)
	_behind_load_balancer(rc)
	not lib.unknown(rc, ["health_check_type"])
	object.get(lib.after(rc), "health_check_type", null) in {null, "EC2"}
	msg := sprintf("%s (aws_autoscaling_group) is behind a load balancer but uses health_check_type EC2: instances whose application fails are not replaced", [rc.address])
}

_lb_attributes := ["target_group_arns", "load_balancers", "traffic_source"]

_behind_load_balancer(rc) if {
	some k in _lb_attributes
	count(lib.known(rc, [k])) > 0
}

# Set from another resource (aws_lb_target_group.x.arn): unknown in the plan, visible in the configuration.
_behind_load_balancer(rc) if lib.references_config(lib.config_address(rc), _lb_attributes)

# Attached by a separate resource.
_behind_load_balancer(rc) if lib.config_address(rc) in _attached_refs

_behind_load_balancer(rc) if lib.known(rc, ["name"]) in _attached_names

_attachment_types := ["aws_autoscaling_attachment", "aws_autoscaling_traffic_source_attachment"]

_attached_refs := {t |
	some addr, c in lib.config_resources
	c.resource.type in _attachment_types
	some t in lib.attr_targets(addr, {"autoscaling_group_name"})
}

_attached_names := {n |
	some a in lib.present_of(_attachment_types)
	n := lib.known(a, ["autoscaling_group_name"])
}
