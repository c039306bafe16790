# A business priority with an explicit trade-off.
resource "opex_priority" "availability" {
  name        = "Keep checkout available"
  workload_id = opex_workload.checkout.id
  focus_area  = "operate"
  rank        = 1
  weight      = 90
  source      = "business"
  rationale   = "Every minute of checkout downtime loses orders."
  review_by   = "2027-06-30"

  tradeoff {
    favor  = "availability"
    over   = "feature velocity"
    reason = "Releases pause while the error budget is spent."
  }

  stakeholders {
    business    = ["head-of-ecommerce"]
    development = ["team-payments"]
  }
}

# An organisation-wide compliance priority (no workload_id): the compliance block is required.
resource "opex_priority" "pci" {
  name       = "Meet PCI DSS change control"
  focus_area = "prepare"
  rank       = 2
  source     = "external_compliance"

  compliance {
    framework   = "PCI DSS 4.0"
    requirement = "6.5.1"
  }

  stakeholders {
    business    = ["compliance-office"]
    development = ["team-platform"]
  }
}

output "availability_review_overdue" {
  value = opex_priority.availability.review_overdue
}
