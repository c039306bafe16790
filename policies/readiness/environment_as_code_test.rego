package opex.readiness.environment_as_code_test

import data.opex.readiness.environment_as_code.deny
import data.opex.readiness.fixtures_test.ready

test_managed_environment_passes if {
	count(deny) == 0 with input as ready
}

test_unmanaged_environment if {
	deny == {`environment "prod" is not managed by code`} with input as json.patch(ready, [{"op": "replace", "path": "/environment/managed_by_code", "value": false}])
}

test_no_environment_is_not_this_checks_concern if {
	count(deny) == 0 with input as json.patch(ready, [{"op": "replace", "path": "/environment", "value": null}])
}
