package opex.readiness.priorities_current_test

import data.opex.readiness.fixtures_test.ready
import data.opex.readiness.priorities_current.deny

test_current_priorities_pass if {
	count(deny) == 0 with input as ready
}

test_priority_without_review_date_passes if {
	count(deny) == 0 with input as json.patch(ready, [{"op": "replace", "path": "/priorities/0/review_by", "value": null}])
}

test_no_priorities if {
	deny == {"no operational priorities are given to the review"} with input as json.patch(ready, [{"op": "replace", "path": "/priorities", "value": []}])
}

test_priority_past_review if {
	deny == {`priority "availability" was due for review on 2026-05-31`} with input as json.patch(ready, [{"op": "replace", "path": "/priorities/0/review_by", "value": "2026-05-31"}])
}

test_review_due_today_is_not_late if {
	count(deny) == 0 with input as json.patch(ready, [{"op": "replace", "path": "/priorities/0/review_by", "value": "2026-06-01"}])
}
