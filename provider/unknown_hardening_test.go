package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testAccUnknownConfig feeds every input of every opex resource from the output of a
// terraform_data resource created in the same plan, which is unknown until apply. List blocks
// (and one single block) come from dynamic blocks over unknown collections, so the whole block is
// unknown too.
const testAccUnknownConfig = `
resource "terraform_data" "x" {
  input = {
    name        = "checkout"
    owner       = "team-payments"
    tier        = "critical"
    business    = ["product"]
    development = ["payments"]
    tags        = { dr_region = "eu-central-1" }
    reviewed    = "2026-05-14"
    past        = "2026-05-01"
    future      = "2027-01-01"
    url         = "https://wiki.example.com/checkout"
    production  = "production"
    staging     = "staging"
    focus       = "operate"
    business_source = "business"
    compliance_source = "external_compliance"
    framework   = "PCI DSS 4.0"
    rank        = 1
    weight      = 60
    yes         = true
    no          = false
    zero        = 0
    approvals   = 2
    severity    = "high"
    days        = ["mon", "tue", "wed", "thu", "fri"]
    hours       = "07:00-20:00"
    timezone    = "Europe/Paris"
    kind        = "runbook"
    status      = "in_progress"
    priority    = "p2"
    source      = "incident"
    interval    = 90
    key         = "dr-region"
    principle   = "anticipate-failure"
    rego        = "package opex.readiness.custom.dr_region\n\ndeny contains msg if {\n  not input.workload.tags.dr_region\n  msg := \"no dr_region tag\"\n}\n"
    steps       = [{ name = "promote the replica", owner = "dba-on-call", automated = false }]
    levels      = [{ after = 0, targets = ["pager:checkout"], owner = "checkout-on-call" }]
    schedule    = [{ days = ["mon"], hours = "08:00-18:00", timezone = "UTC" }]
    waivers     = [{ check = "dr-region", reason = "accepted by team-payments", until = "2027-01-01" }]
  }
}

locals {
  u = terraform_data.x.output
}

resource "opex_workload" "w" {
  name        = local.u.name
  description = local.u.name
  owner       = local.u.owner
  tier        = local.u.tier
  tags        = local.u.tags
  stakeholders {
    business    = local.u.business
    development = local.u.development
  }
}

resource "opex_priority" "p" {
  name        = local.u.name
  workload_id = opex_workload.w.id
  focus_area  = local.u.focus
  rank        = local.u.rank
  weight      = local.u.weight
  source      = local.u.business_source
  rationale   = local.u.name
  review_by   = local.u.future
  tradeoff {
    favor  = local.u.name
    over   = local.u.owner
    reason = local.u.tier
  }
  stakeholders {
    business    = local.u.business
    development = local.u.development
  }
}

resource "opex_priority" "pci" {
  name        = local.u.framework
  focus_area  = local.u.focus
  rank        = local.u.approvals
  source      = local.u.compliance_source
  compliance {
    framework   = local.u.framework
    requirement = local.u.name
  }
  stakeholders {
    business    = local.u.business
    development = local.u.development
  }
}

resource "opex_environment" "staging" {
  workload_id     = opex_workload.w.id
  name            = local.u.staging
  stage           = local.u.staging
  owner           = local.u.owner
  managed_by_code = local.u.yes
  controls {
    required_approvals       = local.u.zero
    max_batch_size           = local.u.weight
    require_rollback_plan    = local.u.no
    require_readiness_review = local.u.no
    change_window            = local.u.hours
  }
  dynamic "schedule" {
    for_each = local.u.schedule
    content {
      days     = schedule.value.days
      hours    = schedule.value.hours
      timezone = schedule.value.timezone
    }
  }
}

resource "opex_environment" "prod" {
  workload_id     = opex_workload.w.id
  name            = local.u.production
  stage           = local.u.production
  owner           = local.u.owner
  managed_by_code = local.u.yes
  controls {
    required_approvals       = local.u.approvals
    max_batch_size           = local.u.rank
    require_rollback_plan    = local.u.yes
    require_readiness_review = local.u.yes
    change_window            = local.u.hours
  }
}

resource "opex_escalation_policy" "x" {
  workload_id               = opex_workload.w.id
  name                      = local.u.name
  incident_threshold        = local.u.severity
  problem_after_recurrences = local.u.rank
  dynamic "level" {
    for_each = local.u.levels
    content {
      after_minutes = level.value.after
      targets       = level.value.targets
      owner         = level.value.owner
    }
  }
  notify_users {
    channel     = local.u.url
    on_impact   = local.u.yes
    on_recovery = local.u.yes
  }
}

resource "opex_runbook" "r" {
  workload_id          = opex_workload.w.id
  name                 = local.u.name
  kind                 = local.u.kind
  url                  = local.u.url
  owner                = local.u.owner
  escalation_policy_id = opex_escalation_policy.x.id
  last_reviewed        = local.u.reviewed
  review_interval_days = local.u.interval
  dynamic "step" {
    for_each = local.u.steps
    content {
      name      = step.value.name
      owner     = step.value.owner
      automated = step.value.automated
    }
  }
}

resource "opex_improvement" "i" {
  workload_id = opex_workload.w.id
  title       = local.u.name
  source      = local.u.source
  priority    = local.u.priority
  status      = local.u.status
  owner       = local.u.owner
  due         = local.u.past
  learning    = local.u.name
  shared_with = local.u.business
  recognized  = local.u.development
}

resource "opex_readiness_check" "c" {
  key         = local.u.key
  title       = local.u.name
  focus_area  = local.u.focus
  principle   = local.u.principle
  severity    = local.u.severity
  description = local.u.name
  remediation = local.u.name
  rego        = local.u.rego
}

resource "opex_readiness_review" "g" {
  workload           = opex_workload.w
  environment        = opex_environment.prod
  lower_environments = [opex_environment.staging]
  priorities         = [opex_priority.p]
  runbooks           = [opex_runbook.r]
  escalation         = opex_escalation_policy.x
  checks             = [opex_readiness_check.c]
  telemetry          = local.u.business
  rollback_plan      = local.u.name
  last_gameday       = local.u.reviewed
  min_score          = local.u.zero
  enforce            = local.u.no
  game_day_max_age_days = local.u.interval
  evidence {
    check = local.u.key
    url   = local.u.url
    note  = local.u.name
  }
  dynamic "waiver" {
    for_each = local.u.waivers
    content {
      check  = waiver.value.check
      reason = waiver.value.reason
      until  = waiver.value.until
    }
  }
}
`

