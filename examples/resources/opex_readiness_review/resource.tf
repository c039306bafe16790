# The readiness gate for the checkout workload in production. Pass whole resources: the review
# reads the attributes it needs from them.
resource "opex_readiness_review" "checkout_prod" {
  workload           = opex_workload.checkout
  environment        = opex_environment.prod
  lower_environments = [opex_environment.staging]
  priorities         = [opex_priority.availability]
  runbooks           = [opex_runbook.failover]
  escalation         = opex_escalation_policy.pager
  checks             = [opex_readiness_check.dr_region]

  telemetry     = ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-5xx"]
  rollback_plan = "Redeploy the previous release tag with the deploy pipeline (about 5 minutes)."
  last_gameday  = "2026-05-14"

  evidence {
    check = "game-day-recent"
    url   = "https://wiki.example.com/checkout/gameday-2026-05"
    note  = "Region failover drill; runbook steps 3 and 4 were updated afterwards."
  }

  # Accepted risk, with an end date: after 2026-07-01 the check fails again.
  waiver {
    check  = "dr-region"
    reason = "DR region chosen in Q3 planning (owner: team-payments)."
    until  = "2026-07-01"
  }

  min_score = 80
  enforce   = true # a failing review stops the plan
}

output "readiness" {
  value = opex_readiness_review.checkout_prod.summary
}
