resource "opex_runbook" "failover" {
  workload_id          = opex_workload.checkout.id
  name                 = "Fail over the checkout database"
  kind                 = "runbook"
  url                  = "https://wiki.example.com/runbooks/checkout-db-failover"
  owner                = "team-payments"
  escalation_policy_id = opex_escalation_policy.pager.id

  # next_review = last_reviewed + review_interval_days; once it passes, a refresh sets
  # review_overdue and readiness reviews that use this runbook fail their review check.
  last_reviewed        = "2026-05-14"
  review_interval_days = 90

  step {
    name  = "Promote the replica in the standby region"
    owner = "dba-on-call"
  }

  step {
    name      = "Run the checkout smoke test"
    automated = true
  }

  step {
    name  = "Tell customers service is restored"
    owner = "checkout-on-call"
  }
}

output "failover_next_review" {
  value = opex_runbook.failover.next_review
}
