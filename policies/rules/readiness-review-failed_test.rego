package opex.rules.readiness_review_failed_test

import data.opex.fixtures as f
import data.opex.rules.readiness_review_failed

test_failed_review_fires if {
	got := readiness_review_failed.deny with input as f.plan([
		f.update(`module.ready["prod"].opex_readiness_review.this[0]`, "opex_readiness_review", {}, {
			"passed": false,
			"score": 55,
			"min_score": 80,
			"results": [
				{"check": "runbook-present", "status": "fail", "message": "free text"},
				{"check": "owners-set", "status": "pass"},
				{"check": "gameday-recent", "status": "fail"},
			],
		}),
		f.create("opex_readiness_review.b", "opex_readiness_review", {"passed": false}),
	])
	got == {
		{"address": `module.ready["prod"].opex_readiness_review.this[0]`, "msg": `module.ready["prod"].opex_readiness_review.this[0] (opex_readiness_review) fails with score 55 of minimum 80: failed checks gameday-recent, runbook-present`},
		{"address": "opex_readiness_review.b", "msg": "opex_readiness_review.b (opex_readiness_review) fails"},
	}
}

test_quiet_cases if {
	count(readiness_review_failed.deny) == 0 with input as f.plan([
		f.create("opex_readiness_review.ok", "opex_readiness_review", {"passed": true}),
		f.unknown(f.create("opex_readiness_review.u", "opex_readiness_review", {}), {"passed": true}),
		f.noop("opex_readiness_review.noop", "opex_readiness_review", {"passed": false}),
		f.delete("opex_readiness_review.gone", "opex_readiness_review", {"passed": false}),
	])
}
