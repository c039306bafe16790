package opex.readiness.runbook_coverage_test

import data.opex.readiness.fixtures_test.ready
import data.opex.readiness.runbook_coverage.deny

test_covered_workload_passes if {
	count(deny) == 0 with input as ready
}

test_no_runbooks if {
	deny == {"no runbook or playbook is given to the review"} with input as object.remove(ready, ["runbooks"])
}

test_step_without_owner if {
	deny == {`runbook "failover" step 2 ("promote replica") has no owner`} with input as json.patch(ready, [{"op": "add", "path": "/runbooks/0/step/-", "value": {"name": "promote replica", "owner": null, "automated": true}}])
}

test_runbook_without_steps if {
	deny == {`runbook "failover" has no steps`} with input as json.patch(ready, [{"op": "replace", "path": "/runbooks/0/step", "value": []}])
}

test_runbook_without_escalation if {
	deny == {`runbook "failover" has no escalation policy`} with input as json.patch(ready, [{"op": "replace", "path": "/runbooks/0/escalation_policy_id", "value": null}])
}
