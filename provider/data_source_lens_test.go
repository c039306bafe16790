package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/opexhq/terraform-provider-opex/provider/readiness"
)

func TestAccLensDataSource(t *testing.T) {
	builtIns, err := readiness.BuiltIns()
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(newTestClock(time.Now())),
		Steps: []resource.TestStep{
			{
				Config: `data "opex_lens" "l" {}`,
				Check:  checkLens("data.opex_lens.l", "opex operational readiness", builtIns, nil),
			},
			{
				Config: testAccCheckConfig("dr-region", "low", drRule) + `
data "opex_lens" "l" {
  name   = "Payments readiness"
  checks = [opex_readiness_check.c]
}
`,
				Check: checkLens("data.opex_lens.l", "Payments readiness", builtIns, []string{"dr_region"}),
			},
		},
	})
}

// checkLens parses the lens JSON and checks its shape: one pillar, one question per focus area
// with checks, one choice per check plus "none of these", and complete risk rules.
func checkLens(name, lensName string, builtIns []readiness.Check, custom []string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s not in state", name)
		}
		var lens lensDoc
		if err := json.Unmarshal([]byte(rs.Primary.Attributes["json"]), &lens); err != nil {
			return fmt.Errorf("lens JSON does not parse: %w", err)
		}
		if lens.SchemaVersion != "2021-11-01" || lens.Name != lensName || lens.Description == "" {
			return fmt.Errorf("lens header: %q %q %q", lens.SchemaVersion, lens.Name, lens.Description)
		}
		if len(lens.Pillars) != 1 || lens.Pillars[0].ID != "operationalExcellence" {
			return fmt.Errorf("want the single pillar operationalExcellence, got %+v", lens.Pillars)
		}
		choices := map[string]bool{}
		idPattern := regexp.MustCompile(`^[A-Za-z0-9_]{1,100}$`)
		for _, q := range lens.Pillars[0].Questions {
			n := len(q.Choices)
			if n < 2 || q.Choices[n-1].Title != "None of these" {
				return fmt.Errorf("question %s: last choice must be \"None of these\"", q.ID)
			}
			for _, c := range q.Choices[:n-1] {
				if !idPattern.MatchString(c.ID) || c.ImprovementPlan == nil || c.ImprovementPlan.DisplayText == "" {
					return fmt.Errorf("question %s: choice %+v lacks a valid id or improvement plan", q.ID, c)
				}
				if choices[c.ID] {
					return fmt.Errorf("choice %s appears twice", c.ID)
				}
				choices[c.ID] = true
			}
			risks := map[string]string{}
			for _, r := range q.RiskRules {
				risks[r.Risk] = r.Condition
			}
			if risks["HIGH_RISK"] != "default" || risks["NO_RISK"] == "" || risks["MEDIUM_RISK"] == "" {
				return fmt.Errorf("question %s: incomplete risk rules %+v", q.ID, q.RiskRules)
			}
			if strings.Count(risks["NO_RISK"], "&&") != n-2 {
				return fmt.Errorf("question %s: NO_RISK must require every check: %q", q.ID, risks["NO_RISK"])
			}
		}
		want := len(builtIns) + len(custom)
		if len(choices) != want {
			return fmt.Errorf("lens has %d check choices, want %d (one per check)", len(choices), want)
		}
		for _, c := range builtIns {
			if !choices[strings.ReplaceAll(c.ID, "-", "_")] {
				return fmt.Errorf("built-in check %s has no choice", c.ID)
			}
		}
		for _, id := range custom {
			if !choices[id] {
				return fmt.Errorf("custom check %s has no choice", id)
			}
		}
		return nil
	}
}
