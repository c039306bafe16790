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

// testAccCheckConfig declares a custom check; rego is the module body after its package line.
func testAccCheckConfig(key, severity, rego string) string {
	return fmt.Sprintf(`
resource "opex_readiness_check" "c" {
  key         = %q
  title       = "DR region declared"
  focus_area  = "prepare"
  principle   = "anticipate-failure"
  severity    = %q
  description = "The workload names its disaster-recovery region."
  remediation = "Tag the workload with dr_region."
  rego        = <<-EOT
    package opex.readiness.custom.dr_region

    %s
  EOT
}
`, key, severity, rego)
}

const drRule = `deny contains "workload has no dr_region tag" if not input.workload.tags.dr_region`

func TestAccReadinessCheck_lifecycle(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(newTestClock(time.Now())),
		Steps: []resource.TestStep{
			{
				Config: testAccCheckConfig("dr-region", "low", drRule),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("opex_readiness_check.c", plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue("opex_readiness_check.c", tfjsonpath.New("id"), knownvalue.StringExact("dr-region")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_check.c", tfjsonpath.New("id"), knownvalue.StringExact("dr-region")),
					statecheck.ExpectKnownValue("opex_readiness_check.c", tfjsonpath.New("rego"),
						knownvalue.StringRegexp(regexp.MustCompile(`package opex\.readiness\.custom\.dr_region`))),
				},
			},
			{
				// Severity and module change in place.
				Config: testAccCheckConfig("dr-region", "high", drRule+"\n\n    deny contains \"no tier\" if not input.workload.tier"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("opex_readiness_check.c", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_readiness_check.c", tfjsonpath.New("severity"), knownvalue.StringExact("high")),
				},
			},
			{
				// A new key is a new check.
				Config: testAccCheckConfig("dr-region-declared", "high", drRule),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("opex_readiness_check.c", plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue("opex_readiness_check.c", tfjsonpath.New("id"), knownvalue.StringExact("dr-region-declared")),
				}},
			},
			{
				ResourceName:  "opex_readiness_check.c",
				ImportState:   true,
				ImportStateId: "dr-region-declared",
				ExpectError:   regexp.MustCompile(`Import not supported`),
			},
		},
	})
}

func TestAccReadinessCheck_invalid(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(newTestClock(time.Now())),
		Steps: []resource.TestStep{
			{
				// Line 3 of the module: the heredoc's package line is line 1.
				Config:      testAccCheckConfig("dr-region", "low", `deny contains msg if { msg := }`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Rego.*rego:3: rego_parse_error`),
			},
			{
				Config:      testAccCheckConfig("dr-region", "low", `deny contains "down" if http.send({"method": "get", "url": "https://example.com"}).status_code != 200`),
				ExpectError: regexp.MustCompile(`(?s)rego:3: rego_type_error: undefined function http.send`),
			},
			{
				Config:      testAccCheckConfig("dr-region", "low", `allow := true`),
				ExpectError: regexp.MustCompile(`defines no .deny contains msg`),
			},
			{
				Config:      testAccCheckConfig("DR_Region", "low", drRule),
				ExpectError: regexp.MustCompile(`(?s)key.*kebab-case`),
			},
			{
				Config:      testAccCheckConfig("dr-region", "blocker", drRule),
				ExpectError: regexp.MustCompile(`(?s)severity.*value must be one of`),
			},
			{
				Config:      `resource "opex_readiness_check" "c" {` + "\n" + `key = "x"` + "\n" + `title = "x"` + "\n" + `focus_area = "prepare"` + "\n" + `principle = "be-careful"` + "\n" + `severity = "low"` + "\n" + `rego = "package x\ndeny contains 1 if false"` + "\n}",
				ExpectError: regexp.MustCompile(`(?s)principle.*value must be one of`),
			},
			{
				Config:      `resource "opex_readiness_check" "c" {` + "\n" + `key = "x"` + "\n" + `title = "x"` + "\n" + `focus_area = "prepare"` + "\n" + `principle = "anticipate-failure"` + "\n" + `severity = "low"` + "\n" + `rego = "package opex.readiness.telemetry_present\ndeny contains 1 if false"` + "\n}",
				ExpectError: regexp.MustCompile(`Reserved package`),
			},
		},
	})
}
