# Readiness as Terraform checks: the opex readiness review gates a release with a precondition
# (the plan stops) and check blocks report softer expectations (the plan warns and goes on).
# Terraform >= 1.5 / OpenTofu >= 1.6 (check blocks).

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    opex = {
      source = "opexhq/opex"
    }
  }
}

variable "release_version" {
  description = "The application version this change deploys."
  type        = string
  default     = "2026.11.3"
}

resource "opex_workload" "checkout" {
  name  = "checkout"
  owner = "team-checkout"
  tier  = "high"
  stakeholders {
    business    = ["head-of-ecommerce"]
    development = ["team-checkout"]
  }
}

resource "opex_priority" "availability" {
  name        = "Checkout stays available during releases"
  workload_id = opex_workload.checkout.id
  focus_area  = "operate"
  rank        = 1
  weight      = 80
  source      = "business"
  stakeholders {
    business    = ["head-of-ecommerce"]
    development = ["team-checkout"]
  }
  review_by = "2027-06-30"
}

resource "opex_priority" "safe_releases" {
  name        = "Releases are small and reversible"
  workload_id = opex_workload.checkout.id
  focus_area  = "prepare"
  rank        = 2
  source      = "business"
  stakeholders {
    business    = ["head-of-ecommerce"]
    development = ["team-checkout"]
  }
  review_by = "2027-06-30"
}

resource "opex_environment" "staging" {
  workload_id = opex_workload.checkout.id
  name        = "checkout-staging"
  stage       = "staging"
  controls {
    required_approvals = 1
  }
  schedule {
    days     = ["mon", "tue", "wed", "thu", "fri"]
    hours    = "07:00-19:00"
    timezone = "Europe/Dublin"
  }
}

resource "opex_environment" "production" {
  workload_id = opex_workload.checkout.id
  name        = "checkout-production"
  stage       = "production"
  controls {
    required_approvals    = 2
    max_batch_size        = 15
    require_rollback_plan = true
  }
}

resource "opex_escalation_policy" "checkout" {
  workload_id        = opex_workload.checkout.id
  name               = "checkout-oncall"
  incident_threshold = "high"
  level {
    after_minutes = 0
    targets       = ["pagerduty:checkout-primary"]
    owner         = "checkout-oncall"
  }
  notify_users {
    channel = "statuspage:checkout"
  }
}

resource "opex_runbook" "rollback" {
  workload_id          = opex_workload.checkout.id
  name                 = "Roll back a checkout release"
  url                  = "https://wiki.example.com/checkout/rollback"
  owner                = "team-checkout"
  escalation_policy_id = opex_escalation_policy.checkout.id
  step {
    name      = "Redeploy the previous task definition"
    owner     = "checkout-oncall"
    automated = true
  }
  last_reviewed = "2026-10-01"
}

# The review scores readiness at plan time. enforce = false: the precondition below decides what
# blocks, so the review's own results stay visible in the plan.
resource "opex_readiness_review" "production" {
  workload           = opex_workload.checkout
  environment        = opex_environment.production
  lower_environments = [opex_environment.staging]
  priorities         = [opex_priority.availability, opex_priority.safe_releases]
  runbooks           = [opex_runbook.rollback]
  escalation         = opex_escalation_policy.checkout
  telemetry          = ["cloudwatch:alarm/checkout-5xx", "grafana:dashboard/checkout"]
  rollback_plan      = "Redeploy the previous task definition with the rollback runbook."
  last_gameday       = "2026-10-20"
  min_score          = 80
  enforce            = false
}

data "opex_readiness_checks" "builtin" {}

data "opex_pillar" "ops" {}

locals {
  review_results = opex_readiness_review.production.results

  # Checks of the built-in catalog that are critical: none of them may fail.
  critical_checks = toset([for c in data.opex_readiness_checks.builtin.checks : c.id if c.severity == "critical"])
  failing         = [for r in local.review_results : r if r.status == "fail"]
  failing_critical = [
    for r in local.failing : r.check if contains(local.critical_checks, r.check)
  ]

  # Focus areas of the pillar that no priority covers.
  prioritised_areas = toset([opex_priority.availability.focus_area, opex_priority.safe_releases.focus_area])
  unprioritised_areas = [
    for fa in data.opex_pillar.ops.focus_areas : fa.id if !contains(local.prioritised_areas, fa.id)
  ]
}

# The release is a stand-in for the real deployment (an aws_ecs_service, a helm_release…). Its
# precondition fails the plan when production is not ready, naming the failing checks.
resource "terraform_data" "release" {
  input = var.release_version

  lifecycle {
    precondition {
      condition     = opex_readiness_review.production.passed
      error_message = "Production is not ready for release ${var.release_version} (score ${opex_readiness_review.production.score}): failing checks ${join(", ", [for r in local.failing : r.check])}."
    }
    precondition {
      condition     = length(local.failing_critical) == 0
      error_message = "Critical readiness checks fail: ${join(", ", local.failing_critical)}."
    }
  }
}

# Check blocks warn without stopping the plan: expectations a team tracks but does not gate on.
check "readiness_score_margin" {
  assert {
    condition     = opex_readiness_review.production.score >= 90
    error_message = "The production readiness score is ${opex_readiness_review.production.score}: passing, but within 10 points of the gate."
  }
}

check "priorities_cover_the_pillar" {
  assert {
    condition     = length(local.unprioritised_areas) == 0
    error_message = "No priority covers the focus areas ${join(", ", local.unprioritised_areas)} of the Operational Excellence pillar."
  }
}

check "no_waived_checks" {
  assert {
    condition     = length([for r in local.review_results : r if r.status == "waived"]) == 0
    error_message = "Waived readiness checks: ${join(", ", [for r in local.review_results : r.check if r.status == "waived"])}. Waivers expire; plan the work to remove them."
  }
}

output "readiness_summary" {
  description = "The review's Markdown summary, for a pull-request comment."
  value       = opex_readiness_review.production.summary
}