// testAccNullBlocksConfig sets only what each resource requires: every optional attribute and
// every optional block is null.
const testAccNullBlocksConfig = `
resource "opex_workload" "w" {
  name  = "checkout"
  owner = "team-payments"
  tier  = "high"
  stakeholders {
    business    = ["product"]
    development = ["payments"]
  }
}

resource "opex_priority" "p" {
  name       = "availability"
  focus_area = "operate"
  rank       = 1
  source     = "business"
  stakeholders {
    business    = ["product"]
    development = ["payments"]
  }
}

resource "opex_environment" "dev" {
  workload_id = opex_workload.w.id
  name        = "dev"
  stage       = "development"
}

resource "opex_escalation_policy" "x" {
  workload_id        = opex_workload.w.id
  name               = "on-call"
  incident_threshold = "high"
  level {
    after_minutes = 0
    targets       = ["pager:checkout"]
    owner         = "checkout-on-call"
  }
}

resource "opex_runbook" "r" {
  workload_id = opex_workload.w.id
  name        = "failover"
  owner       = "team-payments"
}

resource "opex_improvement" "i" {
  workload_id = opex_workload.w.id
  title       = "faster failover"
  source      = "gameday"
  priority    = "p3"
}

resource "opex_readiness_check" "c" {
  key        = "dr-region"
  title      = "DR region"
  focus_area = "prepare"
  principle  = "anticipate-failure"
  severity   = "low"
  rego       = "package opex.readiness.custom.dr_region\n\ndeny contains msg if {\n  not input.workload.tags.dr_region\n  msg := \"no dr_region tag\"\n}\n"
}

resource "opex_readiness_review" "g" {
  workload = opex_workload.w
}
`

