package opex.readiness.runbook_review_current_test

import data.opex.readiness.fixtures_test.ready
import data.opex.readiness.runbook_review_current.deny

test_reviewed_runbook_passes if {
	count(deny) == 0 with input as ready
}

test_no_runbooks_is_not_this_checks_concern if {
	count(deny) == 0 with input as object.remove(ready, ["runbooks"])
}

test_never_reviewed if {
	deny == {`runbook "failover" has never been reviewed`} with input as json.patch(ready, [
		{"op": "replace", "path": "/runbooks/0/last_reviewed", "value": null},
		{"op": "replace", "path": "/runbooks/0/next_review", "value": null},
	])
}

test_overdue_by_the_reviews_clock if {
	deny == {`runbook "failover" was due for review on 2026-07-30`} with input as json.patch(ready, [{"op": "replace", "path": "/now", "value": "2026-07-31"}])
}

test_due_today_is_not_overdue if {
	count(deny) == 0 with input as json.patch(ready, [{"op": "replace", "path": "/now", "value": "2026-07-30"}])
}

test_next_review_derived_when_absent if {
	deny == {`runbook "failover" was due for review on 2026-05-11`} with input as json.patch(ready, [
		{"op": "remove", "path": "/runbooks/0/next_review"},
		{"op": "replace", "path": "/runbooks/0/review_interval_days", "value": 10},
	])
}

test_default_interval_is_90_days if {
	deny == {`runbook "failover" was due for review on 2026-03-02`} with input as json.patch(ready, [
		{"op": "remove", "path": "/runbooks/0/next_review"},
		{"op": "remove", "path": "/runbooks/0/review_interval_days"},
		{"op": "replace", "path": "/runbooks/0/last_reviewed", "value": "2025-12-02"},
	])
}

test_null_interval_means_90_days if {
	deny == {`runbook "failover" was due for review on 2026-03-02`} with input as json.patch(ready, [
		{"op": "remove", "path": "/runbooks/0/next_review"},
		{"op": "replace", "path": "/runbooks/0/review_interval_days", "value": null},
		{"op": "replace", "path": "/runbooks/0/last_reviewed", "value": "2025-12-02"},
	])
}
