package opex.readiness.controls_increase_test

import data.opex.readiness.controls_increase.deny
import data.opex.readiness.fixtures_test.ready

test_stricter_controls_pass if {
	count(deny) == 0 with input as ready
}

test_no_lower_environments_pass if {
	count(deny) == 0 with input as json.patch(ready, [{"op": "replace", "path": "/lower_environments", "value": []}])
}

test_no_environment if {
	deny == {"no environment is given to the review"} with input as json.patch(ready, [{"op": "replace", "path": "/environment", "value": null}])
}

test_fewer_approvals if {
	deny == {`required_approvals 0 is lower than 1 in staging environment "staging"`} with input as json.patch(ready, [{"op": "replace", "path": "/environment/controls/required_approvals", "value": 0}])
}

test_larger_batch if {
	deny == {`max_batch_size 50 is larger than 20 in staging environment "staging"`} with input as json.patch(ready, [{"op": "replace", "path": "/environment/controls/max_batch_size", "value": 50}])
}

test_unlimited_batch if {
	deny == {`max_batch_size is unlimited but staging environment "staging" limits it to 20`} with input as json.patch(ready, [{"op": "replace", "path": "/environment/controls/max_batch_size", "value": null}])
}

test_flag_switched_off if {
	deny == {`require_rollback_plan is off but on in staging environment "staging"`} with input as json.patch(ready, [{"op": "replace", "path": "/environment/controls/require_rollback_plan", "value": false}])
}

test_missing_controls_block_means_defaults if {
	count(deny) == 3 with input as json.patch(ready, [{"op": "remove", "path": "/environment/controls"}])
}

test_lower_without_controls_is_satisfied if {
	count(deny) == 0 with input as json.patch(ready, [{"op": "remove", "path": "/lower_environments/0/controls"}])
}

test_environment_listed_as_lower_but_not_below if {
	deny == {`production environment "prod-eu" is listed as lower but is not below production`} with input as json.patch(ready, [{"op": "add", "path": "/lower_environments/-", "value": {"name": "prod-eu", "stage": "production"}}])
}

test_absent_environment if {
	deny == {"no environment is given to the review"} with input as object.remove(ready, ["environment"])
}
