resource "opex_workload" "checkout" {
  name        = "checkout"
  description = "Basket, payment and order confirmation for the web shop."
  owner       = "team-payments"
  tier        = "critical"

  # Priorities are set with business and development teams: both lists are required.
  stakeholders {
    business    = ["head-of-ecommerce", "finance"]
    development = ["team-payments", "team-platform"]
  }

  tags = {
    cost_center = "cc-1042"
  }
}
