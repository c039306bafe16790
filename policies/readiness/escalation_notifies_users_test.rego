package opex.readiness.escalation_notifies_users_test

import data.opex.readiness.escalation_notifies_users.deny
import data.opex.readiness.fixtures_test.ready

test_notifying_policy_passes if {
	count(deny) == 0 with input as ready
}

test_no_escalation if {
	deny == {"no escalation policy is given to the review"} with input as json.patch(ready, [{"op": "replace", "path": "/escalation", "value": null}])
}

test_no_levels if {
	deny == {`escalation policy "pager" has no escalation level`} with input as json.patch(ready, [{"op": "replace", "path": "/escalation/level", "value": []}])
}

test_no_notify_block if {
	deny == {`escalation policy "pager" does not notify users (no notify_users block)`} with input as json.patch(ready, [{"op": "replace", "path": "/escalation/notify_users", "value": null}])
}

test_no_recovery_notice if {
	deny == {`escalation policy "pager" does not notify users on recovery`} with input as json.patch(ready, [{"op": "replace", "path": "/escalation/notify_users/on_recovery", "value": false}])
}

test_no_impact_notice if {
	deny == {`escalation policy "pager" does not notify users on impact`} with input as json.patch(ready, [{"op": "replace", "path": "/escalation/notify_users/on_impact", "value": false}])
}

test_absent_escalation if {
	deny == {"no escalation policy is given to the review"} with input as object.remove(ready, ["escalation"])
}
