# An improvement found in an incident review, driven to done and shared.
resource "opex_improvement" "replica_lag_alarm" {
  workload_id = opex_workload.checkout.id
  title       = "Alarm on database replica lag"
  source      = "incident"
  priority    = "p2"
  status      = "done"
  owner       = "ana@example.com"
  due         = "2026-06-30"
  learning    = "Replication stalls during vacuum; the failover lost 40s of orders. Alarm at 30s lag."
  shared_with = ["team-search", "sre-guild"]
  recognized  = ["ana@example.com"]
}

# A backlog item: owner and learning are only required once work starts and ends.
resource "opex_improvement" "gameday_findings" {
  workload_id = opex_workload.checkout.id
  title       = "Automate the DNS switch found manual in the May game day"
  source      = "gameday"
  priority    = "p3"
  due         = "2026-09-30"
}
