# METADATA
# title: Recent game day
# description: |
#   The team ran a game day for the workload within the last `game_day_max_age_days` days
#   (default 90). The pillar asks teams to anticipate failure: game days test the runbooks,
#   the telemetry and the people before a real event does.
# custom:
#   id: game-day-recent
#   severity: medium
#   principle: anticipate-failure
#   focus_area: prepare
#   remediation: |
#     Run a game day against the workload and record its date in `last_gameday`.
#   params:
#     game_day_max_age_days: Most days allowed since the last game day (default 90).
package opex.readiness.game_day_recent

# Findings are reported only for a readiness review input, which always carries `now`; a plan
# given to `conftest test --all-namespaces` or `opa eval` is not a review and gets none.
deny contains msg if {
	is_string(input.now)
	some msg in _findings
}

_max_age := object.get(input, ["params", "game_day_max_age_days"], 90)

_findings contains "no game day is recorded (last_gameday)" if {
	not is_string(object.get(input, "last_gameday", null))
}

# The message names the due date rather than an age in days, so that it stays the same from one
# day to the next and a stored review does not change every day while it fails.
_findings contains sprintf("last game day was %s; the next was due by %s (every %d days)", [input.last_gameday, due, _max_age]) if {
	is_string(object.get(input, "last_gameday", null))
	due_ns := time.add_date(time.parse_ns("2006-01-02", input.last_gameday), 0, 0, _max_age)
	time.parse_ns("2006-01-02", input.now) > due_ns
	due := time.format([due_ns, "UTC", "2006-01-02"])
}

_findings contains sprintf("last game day %s lies in the future", [input.last_gameday]) if {
	is_string(object.get(input, "last_gameday", null))
	time.parse_ns("2006-01-02", input.last_gameday) > time.parse_ns("2006-01-02", input.now)
}
