package provider

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/opexhq/terraform-provider-opex/policies"
	"github.com/opexhq/terraform-provider-opex/provider/readiness"
)

// testAccReviewStack declares a workload that every built-in check accepts on 2026-06-01,
// except for what the review body (the review's own arguments) leaves out.
const testAccReviewStack = `
resource "opex_workload" "w" {
  name  = "checkout"
  owner = "team-payments"
  tier  = "critical"
  tags  = %s
  stakeholders {
    business    = ["sales"]
    development = ["team-payments"]
  }
}

resource "opex_priority" "p" {
  name        = "availability"
  workload_id = opex_workload.w.id
  focus_area  = "operate"
  rank        = 1
  weight      = 100
  source      = "business"
  review_by   = "2026-12-31"
  stakeholders {
    business    = ["sales"]
    development = ["team-payments"]
  }
}

resource "opex_environment" "staging" {
  workload_id = opex_workload.w.id
  name        = "staging"
  stage       = "staging"
  controls {
    required_approvals    = 1
    max_batch_size        = 20
    require_rollback_plan = true
  }
  schedule {
    days     = ["mon", "tue", "wed", "thu", "fri"]
    hours    = "07:00-19:00"
    timezone = "Europe/Berlin"
  }
}

resource "opex_environment" "prod" {
  workload_id = opex_workload.w.id
  name        = "prod"
  stage       = "production"
  controls {
    required_approvals       = 2
    max_batch_size           = 10
    require_rollback_plan    = true
    require_readiness_review = true
  }
}

resource "opex_escalation_policy" "e" {
  workload_id        = opex_workload.w.id
  name               = "pager"
  incident_threshold = "high"
  level {
    after_minutes = 0
    targets       = ["oncall-payments"]
    owner         = "team-payments"
  }
  notify_users {
    channel = "status-page"
  }
}

resource "opex_runbook" "r" {
  workload_id          = opex_workload.w.id
  name                 = "failover"
  owner                = "team-payments"
  escalation_policy_id = opex_escalation_policy.e.id
  last_reviewed        = "2026-05-01"
  step {
    name  = "drain the primary"
    owner = "team-payments"
  }
}

resource "opex_readiness_review" "x" {
  workload           = opex_workload.w
  environment        = opex_environment.prod
  lower_environments = [opex_environment.staging]
  priorities         = [opex_priority.p]
%s
}
`

// testAccReview renders the stack with the workload's tags and the review's further arguments.
func testAccReview(tags string, body ...string) string {
	return fmt.Sprintf(testAccReviewStack, tags, "  "+strings.Join(body, "\n  "))
}

const (
	reviewReady = `runbooks      = [opex_runbook.r]
  escalation    = opex_escalation_policy.e
  telemetry     = ["alarm-checkout-5xx"]
  rollback_plan = "redeploy the previous release"
  last_gameday  = "2026-04-01"`
	reviewNoRunbookNoEscalation = `telemetry     = ["alarm-checkout-5xx"]
  rollback_plan = "redeploy the previous release"
  last_gameday  = "2026-04-01"`
)

// resultOf matches the result of one check in `results`.
func resultOf(check, status string, message *regexp.Regexp) knownvalue.Check {
	want := map[string]knownvalue.Check{"check": knownvalue.StringExact(check), "status": knownvalue.StringExact(status)}
	if message != nil {
		want["message"] = knownvalue.StringRegexp(message)
	}
	return knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(want)})
}

func TestAccReadinessReview_gate(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				// No runbook and no escalation policy: the plan stops and names both checks.
				Config: testAccReview("{}", reviewNoRunbookNoEscalation, "enforce = true"),
				ExpectError: regexp.MustCompile(`(?s)Readiness review failed.*Workload "checkout" is not ready for prod \(production\):\s+score\s+56\s+\(minimum\s+80\)` +
					`.*escalation-notifies-users \(high\): no escalation policy is given to the review` +
					`.*runbook-coverage \(critical\): no runbook or playbook is given to the review`),
			},
			{
				// The fix: with the runbook and the escalation policy every check passes, at plan time.
				Config: testAccReview("{}", reviewReady, "enforce = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("opex_readiness_review.x", plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("score"), knownvalue.Int64Exact(100)),
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("passed"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("summary"),
						knownvalue.StringRegexp(regexp.MustCompile(`(?s)Readiness review passed: 100/100.*\| runbook-coverage \| critical \| operate \| pass \|`))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("score"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("passed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"), knownvalue.ListSizeExact(len(mustBuiltIns(t)))),
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"), resultOf("runbook-coverage", "pass", regexp.MustCompile(`^$`))),
				},
			},
			{
				// Without enforce the same failure is only reported.
				Config: testAccReview("{}", reviewNoRunbookNoEscalation),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("opex_readiness_review.x", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("passed"), knownvalue.Bool(false)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"),
						resultOf("runbook-coverage", "fail", regexp.MustCompile(`no runbook or playbook`))),
				},
			},
			{
				// Readiness decays with time: two months on, the runbook review and the game day
				// have fallen due, which the refresh before this plan shows.
				PreConfig: func() { clock.Set(testDate(t, "2026-08-01")) },
				Config:    testAccReview("{}", reviewReady),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"),
						resultOf("runbook-review-current", "fail", regexp.MustCompile(`^runbook "failover" was due for review on 2026-07-30$`))),
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"),
						resultOf("game-day-recent", "fail", regexp.MustCompile(`next was due by 2026-06-30`))),
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("score"), knownvalue.Int64Exact(89)),
				},
			},
		},
	})
}

