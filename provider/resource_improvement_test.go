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

func testAccImprovementConfig(workloadID, extra string) string {
	return fmt.Sprintf(`
resource "opex_improvement" "i" {
  workload_id = %q
  title       = "alarm on replica lag"
  source      = "incident"
  priority    = "p2"
  due         = "2026-04-30"
  %s
}
`, workloadID, extra)
}

func TestAccImprovement_lifecycle(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-04-01"))
	i := "opex_improvement.i"
	inProgress := `status = "in_progress"
  owner  = "ana"`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccImprovementConfig("w-1", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(i, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(i, tfjsonpath.New("status"), knownvalue.StringExact("identified")),
					plancheck.ExpectKnownValue(i, tfjsonpath.New("overdue"), knownvalue.Bool(false)),
				}},
			},
			{
				Config: testAccImprovementConfig("w-1", inProgress),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(i, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(i, tfjsonpath.New("owner"), knownvalue.StringExact("ana")),
					statecheck.ExpectKnownValue(i, tfjsonpath.New("overdue"), knownvalue.Bool(false)),
				},
			},
			{
				// The due date passes while the work is in progress.
				PreConfig: func() { clock.Set(testDate(t, "2026-05-01")) },
				Config:    testAccImprovementConfig("w-1", inProgress),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(i, tfjsonpath.New("overdue"), knownvalue.Bool(true)),
				},
			},
			{
				// Done, learning recorded and shared: no longer overdue.
				Config: testAccImprovementConfig("w-1", `status      = "done"
  owner       = "ana"
  learning    = "replication stalls under vacuum; alarm at 30s lag"
  shared_with = ["team-search", "sre-guild"]
  recognized  = ["ana"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(i, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(i, tfjsonpath.New("overdue"), knownvalue.Bool(false)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(i, tfjsonpath.New("shared_with"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				Config: testAccImprovementConfig("w-2", inProgress),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(i, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(i, tfjsonpath.New("overdue"), knownvalue.Bool(true)),
				}},
			},
		},
	})
}

func TestAccImprovement_invalid(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-04-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config:      testAccImprovementConfig("w-1", `status = "prioritized"`),
				ExpectError: regexp.MustCompile(`(?s)Missing improvement owner.*"prioritized"`),
			},
			{
				Config: testAccImprovementConfig("w-1", `status = "done"
  owner  = "ana"`),
				ExpectError: regexp.MustCompile(`(?s)Missing learning.*learning is required`),
			},
			{
				Config:      testAccImprovementConfig("w-1", `status = "blocked"`),
				ExpectError: regexp.MustCompile(`Attribute status value must be one of`),
			},
			{
				Config:      regexp.MustCompile(`"p2"`).ReplaceAllString(testAccImprovementConfig("w-1", ""), `"p5"`),
				ExpectError: regexp.MustCompile(`Attribute priority value must be one of`),
			},
			{
				Config:      regexp.MustCompile(`2026-04-30`).ReplaceAllString(testAccImprovementConfig("w-1", ""), "30/04/2026"),
				ExpectError: regexp.MustCompile(`(?s)Attribute due must be a calendar date`),
			},
		},
	})
}
