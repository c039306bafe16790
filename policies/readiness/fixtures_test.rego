# A review input that every built-in readiness check accepts; each check's tests break one fact.
package opex.readiness.fixtures_test

ready := {
	"now": "2026-06-01",
	"workload": {
		"id": "wl-1", "name": "checkout", "owner": "alice", "tier": "critical",
		"stakeholders": {"business": ["sales"], "development": ["payments-dev"]},
	},
	"environment": {
		"id": "env-prod", "name": "prod", "stage": "production", "owner": null, "managed_by_code": true,
		"controls": {
			"required_approvals": 2, "max_batch_size": 10, "require_rollback_plan": true,
			"require_readiness_review": true, "change_window": null,
		},
		"schedule": null,
	},
	"lower_environments": [{
		"id": "env-staging", "name": "staging", "stage": "staging", "managed_by_code": true,
		"controls": {
			"required_approvals": 1, "max_batch_size": 20, "require_rollback_plan": true,
			"require_readiness_review": false, "change_window": null,
		},
	}],
	"priorities": [{"id": "p-1", "name": "availability", "focus_area": "operate", "weight": 80, "review_by": "2026-12-31"}],
	"runbooks": [{
		"id": "rb-1", "name": "failover", "owner": "bob", "escalation_policy_id": "ep-1",
		"step": [{"name": "drain", "owner": "bob", "automated": false}],
		"last_reviewed": "2026-05-01", "review_interval_days": 90, "next_review": "2026-07-30",
	}],
	"escalation": {
		"id": "ep-1", "name": "pager",
		"level": [{"after_minutes": 0, "targets": ["oncall"], "owner": "bob"}],
		"notify_users": {"channel": "status-page", "on_impact": true, "on_recovery": true},
	},
	"telemetry": ["alarm-errors"],
	"rollback_plan": "redeploy the previous release",
	"last_gameday": "2026-04-01",
	"evidence": [],
	"params": {"game_day_max_age_days": 90},
}
