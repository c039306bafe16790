package opex.readiness.telemetry_present_test

import data.opex.readiness.fixtures_test.ready
import data.opex.readiness.telemetry_present.deny

test_telemetry_passes if {
	count(deny) == 0 with input as ready
}

test_no_telemetry if {
	deny == {"no alarm or dashboard is listed in telemetry"} with input as json.patch(ready, [{"op": "replace", "path": "/telemetry", "value": []}])
}

test_blank_ids_do_not_count if {
	count(deny) == 1 with input as json.patch(ready, [{"op": "replace", "path": "/telemetry", "value": ["", "  "]}])
}

test_absent_telemetry if {
	count(deny) == 1 with input as object.remove(ready, ["telemetry"])
}
