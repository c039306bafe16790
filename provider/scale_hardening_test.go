package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// scaleConfig declares 300 opex resources of every type, linked the way a real estate is: each
// workload has priorities, environments, an escalation policy, runbooks, improvements and a
// gated readiness review over them.
func scaleConfig() (string, int) {
	counts := []struct {
		typ string
		n   int
	}{
		{"opex_workload", 20}, {"opex_priority", 40}, {"opex_environment", 60}, {"opex_escalation_policy", 20},
		{"opex_runbook", 60}, {"opex_improvement", 80}, {"opex_readiness_check", 10}, {"opex_readiness_review", 10},
	}
	total := 0
	for _, c := range counts {
		total += c.n
	}
	var b strings.Builder
	fmt.Fprintf(&b, `
resource "opex_workload" "w" {
  count = %d
  name  = "workload-${count.index}"
  owner = "team-${count.index}"
  tier  = element(["critical", "high", "medium", "low"], count.index)
  tags  = { dr_region = "eu-central-1" }
  stakeholders {
    business    = ["product-${count.index}"]
    development = ["team-${count.index}"]
  }
}

resource "opex_priority" "p" {
  count       = %d
  name        = "priority-${count.index}"
  workload_id = opex_workload.w[count.index %% 20].id
  focus_area  = element(["organization", "prepare", "operate", "evolve"], count.index)
  rank        = count.index + 1
  weight      = 10 + count.index
  source      = "business"
  review_by   = "2027-01-01"
  stakeholders {
    business    = ["product"]
    development = ["dev"]
  }
}

resource "opex_environment" "e" {
  count           = %d
  workload_id     = opex_workload.w[count.index %% 20].id
  name            = "env-${count.index}"
  stage           = element(["development", "staging", "production"], floor(count.index / 20))
  owner           = "team-${count.index %% 20}"
  controls {
    required_approvals    = floor(count.index / 20)
    require_rollback_plan = count.index >= 40
  }
  dynamic "schedule" {
    for_each = count.index < 40 ? [1] : []
    content {
      days     = ["mon", "tue", "wed", "thu", "fri"]
      hours    = "07:00-20:00"
      timezone = "Europe/Paris"
    }
  }
}

resource "opex_escalation_policy" "x" {
  count              = %d
  workload_id        = opex_workload.w[count.index].id
  name               = "on-call-${count.index}"
  incident_threshold = "high"
  level {
    after_minutes = 0
    targets       = ["pager:${count.index}"]
    owner         = "on-call-${count.index}"
  }
  notify_users {
    channel = "https://status.example.com/${count.index}"
  }
}

resource "opex_runbook" "r" {
  count                = %d
  workload_id          = opex_workload.w[count.index %% 20].id
  name                 = "runbook-${count.index}"
  url                  = "https://wiki.example.com/runbooks/${count.index}"
  owner                = "team-${count.index %% 20}"
  escalation_policy_id = opex_escalation_policy.x[count.index %% 20].id
  last_reviewed        = "2026-05-01"
  step {
    name  = "diagnose"
    owner = "on-call"
  }
}

resource "opex_improvement" "i" {
  count       = %d
  workload_id = opex_workload.w[count.index %% 20].id
  title       = "improvement-${count.index}"
  source      = element(["incident", "problem", "gameday", "customer", "retrospective", "metric"], count.index)
  priority    = element(["p1", "p2", "p3", "p4"], count.index)
  status      = "prioritized"
  owner       = "team-${count.index %% 20}"
  due         = "2026-09-01"
}

resource "opex_readiness_check" "c" {
  count      = %d
  key        = "custom-${count.index}"
  title      = "custom check ${count.index}"
  focus_area = "prepare"
  principle  = "anticipate-failure"
  severity   = "low"
  rego       = <<-EOT
    package opex.readiness.custom.c${count.index}

    deny contains msg if {
      not input.workload.tags.dr_region
      msg := "no dr_region tag"
    }
  EOT
}

resource "opex_readiness_review" "g" {
  count              = %d
  workload           = opex_workload.w[count.index]
  environment        = opex_environment.e[40 + count.index]
  lower_environments = [opex_environment.e[count.index], opex_environment.e[20 + count.index]]
  priorities         = [opex_priority.p[count.index], opex_priority.p[20 + count.index]]
  runbooks           = [opex_runbook.r[count.index]]
  escalation         = opex_escalation_policy.x[count.index]
  checks             = [opex_readiness_check.c[count.index]]
  telemetry          = ["alarm-${count.index}"]
  rollback_plan      = "redeploy the previous release"
  last_gameday       = "2026-05-20"
  min_score          = 0
}
`, counts[0].n, counts[1].n, counts[2].n, counts[3].n, counts[4].n, counts[5].n, counts[6].n, counts[7].n)
	return b.String(), total
}

// TestAccScale_300Resources plans and applies 300 opex resources with -parallelism=50, then
// checks that a second plan is empty: no crash, no race and no diff under concurrent calls.
func TestAccScale_300Resources(t *testing.T) {
	h := newTFHarness(t, newTestClock(testDate(t, "2026-06-01")))
	ctx := context.Background()
	config, total := scaleConfig()
	h.write(t, "main.tf", config)
	h.init(ctx, t)

	start := time.Now()
	changes, err := h.tf.Plan(ctx, tfexec.Reattach(h.reattach), tfexec.Parallelism(50), tfexec.Out("scale.tfplan"))
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if !changes {
		t.Fatal("the first plan has no changes")
	}
	plan, err := h.tf.ShowPlanFile(ctx, "scale.tfplan", tfexec.Reattach(h.reattach))
	if err != nil {
		t.Fatalf("show plan: %v", err)
	}
	creates := 0
	for _, rc := range plan.ResourceChanges {
		if rc.Change != nil && rc.Change.Actions.Create() {
			creates++
		}
	}
	if creates != total {
		t.Fatalf("plan creates %d resources, want %d", creates, total)
	}
	planned := time.Since(start)

	start = time.Now()
	if err := h.tf.Apply(ctx, tfexec.Reattach(h.reattach), tfexec.Parallelism(50), tfexec.DirOrPlan("scale.tfplan")); err != nil {
		t.Fatalf("apply: %v", err)
	}
	applied := time.Since(start)

	state, err := h.tf.Show(ctx, tfexec.Reattach(h.reattach))
	if err != nil {
		t.Fatalf("show: %v", err)
	}
	got, reviews := 0, 0
	for _, r := range state.Values.RootModule.Resources {
		if strings.HasPrefix(r.Type, "opex_") {
			got++
		}
		if r.Type == "opex_readiness_review" {
			reviews++
			// min_score is 0 and no critical check fails on this estate, so every review passes.
			if passed, _ := r.AttributeValues["passed"].(bool); !passed {
				t.Errorf("%s: passed = %v, want true", r.Address, r.AttributeValues["passed"])
			}
		}
	}
	if got != total || reviews != 10 {
		t.Fatalf("state holds %d opex resources (%d reviews), want %d (10)", got, reviews, total)
	}

	start = time.Now()
	changes, err = h.tf.Plan(ctx, tfexec.Reattach(h.reattach), tfexec.Parallelism(50))
	if err != nil {
		t.Fatalf("second plan: %v", err)
	}
	if changes {
		t.Fatal("the plan after apply is not empty")
	}
	t.Logf("%d resources, -parallelism=50: plan %s, apply %s, re-plan %s", total,
		planned.Round(time.Millisecond), applied.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}
