package opex.rules.nonprod_always_on_test

import data.opex.fixtures as f
import data.opex.rules.nonprod_always_on

test_unscheduled_nonprod_fires if {
	got := nonprod_always_on.deny with input as f.plan([
		f.create(`module.dev["a"].aws_instance.web[0]`, "aws_instance", {"tags": {"env": "dev"}}),
		f.replace("aws_db_instance.db", "aws_db_instance", {}, {"tags": {"environment": "staging"}}),
	])
	got == {
		{"address": `module.dev["a"].aws_instance.web[0]`, "msg": `module.dev["a"].aws_instance.web[0] (aws_instance) in non-production environment dev has no stop schedule in the plan`},
		{"address": "aws_db_instance.db", "msg": "aws_db_instance.db (aws_db_instance) in non-production environment staging has no stop schedule in the plan"},
	}
}

test_opex_environment_schedule_covers_its_stage if {
	dev := f.opex_environment("opex_environment.dev", "development", null, {"days": ["mon"], "hours": "08-18", "timezone": "UTC"})
	test := f.opex_environment("opex_environment.test", "test", null, null)
	p := f.plan([
		dev,
		test,
		f.create("aws_instance.d", "aws_instance", {"tags": {"env": "development"}}),
		f.create("aws_instance.t", "aws_instance", {"tags": {"env": "test"}}),
	])
	got := nonprod_always_on.deny with input as p
	{r.address | some r in got} == {"aws_instance.t"}
}

test_single_opex_environment_with_schedule if {
	env := f.opex_environment("opex_environment.dev", "development", null, [{"days": ["mon"]}])
	count(nonprod_always_on.deny) == 0 with input as f.plan([env, f.create("aws_instance.a", "aws_instance", {})])
	unknown := f.unknown(f.opex_environment("opex_environment.dev", "development", null, null), {"schedule": true})
	count(nonprod_always_on.deny) == 0 with input as f.plan([unknown, f.create("aws_instance.a", "aws_instance", {})])
}

test_single_opex_environment_without_schedule_fires if {
	env := f.opex_environment("opex_environment.dev", "development", null, null)
	got := nonprod_always_on.deny with input as f.plan([env, f.create("aws_instance.a", "aws_instance", {})])
	{r.address | some r in got} == {"aws_instance.a"}
	empty := f.opex_environment("opex_environment.dev", "development", null, {"days": null, "hours": null, "timezone": null})
	got2 := nonprod_always_on.deny with input as f.plan([empty, f.create("aws_instance.a", "aws_instance", {})])
	{r.address | some r in got2} == {"aws_instance.a"}
}

test_autoscaling_schedule_by_name_and_reference if {
	p := object.union(
		f.plan_env(
			[
				f.create("aws_autoscaling_group.named", "aws_autoscaling_group", {"name": "web"}),
				f.create("aws_autoscaling_schedule.night", "aws_autoscaling_schedule", {"autoscaling_group_name": "web", "desired_capacity": 0, "min_size": 0, "max_size": 0}),
				f.unknown(f.create("aws_autoscaling_group.ref", "aws_autoscaling_group", {}), {"name": true}),
				f.unknown(f.create("aws_autoscaling_schedule.ref", "aws_autoscaling_schedule", {"max_size": 0}), {"autoscaling_group_name": true}),
				f.create("aws_autoscaling_group.up", "aws_autoscaling_group", {"name": "up"}),
				f.create("aws_autoscaling_schedule.up", "aws_autoscaling_schedule", {"autoscaling_group_name": "up", "desired_capacity": 4, "max_size": 4}),
				f.create("aws_autoscaling_group.pending", "aws_autoscaling_group", {"name": "pending"}),
				f.unknown(f.create("aws_autoscaling_schedule.pending", "aws_autoscaling_schedule", {"autoscaling_group_name": "pending"}), {"desired_capacity": true}),
			],
			"dev",
		),
		{"configuration": {"root_module": {"resources": [{
			"address": "aws_autoscaling_schedule.ref",
			"type": "aws_autoscaling_schedule",
			"expressions": {"autoscaling_group_name": {"references": ["aws_autoscaling_group.ref.name", "aws_autoscaling_group.ref"]}},
		}]}}},
	)
	got := nonprod_always_on.deny with input as p
	{r.address | some r in got} == {"aws_autoscaling_group.up"}
}

test_quiet_cases if {
	count(nonprod_always_on.deny) == 0 with input as f.plan([
		f.create("aws_instance.prod", "aws_instance", {"tags": {"env": "prod"}}),
		f.create("aws_instance.unknown_env", "aws_instance", {}),
		f.create("aws_instance.unrecognised_env", "aws_instance", {"tags": {"Environment": "123456789012-acme"}}),
		f.create("aws_lambda_function.fn", "aws_lambda_function", {"tags": {"env": "dev"}}),
		f.noop("aws_instance.noop", "aws_instance", {"tags": {"env": "dev"}}),
		f.delete("aws_instance.gone", "aws_instance", {"tags": {"env": "dev"}}),
	])
}
