package opex.rules.health_check_disabled_test

import data.opex.fixtures as f
import data.opex.rules.health_check_disabled

test_target_group_disabled_fires if {
	got := health_check_disabled.deny with input as f.plan([
		f.create(`module.web["a"].aws_lb_target_group.tg[0]`, "aws_lb_target_group", {"target_type": "instance", "health_check": [{"enabled": false}]}),
		f.update("aws_alb_target_group.b", "aws_alb_target_group", {}, {"health_check": {"enabled": false}}),
		f.create("aws_lb_target_group.fn", "aws_lb_target_group", {"target_type": "lambda", "health_check": [{"enabled": false}]}),
		f.create("aws_lb_target_group.ok", "aws_lb_target_group", {"health_check": [{"enabled": true}]}),
		f.noop("aws_lb_target_group.noop", "aws_lb_target_group", {"health_check": [{"enabled": false}]}),
	])
	got == {
		{"address": `module.web["a"].aws_lb_target_group.tg[0]`, "msg": `module.web["a"].aws_lb_target_group.tg[0] (aws_lb_target_group) has health checks disabled: failed targets keep receiving traffic`},
		{"address": "aws_alb_target_group.b", "msg": "aws_alb_target_group.b (aws_alb_target_group) has health checks disabled: failed targets keep receiving traffic"},
	}
}

test_asg_with_ec2_checks_behind_lb_fires if {
	got := health_check_disabled.deny with input as f.plan([
		f.create("aws_autoscaling_group.a", "aws_autoscaling_group", {"target_group_arns": ["arn:tg"], "health_check_type": "EC2"}),
		f.replace("aws_autoscaling_group.b", "aws_autoscaling_group", {}, {"load_balancers": ["classic"], "health_check_type": null}),
	])
	{r.address | some r in got} == {"aws_autoscaling_group.a", "aws_autoscaling_group.b"}
}

test_asg_behind_lb_through_configuration if {
	p := object.union(
		f.plan([
			f.unknown(f.create("aws_autoscaling_group.ref", "aws_autoscaling_group", {"health_check_type": "EC2"}), {"target_group_arns": true}),
			f.create("aws_autoscaling_group.att", "aws_autoscaling_group", {"health_check_type": "EC2"}),
			f.create("aws_autoscaling_group.named", "aws_autoscaling_group", {"name": "named", "health_check_type": "EC2"}),
			f.create("aws_autoscaling_attachment.n", "aws_autoscaling_attachment", {"autoscaling_group_name": "named"}),
		]),
		{"configuration": {"root_module": {"resources": [
			{"address": "aws_autoscaling_group.ref", "type": "aws_autoscaling_group", "expressions": {"target_group_arns": {"references": ["aws_lb_target_group.tg.arn", "aws_lb_target_group.tg"]}}},
			{"address": "aws_autoscaling_attachment.a", "type": "aws_autoscaling_attachment", "expressions": {"autoscaling_group_name": {"references": ["aws_autoscaling_group.att.id", "aws_autoscaling_group.att"]}}},
		]}}},
	)
	got := health_check_disabled.deny with input as p
	{r.address | some r in got} == {"aws_autoscaling_group.ref", "aws_autoscaling_group.att", "aws_autoscaling_group.named"}
}

test_asg_quiet_cases if {
	count(health_check_disabled.deny) == 0 with input as f.plan([
		f.create("aws_autoscaling_group.elb", "aws_autoscaling_group", {"target_group_arns": ["arn:tg"], "health_check_type": "ELB"}),
		f.create("aws_autoscaling_group.alone", "aws_autoscaling_group", {"target_group_arns": [], "health_check_type": "EC2"}),
		f.unknown(f.create("aws_autoscaling_group.u", "aws_autoscaling_group", {"target_group_arns": ["arn:tg"]}), {"health_check_type": true}),
		f.noop("aws_autoscaling_group.noop", "aws_autoscaling_group", {"target_group_arns": ["arn:tg"], "health_check_type": "EC2"}),
		f.delete("aws_autoscaling_group.gone", "aws_autoscaling_group", {"target_group_arns": ["arn:tg"], "health_check_type": "EC2"}),
	])
}
