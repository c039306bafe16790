resource "opex_escalation_policy" "pager" {
  workload_id = opex_workload.checkout.id
  name        = "checkout on-call"

  # Events of high or critical severity are incidents that need a response; an incident that
  # recurs three times becomes a problem (root cause analysis).
  incident_threshold        = "high"
  problem_after_recurrences = 3

  level {
    after_minutes = 0
    targets       = ["pagerduty:checkout-primary"]
    owner         = "checkout-on-call"
  }

  level {
    after_minutes = 15
    targets       = ["pagerduty:checkout-secondary", "slack:#checkout-incident"]
    owner         = "payments-engineering-manager"
  }

  notify_users {
    channel     = "https://status.example.com"
    on_impact   = true
    on_recovery = true
  }
}
