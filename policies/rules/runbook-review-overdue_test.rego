package opex.rules.runbook_review_overdue_test

import data.opex.fixtures as f
import data.opex.rules.runbook_review_overdue

test_overdue_fires if {
	got := runbook_review_overdue.deny with input as f.plan([
		f.update(`module.ops["db"].opex_runbook.this[0]`, "opex_runbook", {}, {"name": "db failover", "review_overdue": true, "last_reviewed": "2024-01-15", "next_review": "2024-04-14"}),
		f.create("opex_runbook.b", "opex_runbook", {"review_overdue": true}),
	])
	got == {
		{"address": `module.ops["db"].opex_runbook.this[0]`, "msg": `module.ops["db"].opex_runbook.this[0] (opex_runbook "db failover") is overdue for review: last reviewed 2024-01-15, next review was due 2024-04-14`},
		{"address": "opex_runbook.b", "msg": "opex_runbook.b (opex_runbook without a name) is overdue for review"},
	}
}

test_sensitive_name_not_shown if {
	c := f.sensitive(f.update("opex_runbook.s", "opex_runbook", {}, {"name": "secret", "review_overdue": true}), {"name": true})
	got := runbook_review_overdue.deny with input as f.plan([c])
	got == {{"address": "opex_runbook.s", "msg": "opex_runbook.s (opex_runbook (name sensitive)) is overdue for review"}}
}

test_quiet_cases if {
	count(runbook_review_overdue.deny) == 0 with input as f.plan([
		f.update("opex_runbook.ok", "opex_runbook", {}, {"review_overdue": false}),
		f.unknown(f.create("opex_runbook.u", "opex_runbook", {}), {"review_overdue": true}),
		f.noop("opex_runbook.noop", "opex_runbook", {"review_overdue": true}),
		f.delete("opex_runbook.gone", "opex_runbook", {"review_overdue": true}),
	])
}
