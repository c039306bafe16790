package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func testAccWorkloadConfig(tier, business string) string {
	return fmt.Sprintf(`
resource "opex_workload" "w" {
  name  = "checkout"
  owner = "team-payments"
  tier  = %q
  tags  = { cost_center = "cc-42" }
  stakeholders {
    business    = [%s]
    development = ["team-payments"]
  }
}
`, tier, business)
}

func TestAccWorkload_basic(t *testing.T) {
	clock := newTestClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccWorkloadConfig("critical", `"sales"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("opex_workload.w", plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue("opex_workload.w", tfjsonpath.New("id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_workload.w", tfjsonpath.New("id"),
						knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`))),
					statecheck.ExpectKnownValue("opex_workload.w", tfjsonpath.New("stakeholders").AtMapKey("business"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("sales")})),
					statecheck.ExpectKnownValue("opex_workload.w", tfjsonpath.New("description"), knownvalue.Null()),
				},
			},
			{
				// Changing tier and stakeholders updates in place and keeps the id.
				Config: testAccWorkloadConfig("high", `"sales", "support"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("opex_workload.w", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("opex_workload.w", tfjsonpath.New("tier"), knownvalue.StringExact("high")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_workload.w", tfjsonpath.New("stakeholders").AtMapKey("business"),
						knownvalue.ListSizeExact(2)),
				},
			},
			{
				ResourceName:  "opex_workload.w",
				ImportState:   true,
				ImportStateId: "any",
				ExpectError:   regexp.MustCompile(`Import not supported`),
			},
		},
	})
}

func TestAccWorkload_invalid(t *testing.T) {
	clock := newTestClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config:      testAccWorkloadConfig("urgent", `"sales"`),
				ExpectError: regexp.MustCompile(`(?s)Attribute tier value must be one of`),
			},
			{
				// The pillar needs business stakeholders as well as development ones.
				Config:      testAccWorkloadConfig("low", ``),
				ExpectError: regexp.MustCompile(`(?s)stakeholders\.business list must contain at least 1`),
			},
			{
				Config: `
resource "opex_workload" "w" {
  name  = "checkout"
  owner = "team-payments"
  tier  = "low"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Block.*stakeholders must have a configuration value`),
			},
		},
	})
}
