package opex.readiness.game_day_recent_test

import data.opex.readiness.fixtures_test.ready
import data.opex.readiness.game_day_recent.deny

test_recent_game_day_passes if {
	count(deny) == 0 with input as ready
}

test_no_game_day if {
	deny == {"no game day is recorded (last_gameday)"} with input as json.patch(ready, [{"op": "replace", "path": "/last_gameday", "value": null}])
}

test_exactly_90_days_passes if {
	count(deny) == 0 with input as json.patch(ready, [{"op": "replace", "path": "/last_gameday", "value": "2026-03-03"}])
}

test_91_days_fails if {
	deny == {"last game day was 2026-03-02; the next was due by 2026-05-31 (every 90 days)"} with input as json.patch(ready, [{"op": "replace", "path": "/last_gameday", "value": "2026-03-02"}])
}

test_parameter_tightens_the_limit if {
	deny == {"last game day was 2026-04-01; the next was due by 2026-05-01 (every 30 days)"} with input as json.patch(ready, [{"op": "replace", "path": "/params/game_day_max_age_days", "value": 30}])
}

test_default_without_params if {
	count(deny) == 0 with input as object.remove(ready, ["params"])
}

test_future_game_day if {
	deny == {"last game day 2026-06-02 lies in the future"} with input as json.patch(ready, [{"op": "replace", "path": "/last_gameday", "value": "2026-06-02"}])
}
