data "opex_pillar" "oe" {}

# The design principles, e.g. to label dashboards or generate docs.
output "principles" {
  value = [for p in data.opex_pillar.oe.design_principles : p.name]
}
