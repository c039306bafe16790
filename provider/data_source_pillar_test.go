package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccPillarDataSource(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(newTestClock(time.Now())),
		Steps: []resource.TestStep{{
			Config: `data "opex_pillar" "p" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.opex_pillar.p", tfjsonpath.New("name"), knownvalue.StringExact("Operational Excellence")),
				statecheck.ExpectKnownValue("data.opex_pillar.p", tfjsonpath.New("design_principles"), knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue("data.opex_pillar.p", tfjsonpath.New("design_principles").AtSliceIndex(0).AtMapKey("id"),
					knownvalue.StringExact("operations-as-code")),
				statecheck.ExpectKnownValue("data.opex_pillar.p", tfjsonpath.New("focus_areas"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("organization")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("prepare")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("operate")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("evolve")}),
				})),
				statecheck.ExpectKnownValue("data.opex_pillar.p",
					tfjsonpath.New("focus_areas").AtSliceIndex(1).AtMapKey("best_practices").AtSliceIndex(0).AtMapKey("practices").AtSliceIndex(2),
					knownvalue.StringExact("Increase controls as environments approach production")),
				statecheck.ExpectKnownValue("data.opex_pillar.p", tfjsonpath.New("traditional_challenges"), knownvalue.ListSizeExact(4)),
			},
		}},
	})
}
