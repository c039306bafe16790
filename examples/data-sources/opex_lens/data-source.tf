# Render the built-in checks plus a custom one as an AWS Well-Architected Tool custom lens.
data "opex_lens" "readiness" {
  name   = "Payments operational readiness"
  checks = [opex_readiness_check.dr_region]
}

# terraform output -raw lens > lens.json
# aws wellarchitected import-lens --json-string file://lens.json
output "lens" {
  value = data.opex_lens.readiness.json
}