func TestAccReadinessReview_waiverExpires(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	waiver := `waiver {
    check  = "telemetry-present"
    reason = "alarms land with the next release"
    until  = "2026-06-10"
  }`
	noTelemetry := strings.Replace(reviewReady, `telemetry     = ["alarm-checkout-5xx"]`, "", 1)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccReview("{}", noTelemetry, waiver, "enforce = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("passed"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("score"), knownvalue.Int64Exact(100)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"),
						resultOf("telemetry-present", "waived", regexp.MustCompile(`^waived until 2026-06-10: alarms land with the next release \(no alarm`))),
				},
			},
			{
				// Still valid on its last day.
				PreConfig: func() { clock.Set(testDate(t, "2026-06-10")) },
				Config:    testAccReview("{}", noTelemetry, waiver, "enforce = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// The day after, the refresh re-evaluates: the waiver no longer waives and says so.
				PreConfig: func() { clock.Set(testDate(t, "2026-06-11")) },
				Config:    testAccReview("{}", noTelemetry, waiver),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("passed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"),
						resultOf("telemetry-present", "fail", regexp.MustCompile(`no alarm or dashboard is listed in telemetry \(waiver expired on 2026-06-10\)`))),
				},
			},
			{
				// The expired waiver costs 7 points: with enforce and a minimum of 99 the plan stops.
				Config:      testAccReview("{}", noTelemetry, waiver, "enforce = true", "min_score = 99"),
				ExpectError: regexp.MustCompile(`(?s)score\s+93\s+\(minimum\s+99\).*telemetry-present \(high\): no alarm or dashboard is listed in telemetry \(waiver expired on 2026-06-10\)`),
			},
		},
	})
}

func TestAccReadinessReview_customCheck(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	check := testAccCheckConfig("dr-region", "low", drRule)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				// Weights with the operate priority at 100: operate checks count double; the one
				// low prepare check that fails weighs 1 of 55, so the score is 98 and it passes.
				Config: check + testAccReview("{}", reviewReady, "checks = [opex_readiness_check.c]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("score"), knownvalue.Int64Exact(98)),
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("passed"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"), knownvalue.ListPartial(map[int]knownvalue.Check{
						len(mustBuiltIns(t)): knownvalue.ObjectExact(map[string]knownvalue.Check{
							"check": knownvalue.StringExact("dr-region"), "title": knownvalue.StringExact("DR region declared"),
							"status": knownvalue.StringExact("fail"), "severity": knownvalue.StringExact("low"),
							"focus_area": knownvalue.StringExact("prepare"), "message": knownvalue.StringExact("workload has no dr_region tag"),
						}),
					})),
				},
			},
			{
				Config: check + testAccReview(`{ dr_region = "eu-central-1" }`, reviewReady, "checks = [opex_readiness_check.c]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("score"), knownvalue.Int64Exact(100)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("results"), resultOf("dr-region", "pass", nil)),
				},
			},
			{
				// Waivers must name a check that exists.
				Config: check + testAccReview("{}", reviewReady, "checks = [opex_readiness_check.c]",
					`waiver {
    check  = "dr-regoin"
    reason = "typo"
    until  = "2026-07-01"
  }`),
				ExpectError: regexp.MustCompile(`(?s)waiver\[0\]\.check "dr-regoin" names no check`),
			},
		},
	})
}

