# A custom readiness check: every production workload names its disaster-recovery region.
resource "opex_readiness_check" "dr_region" {
  key         = "dr-region"
  title       = "Disaster-recovery region declared"
  focus_area  = "prepare"
  principle   = "anticipate-failure"
  severity    = "high"
  description = "A workload that cannot say where it fails over to has no tested way back from a regional outage."
  remediation = "Add a dr_region tag to the opex_workload."
  rego        = <<-EOT
    package opex.readiness.custom.dr_region

    deny contains msg if {
      not input.workload.tags.dr_region
      msg := sprintf("workload %q has no dr_region tag", [input.workload.name])
    }
  EOT
}
