package opex.readiness.owners_stakeholders_test

import data.opex.readiness.fixtures_test.ready
import data.opex.readiness.owners_stakeholders.deny

test_ready_workload_passes if {
	count(deny) == 0 with input as ready
}

test_missing_workload if {
	deny == {"no workload is given to the review"} with input as object.remove(ready, ["workload"])
}

test_blank_owner if {
	deny == {`workload "checkout" has no owner`} with input as json.patch(ready, [{"op": "replace", "path": "/workload/owner", "value": " "}])
}

test_null_owner if {
	deny == {`workload "checkout" has no owner`} with input as json.patch(ready, [{"op": "replace", "path": "/workload/owner", "value": null}])
}

test_each_stakeholder_group_required if {
	deny == {
		`workload "checkout" has no business stakeholders`,
		`workload "checkout" has no development stakeholders`,
	} with input as json.patch(ready, [{"op": "replace", "path": "/workload/stakeholders", "value": {"business": [""], "development": []}}])
}

test_missing_stakeholders_block if {
	count(deny) == 2 with input as json.patch(ready, [{"op": "remove", "path": "/workload/stakeholders"}])
}

test_stakeholder_group_that_is_not_a_list if {
	deny == {`workload "checkout" has no business stakeholders`} with input as json.patch(ready, [{"op": "replace", "path": "/workload/stakeholders/business", "value": null}])
}