// TestAccReadinessReview_unknownFacts: a fact known only after apply leaves the results unknown
// at plan time and does not fail the plan, even with enforce; apply then decides.
func TestAccReadinessReview_unknownFacts(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				// Unknown at plan, failing at apply: the gate decides at apply and fails it.
				Config: `resource "terraform_data" "release" { input = "v2" }` + "\n" +
					testAccReview("{}", strings.Replace(reviewNoRunbookNoEscalation, `"redeploy the previous release"`, `"redeploy ${terraform_data.release.output}"`, 1), "enforce = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("opex_readiness_review.x", tfjsonpath.New("passed")),
				}},
				ExpectError: regexp.MustCompile(`(?s)Readiness review failed.*runbook-coverage \(critical\)`),
			},
			{
				Config: `resource "terraform_data" "release" { input = "v3" }` + "\n" +
					testAccReview("{}", strings.Replace(reviewReady, `"redeploy the previous release"`, `"redeploy ${terraform_data.release.output}"`, 1), "enforce = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("opex_readiness_review.x", tfjsonpath.New("score")),
					plancheck.ExpectUnknownValue("opex_readiness_review.x", tfjsonpath.New("passed")),
					plancheck.ExpectUnknownValue("opex_readiness_review.x", tfjsonpath.New("results")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("score"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue("opex_readiness_review.x", tfjsonpath.New("passed"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccReadinessReview_invalid(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config:      testAccReview("{}", reviewReady, "min_score = 101"),
				ExpectError: regexp.MustCompile(`(?s)min_score.*between 0 and 100`),
			},
			{
				Config:      testAccReview("{}", strings.Replace(reviewReady, "2026-04-01", "2026-02-30", 1)),
				ExpectError: regexp.MustCompile(`(?s)last_gameday.*YYYY-MM-DD`),
			},
			{
				Config:      testAccReview("{}", reviewReady, `checks = ["dr-region"]`),
				ExpectError: regexp.MustCompile(`checks\[0\] must be an opex_readiness_check`),
			},
			{
				Config:      testAccReview("{}", strings.Replace(reviewReady, "[opex_runbook.r]", "opex_runbook.r", 1)),
				ExpectError: regexp.MustCompile(`runbooks must be a list of resources`),
			},
		},
	})
}

func mustBuiltIns(t *testing.T) []readiness.Check {
	t.Helper()
	c, err := readiness.BuiltIns()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTfToGoPlaceholdersAndUnknowns(t *testing.T) {
	obj := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id": tftypes.String, "workload_id": tftypes.String, "name": tftypes.String,
		"weight": tftypes.Number, "ratio": tftypes.Number, "ok": tftypes.Bool,
		"steps": tftypes.List{ElementType: tftypes.String},
	}}
	v := tftypes.NewValue(obj, map[string]tftypes.Value{
		"id":          tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"workload_id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"name":        tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"weight":      tftypes.NewValue(tftypes.Number, big.NewFloat(80)),
		"ratio":       tftypes.NewValue(tftypes.Number, big.NewFloat(0.5)),
		"ok":          tftypes.NewValue(tftypes.Bool, nil),
		"steps":       tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "drain")}),
	})
	got, unknown, err := tfToGo(v)
	if err != nil {
		t.Fatal(err)
	}
	m := got.(map[string]any)
	if m["id"] != unknownPlaceholder || m["workload_id"] != unknownPlaceholder {
		t.Errorf("unknown ids must become the placeholder: %v", m)
	}
	if m["weight"] != int64(80) || m["ratio"] != 0.5 || m["ok"] != nil || m["steps"].([]any)[0] != "drain" {
		t.Errorf("converted values: %#v", m)
	}
	if len(unknown.paths) != 1 || unknown.paths[0] != "name" || !unknown.any("name") || unknown.any("id") {
		t.Errorf("unknown paths = %v, want [name]", unknown.paths)
	}
}

func TestBuildLensRejectsTooManyChoices(t *testing.T) {
	cat, err := policies.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	var checks []readiness.Check
	for i := 0; i < lensMaxChoices; i++ {
		checks = append(checks, readiness.Check{ID: fmt.Sprintf("c-%d", i), Title: "t", FocusArea: "evolve", Severity: "low"})
	}
	if _, err := buildLens("n", "d", cat, checks); err == nil || !strings.Contains(err.Error(), "at most 15 choices") {
		t.Errorf("error = %v", err)
	}
	lens, err := buildLens("n", "d", cat, checks[:2])
	if err != nil {
		t.Fatal(err)
	}
	q := lens.Pillars[0].Questions[0]
	// Only low checks: medium risk needs any of them, no risk needs both.
	if q.ID != "evolve_readiness" || q.RiskRules[0].Condition != "c_0 && c_1" || q.RiskRules[1].Condition != "c_0 || c_1" {
		t.Errorf("question = %+v", q)
	}
}
