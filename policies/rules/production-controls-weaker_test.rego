package opex.rules.production_controls_weaker_test

import data.opex.fixtures as f
import data.opex.rules.production_controls_weaker

_strict := {"required_approvals": 2, "max_batch_size": 10, "require_rollback_plan": true, "require_readiness_review": true, "change_window": "Mon-Thu 09:00-16:00"}

_loose := {"required_approvals": 1, "max_batch_size": 50, "require_rollback_plan": false, "require_readiness_review": null, "change_window": null}

test_weaker_production_fires if {
	p := f.plan([
		f.opex_environment("opex_environment.prod", "production", _loose, null),
		f.noop("opex_environment.staging", "opex_environment", {"name": "staging", "stage": "staging", "controls": _strict}),
	])
	got := production_controls_weaker.deny with input as p
	{r.msg | some r in got} == {
		"opex_environment.prod (production) requires 1 approval(s), fewer than opex_environment.staging (staging)",
		"opex_environment.prod (production) allows batches of 50 changes, more than opex_environment.staging (staging)",
		"opex_environment.prod (production) does not set require_rollback_plan, looser than opex_environment.staging (staging)",
		"opex_environment.prod (production) does not set require_readiness_review, looser than opex_environment.staging (staging)",
		"opex_environment.prod (production) has no change_window, looser than opex_environment.staging (staging)",
	}
	{r.address | some r in got} == {"opex_environment.prod"}
}

test_list_blocks_and_unlimited_batch if {
	p := f.plan([
		f.opex_environment(`module.envs["p"].opex_environment.this[0]`, "prod", [{"required_approvals": 2, "max_batch_size": null}], null),
		f.opex_environment(`module.envs["d"].opex_environment.this[1]`, "development", [{"required_approvals": 1, "max_batch_size": 5}], null),
	])
	got := production_controls_weaker.deny with input as p
	got == {{"address": `module.envs["p"].opex_environment.this[0]`, "msg": `module.envs["p"].opex_environment.this[0] (production) sets no max_batch_size, looser than module.envs["d"].opex_environment.this[1] (development)`}}
}

test_unknown_control_in_list_block_not_compared if {
	p := f.plan([
		f.unknown(f.opex_environment("opex_environment.prod", "production", [{"required_approvals": 2}], null), {"controls": [{"change_window": true}]}),
		f.opex_environment("opex_environment.dev", "development", [{"required_approvals": 1, "change_window": "weekdays"}], null),
	])
	count(production_controls_weaker.deny) == 0 with input as p
}

test_only_lower_changed_reports_lower if {
	p := f.plan([
		f.noop("opex_environment.prod", "opex_environment", {"name": "prod", "stage": "production", "controls": {"required_approvals": 1}}),
		f.update("opex_environment.test", "opex_environment", {}, {"name": "test", "stage": "test", "controls": {"required_approvals": 3}}),
	])
	got := production_controls_weaker.deny with input as p
	got == {{"address": "opex_environment.test", "msg": "opex_environment.prod (production) requires 1 approval(s), fewer than opex_environment.test (test)"}}
}

test_quiet_cases if {
	count(production_controls_weaker.deny) == 0 with input as f.plan([
		f.opex_environment("opex_environment.prod", "production", _strict, null),
		f.opex_environment("opex_environment.dev", "development", _loose, null),
	])
	count(production_controls_weaker.deny) == 0 with input as f.plan([
		f.noop("opex_environment.prod", "opex_environment", {"stage": "production", "controls": _loose}),
		f.noop("opex_environment.dev", "opex_environment", {"stage": "development", "controls": _strict}),
	])
	count(production_controls_weaker.deny) == 0 with input as f.plan([
		f.unknown(f.opex_environment("opex_environment.prod", "production", null, null), {"controls": true}),
		f.opex_environment("opex_environment.dev", "development", _strict, null),
	])
	count(production_controls_weaker.deny) == 0 with input as f.plan([
		f.unknown(f.opex_environment("opex_environment.prod", "production", {"required_approvals": 2, "max_batch_size": 10}, null), {"controls": {"require_rollback_plan": true, "require_readiness_review": true, "change_window": true}}),
		f.opex_environment("opex_environment.dev", "development", _strict, null),
	])
}
