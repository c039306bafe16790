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

// testAccEscalationConfig renders a two-level policy; the second level starts after second minutes.
func testAccEscalationConfig(workloadID, threshold string, second int, notify string) string {
	return fmt.Sprintf(`
resource "opex_escalation_policy" "x" {
  workload_id        = %q
  name               = "checkout on-call"
  incident_threshold = %q
  level {
    after_minutes = 0
    targets       = ["payments-primary"]
    owner         = "team-payments"
  }
  level {
    after_minutes = %d
    targets       = ["payments-secondary", "eng-manager"]
    owner         = "eng-manager"
  }
  %s
}
`, workloadID, threshold, second, notify)
}

func TestAccEscalationPolicy_lifecycle(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-01"))
	x := "opex_escalation_policy.x"
	notify := `notify_users {
    channel     = "https://status.example.com"
    on_recovery = false
  }`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccEscalationConfig("w-1", "high", 15, notify),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(x, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(x, tfjsonpath.New("problem_after_recurrences"), knownvalue.Int64Exact(3)),
					plancheck.ExpectKnownValue(x, tfjsonpath.New("notify_users").AtMapKey("on_impact"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(x, tfjsonpath.New("notify_users").AtMapKey("on_recovery"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(x, tfjsonpath.New("level").AtSliceIndex(1).AtMapKey("targets"),
						knownvalue.ListSizeExact(2)),
				},
			},
			{
				Config: testAccEscalationConfig("w-1", "medium", 30, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(x, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(x, tfjsonpath.New("level").AtSliceIndex(1).AtMapKey("after_minutes"),
						knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(x, tfjsonpath.New("notify_users"), knownvalue.Null()),
				},
			},
			{
				Config: testAccEscalationConfig("w-2", "medium", 30, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(x, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

func TestAccEscalationPolicy_invalid(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config:      testAccEscalationConfig("w-1", "high", 0, ""),
				ExpectError: regexp.MustCompile(`(?s)level\[1\]\.after_minutes is 0 but must be greater than`),
			},
			{
				Config:      testAccEscalationConfig("w-1", "sev1", 15, ""),
				ExpectError: regexp.MustCompile(`Attribute incident_threshold value must be one of`),
			},
			{
				Config:      testAccEscalationConfig("w-1", "high", 15, `notify_users { on_impact = true }`),
				ExpectError: regexp.MustCompile(`(?s)notify_users\.channel.*must be specified`),
			},
			{
				Config: `
resource "opex_escalation_policy" "x" {
  workload_id        = "w-1"
  name               = "nobody"
  incident_threshold = "high"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Block level must have a configuration value`),
			},
		},
	})
}