func TestAccHardening_unknownAndNullAtPlan(t *testing.T) {
	unknown := func(addr string, attrs ...string) []plancheck.PlanCheck {
		var out []plancheck.PlanCheck
		for _, a := range attrs {
			out = append(out, plancheck.ExpectUnknownValue(addr, tfjsonpath.New(a)))
		}
		return out
	}
	var unknownAtPlan []plancheck.PlanCheck
	for _, group := range [][]plancheck.PlanCheck{
		// The inputs really are unknown...
		unknown("opex_workload.w", "name", "tier", "owner"),
		unknown("opex_environment.prod", "stage"),
		unknown("opex_runbook.r", "last_reviewed", "review_interval_days", "step"),
		unknown("opex_escalation_policy.x", "level"),
		// ...so every computed value that depends on them is planned unknown, not guessed.
		unknown("opex_environment.prod", "id", "is_production"),
		unknown("opex_environment.staging", "is_production"),
		// A single block from a dynamic block over an unknown collection is planned as a block
		// whose attributes are all unknown (Terraform cannot plan a single block as unknown).
		{plancheck.ExpectUnknownValue("opex_environment.staging", tfjsonpath.New("schedule").AtMapKey("hours"))},
		unknown("opex_runbook.r", "next_review", "review_overdue"),
		unknown("opex_priority.p", "review_overdue"),
		unknown("opex_priority.pci", "source"),
		{plancheck.ExpectUnknownValue("opex_priority.pci", tfjsonpath.New("compliance").AtMapKey("framework"))},
		unknown("opex_improvement.i", "overdue"),
		unknown("opex_readiness_check.c", "id"),
		unknown("opex_readiness_review.g", "score", "passed", "results", "summary", "waiver", "game_day_max_age_days"),
	} {
		unknownAtPlan = append(unknownAtPlan, group...)
	}

	known := func(addr, attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v)
	}
	planned := func(addr, attr string, v knownvalue.Check) plancheck.PlanCheck {
		return plancheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(newTestClock(testDate(t, "2026-06-01"))),
		Steps: []resource.TestStep{
			{
				Config:           testAccUnknownConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: unknownAtPlan},
				// Once applied, every computed value is known and derived from the real inputs.
				ConfigStateChecks: []statecheck.StateCheck{
					known("opex_environment.prod", "is_production", knownvalue.Bool(true)),
					known("opex_environment.staging", "is_production", knownvalue.Bool(false)),
					known("opex_runbook.r", "next_review", knownvalue.StringExact("2026-08-12")),
					known("opex_runbook.r", "review_overdue", knownvalue.Bool(false)),
					known("opex_priority.p", "review_overdue", knownvalue.Bool(false)),
					known("opex_priority.pci", "review_overdue", knownvalue.Bool(false)),
					known("opex_improvement.i", "overdue", knownvalue.Bool(true)),
					known("opex_readiness_check.c", "id", knownvalue.StringExact("dr-region")),
					known("opex_readiness_review.g", "passed", knownvalue.NotNull()),
					known("opex_readiness_review.g", "score", knownvalue.NotNull()),
					known("opex_readiness_review.g", "results", knownvalue.NotNull()),
					known("opex_readiness_review.g", "summary", knownvalue.NotNull()),
				},
			},
			{
				Config: testAccNullBlocksConfig,
				// With every optional block null, the computed values are known at plan time.
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planned("opex_environment.dev", "is_production", knownvalue.Bool(false)),
					planned("opex_environment.dev", "schedule", knownvalue.Null()),
					planned("opex_environment.dev", "controls", knownvalue.Null()),
					planned("opex_runbook.r", "next_review", knownvalue.Null()),
					planned("opex_runbook.r", "review_overdue", knownvalue.Bool(true)), // never reviewed
					planned("opex_priority.p", "review_overdue", knownvalue.Bool(false)),
					planned("opex_priority.p", "compliance", knownvalue.Null()),
					planned("opex_improvement.i", "overdue", knownvalue.Bool(false)),
					planned("opex_escalation_policy.x", "notify_users", knownvalue.Null()),
					planned("opex_readiness_review.g", "environment", knownvalue.Null()),
					planned("opex_readiness_review.g", "passed", knownvalue.Bool(false)),
					planned("opex_readiness_review.g", "score", knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					known("opex_readiness_review.g", "passed", knownvalue.Bool(false)),
					known("opex_runbook.r", "review_overdue", knownvalue.Bool(true)),
				},
			},
		},
	})
}
