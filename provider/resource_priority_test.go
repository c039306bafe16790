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

// testAccPriorityConfig renders an opex_priority; extra is inserted verbatim into the body.
func testAccPriorityConfig(workloadID string, rank int, extra string) string {
	return fmt.Sprintf(`
resource "opex_priority" "p" {
  name        = "fast recovery"
  workload_id = %q
  focus_area  = "operate"
  rank        = %d
  source      = "business"
  review_by   = "2026-06-30"
  %s
  tradeoff {
    favor  = "recovery time"
    over   = "feature velocity"
    reason = "checkout outages cost revenue"
  }
  stakeholders {
    business    = ["sales"]
    development = ["team-payments"]
  }
}
`, workloadID, rank, extra)
}

func TestAccPriority_lifecycle(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	p := "opex_priority.p"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccPriorityConfig("w-1", 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(p, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(p, tfjsonpath.New("review_overdue"), knownvalue.Bool(false)),
					plancheck.ExpectKnownValue(p, tfjsonpath.New("weight"), knownvalue.Int64Exact(50)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(p, tfjsonpath.New("review_overdue"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(p, tfjsonpath.New("tradeoff").AtSliceIndex(0).AtMapKey("over"),
						knownvalue.StringExact("feature velocity")),
				},
			},
			{
				Config: testAccPriorityConfig("w-1", 2, "weight = 80"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(p, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(p, tfjsonpath.New("rank"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(p, tfjsonpath.New("weight"), knownvalue.Int64Exact(80)),
				},
			},
			{
				Config: testAccPriorityConfig("w-2", 2, "weight = 80"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(p, plancheck.ResourceActionReplace),
				}},
			},
			{
				// The review date passes: the refresh before the plan records the priority as overdue.
				PreConfig: func() { clock.Set(testDate(t, "2026-07-01")) },
				Config:    testAccPriorityConfig("w-2", 2, "weight = 80"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(p, tfjsonpath.New("review_overdue"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccPriority_compliance(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	compliance := `compliance {
    framework   = "PCI DSS 4.0"
    requirement = "10.2.1"
  }`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config:      testAccPriorityConfig("w-1", 1, compliance),
				ExpectError: regexp.MustCompile(`(?s)Unexpected compliance block.*compliance is only allowed`),
			},
			{
				Config: regexp.MustCompile(`"business"`).ReplaceAllString(testAccPriorityConfig("w-1", 1, ""),
					`"external_compliance"`),
				ExpectError: regexp.MustCompile(`(?s)Missing compliance block.*external_compliance`),
			},
			{
				Config: regexp.MustCompile(`source      = "business"`).ReplaceAllString(
					testAccPriorityConfig("w-1", 1, `compliance { framework = "SOC 2" }`), `source = "internal_compliance"`),
				ExpectError: regexp.MustCompile(`(?s)compliance\.requirement.*must be specified`),
			},
			{
				Config: regexp.MustCompile(`source      = "business"`).ReplaceAllString(
					testAccPriorityConfig("w-1", 1, compliance), `source = "internal_compliance"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_priority.p", tfjsonpath.New("compliance").AtMapKey("framework"),
						knownvalue.StringExact("PCI DSS 4.0")),
				},
			},
		},
	})
}

func TestAccPriority_invalid(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: regexp.MustCompile(`2026-06-30`).ReplaceAllString(testAccPriorityConfig("w-1", 1, ""),
					"2026-02-30"),
				ExpectError: regexp.MustCompile(`(?s)Invalid date.*review_by must be a calendar date`),
			},
			{
				Config:      testAccPriorityConfig("w-1", 0, ""),
				ExpectError: regexp.MustCompile(`(?s)Attribute rank value must be at least 1`),
			},
			{
				Config:      testAccPriorityConfig("w-1", 1, "weight = 101"),
				ExpectError: regexp.MustCompile(`(?s)Attribute weight value must be between 1 and 100`),
			},
			{
				Config: regexp.MustCompile(`"operate"`).ReplaceAllString(testAccPriorityConfig("w-1", 1, ""),
					`"ops"`),
				ExpectError: regexp.MustCompile(`(?s)Attribute focus_area value must be one of`),
			},
			{
				Config: regexp.MustCompile(`"feature velocity"`).ReplaceAllString(
					testAccPriorityConfig("w-1", 1, ""), `"recovery time"`),
				ExpectError: regexp.MustCompile(`(?s)tradeoff\[0\]\.over must differ from favor`),
			},
		},
	})
}
