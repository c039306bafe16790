package provider

import (
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/opexhq/terraform-provider-opex/provider/readiness"
)

func TestAccReadinessChecksDataSource(t *testing.T) {
	builtIns, err := readiness.BuiltIns()
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(newTestClock(time.Now())),
		Steps: []resource.TestStep{
			// The failing step comes first: the post-test destroy runs on the last config.
			{
				Config:      `data "opex_readiness_checks" "bad" { focus_area = "deploy" }`,
				ExpectError: regexp.MustCompile(`(?s)focus_area.*value must be one of`),
			},
			{
				Config: `data "opex_readiness_checks" "all" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.opex_readiness_checks.all", tfjsonpath.New("checks"), knownvalue.ListSizeExact(len(builtIns))),
					statecheck.ExpectKnownValue("data.opex_readiness_checks.all", tfjsonpath.New("checks"), knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":          knownvalue.StringExact("runbook-coverage"),
							"title":       knownvalue.StringExact("Runbooks with owners and escalation"),
							"focus_area":  knownvalue.StringExact("operate"),
							"principle":   knownvalue.StringExact("operations-as-code"),
							"severity":    knownvalue.StringExact("critical"),
							"description": knownvalue.StringRegexp(regexp.MustCompile(`escalation`)),
							"remediation": knownvalue.StringRegexp(regexp.MustCompile(`escalation_policy_id`)),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact("game-day-recent"), "focus_area": knownvalue.StringExact("prepare"),
							"principle": knownvalue.StringExact("anticipate-failure"), "severity": knownvalue.StringExact("medium"),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact("owners-stakeholders"), "focus_area": knownvalue.StringExact("organization"),
						}),
					})),
				},
			},
			{
				Config: `data "opex_readiness_checks" "org" { focus_area = "organization" }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.opex_readiness_checks.org", tfjsonpath.New("id"), knownvalue.StringExact("builtin/organization")),
					statecheck.ExpectKnownValue("data.opex_readiness_checks.org", tfjsonpath.New("checks"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("owners-stakeholders")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("priorities-current")}),
					})),
				},
			},
		},
	})
}
