# The opex demo: the "payments" workload declared with opex, plus terraform_data stand-ins for the
# infrastructure it runs on. `make demo` plans it with the real terraform and lints the plan.

terraform {
  required_providers {
    opex = {
      source = "opexhq/opex"
    }
  }
}

resource "opex_workload" "payments" {
  name        = "payments"
  description = "Card payments API and its settlement jobs."
  owner       = "team-payments"
  tier        = "critical"
  stakeholders {
    business    = ["head-of-payments"]
    development = ["team-payments", "team-platform"]
  }
  tags = {
    cost-center = "cc-1042"
  }
}

# Organization: priorities set with business and development teams, compliance included.
resource "opex_priority" "availability" {
  name        = "Keep card authorisation available"
  workload_id = opex_workload.payments.id
  focus_area  = "operate"
  rank        = 1
  weight      = 90
  source      = "business"
  rationale   = "Every minute of downtime loses card sales."
  tradeoff {
    favor  = "availability"
    over   = "feature velocity"
    reason = "Releases pause while the error budget is spent."
  }
  stakeholders {
    business    = ["head-of-payments"]
    development = ["team-payments"]
  }
  review_by = "2027-06-30"
}

resource "opex_priority" "pci" {
  name        = "Meet PCI DSS change control"
  workload_id = opex_workload.payments.id
  focus_area  = "prepare"
  rank        = 2
  weight      = 70
  source      = "external_compliance"
  compliance {
    framework   = "PCI DSS 4.0"
    requirement = "6.5.1 change management"
  }
  stakeholders {
    business    = ["compliance-office"]
    development = ["team-payments"]
  }
  review_by = "2027-03-31"
}

# Prepare: environments whose controls increase toward production.
resource "opex_environment" "staging" {
  workload_id = opex_workload.payments.id
  name        = "payments-staging"
  stage       = "staging"
  controls {
    required_approvals = 1
    max_batch_size     = 20
  }
  schedule {
    days     = ["mon", "tue", "wed", "thu", "fri"]
    hours    = "07:00-20:00"
    timezone = "Europe/Berlin"
  }
}

resource "opex_environment" "production" {
  workload_id = opex_workload.payments.id
  name        = "payments-production"
  stage       = "production"
  controls {
    required_approvals       = 2
    max_batch_size           = 10
    require_rollback_plan    = true
    require_readiness_review = true
    change_window            = "Tue-Thu 09:00-16:00 Europe/Berlin"
  }
}

# Operate: escalation with user notification, and runbooks with owners on every step.
resource "opex_escalation_policy" "payments" {
  workload_id               = opex_workload.payments.id
  name                      = "payments-oncall"
  incident_threshold        = "high"
  problem_after_recurrences = 3
  level {
    after_minutes = 0
    targets       = ["pagerduty:payments-primary"]
    owner         = "payments-oncall"
  }
  level {
    after_minutes = 15
    targets       = ["pagerduty:payments-secondary", "slack:#payments-incident"]
    owner         = "payments-lead"
  }
  notify_users {
    channel     = "statuspage:payments"
    on_impact   = true
    on_recovery = true
  }
}

resource "opex_runbook" "failover" {
  workload_id          = opex_workload.payments.id
  name                 = "Fail over the payments database"
  kind                 = "runbook"
  url                  = "https://wiki.example.com/payments/failover"
  owner                = "team-payments"
  escalation_policy_id = opex_escalation_policy.payments.id
  step {
    name      = "Confirm the primary is unhealthy"
    owner     = "payments-oncall"
    automated = true
  }
  step {
    name  = "Promote the replica"
    owner = "payments-oncall"
  }
  # Last reviewed long ago: the plan shows review_overdue = true and opexlint flags it.
  last_reviewed        = "2025-01-15"
  review_interval_days = 90
}

# Evolve: an improvement from the last incident.
resource "opex_improvement" "retry_storm" {
  workload_id = opex_workload.payments.id
  title       = "Cap client retries after the March retry storm"
  source      = "incident"
  priority    = "p2"
  status      = "in_progress"
  owner       = "team-payments"
  due         = "2027-01-31"
  learning    = "Unbounded client retries amplified a partial outage."
  shared_with = ["team-platform"]
}

# The readiness gate for production. enforce = false so that the demo plan shows the failing
# checks instead of stopping; set it to true in CI to block the apply.
resource "opex_readiness_review" "production" {
  workload           = opex_workload.payments
  environment        = opex_environment.production
  lower_environments = [opex_environment.staging]
  priorities         = [opex_priority.availability, opex_priority.pci]
  runbooks           = [opex_runbook.failover]
  escalation         = opex_escalation_policy.payments
  telemetry          = []
  rollback_plan      = ""
  min_score          = 80
  enforce            = false
}

# Stand-ins for the infrastructure of this change: twelve API instances in one plan, more than
# the production environment's max_batch_size of 10 — a large batch change.
resource "terraform_data" "api_instance" {
  count = 12
  input = {
    name        = "payments-api-${count.index}"
    environment = "production"
  }
}

resource "terraform_data" "migrate" {
  input = "schema-v42"
  provisioner "local-exec" {
    command = "echo migrating payments schema"
  }
}
