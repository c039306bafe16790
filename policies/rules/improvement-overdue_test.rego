package opex.rules.improvement_overdue_test

import data.opex.fixtures as f
import data.opex.rules.improvement_overdue

# 2025-06-15T12:00:00Z
_now := 1749988800000000000

test_past_due_fires if {
	got := improvement_overdue.deny with input as f.plan([
		f.update(`module.learn["x"].opex_improvement.this[0]`, "opex_improvement", {}, {"status": "in_progress", "due": "2025-06-14"}),
		f.create("opex_improvement.b", "opex_improvement", {"status": "identified", "due": "2025-01-01T00:00:00Z"}),
		f.create("opex_improvement.c", "opex_improvement", {"status": null, "due": "garbage", "overdue": true}),
	])
		with time.now_ns as _now
	got == {
		{"address": `module.learn["x"].opex_improvement.this[0]`, "msg": `module.learn["x"].opex_improvement.this[0] (opex_improvement, status in_progress) is overdue: due 2025-06-14`},
		{"address": "opex_improvement.b", "msg": "opex_improvement.b (opex_improvement, status identified) is overdue: due 2025-01-01"},
		{"address": "opex_improvement.c", "msg": "opex_improvement.c (opex_improvement, status unset) is overdue"},
	}
}

test_quiet_cases if {
	count(improvement_overdue.deny) == 0 with input as f.plan([
		f.create("opex_improvement.today", "opex_improvement", {"status": "prioritized", "due": "2025-06-15"}),
		f.create("opex_improvement.future", "opex_improvement", {"status": "prioritized", "due": "2025-07-01"}),
		f.create("opex_improvement.done", "opex_improvement", {"status": "done", "due": "2020-01-01", "overdue": true}),
		f.unknown(f.create("opex_improvement.u", "opex_improvement", {"due": "2020-01-01"}), {"status": true}),
		f.unknown(f.create("opex_improvement.ud", "opex_improvement", {"status": "identified"}), {"due": true}),
		f.noop("opex_improvement.noop", "opex_improvement", {"status": "identified", "due": "2020-01-01"}),
		f.delete("opex_improvement.gone", "opex_improvement", {"status": "identified", "due": "2020-01-01"}),
	])
		with time.now_ns as _now
}
