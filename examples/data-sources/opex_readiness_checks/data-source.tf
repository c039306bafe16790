# Every built-in readiness check.
data "opex_readiness_checks" "all" {}

# Only the checks of one focus area.
data "opex_readiness_checks" "operate" {
  focus_area = "operate"
}

output "critical_checks" {
  value = [for c in data.opex_readiness_checks.all.checks : c.id if c.severity == "critical"]
}
