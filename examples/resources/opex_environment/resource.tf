# Non-production runs on a schedule: it is turned off when not in use.
resource "opex_environment" "staging" {
  workload_id = opex_workload.checkout.id
  name        = "checkout-staging"
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

# Production has stricter controls and no schedule (a schedule there is an error).
resource "opex_environment" "prod" {
  workload_id = opex_workload.checkout.id
  name        = "checkout-prod"
  stage       = "production"

  controls {
    required_approvals       = 2
    max_batch_size           = 10
    require_rollback_plan    = true
    require_readiness_review = true
    change_window            = "tue-thu 09:00-16:00 Europe/Berlin"
  }
}

# A sandbox belongs to one person.
resource "opex_environment" "sandbox_ana" {
  workload_id = opex_workload.checkout.id
  name        = "checkout-sandbox-ana"
  stage       = "sandbox"
  owner       = "ana@example.com"

  schedule {
    days     = ["mon", "tue", "wed", "thu", "fri"]
    hours    = "08:00-18:00"
    timezone = "Europe/Lisbon"
  }
}
