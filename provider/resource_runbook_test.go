package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testAccRunbookConfig renders a runbook reviewed on lastReviewed (an HCL expression) every 30
// days, and a terraform_data that consumes review_overdue the way a readiness review does.
func testAccRunbookConfig(workloadID, lastReviewed, extra string) string {
	return fmt.Sprintf(`
resource "opex_runbook" "r" {
  workload_id          = %q
  name                 = "fail over the database"
  owner                = "team-payments"
  url                  = "https://wiki.example.com/runbooks/db-failover"
  last_reviewed        = %s
  review_interval_days = 30
  %s
  step {
    name  = "promote the replica"
    owner = "dba-on-call"
  }
  step {
    name      = "verify checkout"
    automated = true
  }
}

resource "terraform_data" "watch" {
  input = opex_runbook.r.review_overdue
}
`, workloadID, lastReviewed, extra)
}

func TestAccRunbook_reviewFallsDue(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-01"))
	r := "opex_runbook.r"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccRunbookConfig("w-1", `"2026-02-01"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(r, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(r, tfjsonpath.New("next_review"), knownvalue.StringExact("2026-03-03")),
					plancheck.ExpectKnownValue(r, tfjsonpath.New("review_overdue"), knownvalue.Bool(false)),
					plancheck.ExpectKnownValue(r, tfjsonpath.New("kind"), knownvalue.StringExact("runbook")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(r, tfjsonpath.New("review_overdue"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(r, tfjsonpath.New("step").AtSliceIndex(0).AtMapKey("automated"),
						knownvalue.Bool(false)),
				},
			},
			{
				// The clock passes next_review: the refresh re-evaluates the runbook, and the plan
				// changes what depends on it.
				PreConfig: func() { clock.Set(testDate(t, "2026-03-04")) },
				Config:    testAccRunbookConfig("w-1", `"2026-02-01"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(r, tfjsonpath.New("review_overdue"), knownvalue.Bool(true)),
					plancheck.ExpectResourceAction("terraform_data.watch", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(r, tfjsonpath.New("review_overdue"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("terraform_data.watch", tfjsonpath.New("output"), knownvalue.Bool(true)),
				},
			},
			{
				// A new review updates the runbook in place.
				Config: testAccRunbookConfig("w-1", `"2026-03-04"`, `kind = "playbook"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(r, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(r, tfjsonpath.New("next_review"), knownvalue.StringExact("2026-04-03")),
					plancheck.ExpectKnownValue(r, tfjsonpath.New("review_overdue"), knownvalue.Bool(false)),
				}},
			},
			{
				Config: testAccRunbookConfig("w-2", `"2026-03-04"`, `kind = "playbook"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(r, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

func TestAccRunbook_unknownAndNeverReviewed(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-01"))
	r := "opex_runbook.r"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				// last_reviewed comes from another resource: unknown at plan time, computed on apply.
				Config: `
resource "terraform_data" "reviewed" {
  input = "2026-02-20"
}
` + testAccRunbookConfig("w-1", "terraform_data.reviewed.output", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(r, tfjsonpath.New("next_review")),
					plancheck.ExpectUnknownValue(r, tfjsonpath.New("review_overdue")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(r, tfjsonpath.New("next_review"), knownvalue.StringExact("2026-03-22")),
					statecheck.ExpectKnownValue(r, tfjsonpath.New("review_overdue"), knownvalue.Bool(false)),
				},
			},
			{
				Config: testAccRunbookConfig("w-1", "null", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(r, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(r, tfjsonpath.New("next_review"), knownvalue.Null()),
					plancheck.ExpectKnownValue(r, tfjsonpath.New("review_overdue"), knownvalue.Bool(true)),
				}},
			},
		},
	})
}

func TestAccRunbook_invalid(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config:      testAccRunbookConfig("w-1", `"2026-13-01"`, ""),
				ExpectError: regexp.MustCompile(`(?s)Attribute last_reviewed must be a calendar date`),
			},
			{
				Config:      testAccRunbookConfig("w-1", `"2026-02-01"`, `kind = "wiki"`),
				ExpectError: regexp.MustCompile(`Attribute kind value must be one of`),
			},
			{
				Config: regexp.MustCompile(`https://wiki`).ReplaceAllString(
					testAccRunbookConfig("w-1", `"2026-02-01"`, ""), "ftp://wiki"),
				ExpectError: regexp.MustCompile(`(?s)Attribute url must be an absolute http or https URL`),
			},
			{
				Config: regexp.MustCompile(`= 30`).ReplaceAllString(
					testAccRunbookConfig("w-1", `"2026-02-01"`, ""), "= 0"),
				ExpectError: regexp.MustCompile(`Attribute review_interval_days value must be at least 1`),
			},
		},
	})
}
