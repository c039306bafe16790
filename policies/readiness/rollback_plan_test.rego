package opex.readiness.rollback_plan_test

import data.opex.readiness.fixtures_test.ready
import data.opex.readiness.rollback_plan.deny

test_plan_given_passes if {
	count(deny) == 0 with input as ready
}

test_required_and_missing if {
	deny == {`environment "prod" requires a rollback plan and none is given`} with input as json.patch(ready, [{"op": "replace", "path": "/rollback_plan", "value": null}])
}

test_required_and_blank if {
	count(deny) == 1 with input as json.patch(ready, [{"op": "replace", "path": "/rollback_plan", "value": ""}])
}

test_not_required if {
	count(deny) == 0 with input as json.patch(ready, [
		{"op": "replace", "path": "/rollback_plan", "value": null},
		{"op": "replace", "path": "/environment/controls/require_rollback_plan", "value": false},
	])
}

test_no_environment_requires_nothing if {
	count(deny) == 0 with input as json.patch(ready, [
		{"op": "replace", "path": "/rollback_plan", "value": null},
		{"op": "replace", "path": "/environment", "value": null},
	])
}
