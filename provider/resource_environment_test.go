package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const testAccSchedule = `schedule {
    days     = ["mon", "tue", "wed", "thu", "fri"]
    hours    = "07:00-20:00"
    timezone = "Europe/Paris"
  }`

func testAccEnvironmentConfig(workloadID, stage, extra string) string {
	return fmt.Sprintf(`
resource "opex_environment" "e" {
  workload_id = %q
  name        = "checkout-%s"
  stage       = %q
  %s
}
`, workloadID, stage, stage, extra)
}

func TestAccEnvironment_lifecycle(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-01"))
	e := "opex_environment.e"
	controls := `controls {
    required_approvals = 1
    max_batch_size     = 20
  }`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccEnvironmentConfig("w-1", "staging", testAccSchedule+"\n"+controls),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(e, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(e, tfjsonpath.New("is_production"), knownvalue.Bool(false)),
					plancheck.ExpectKnownValue(e, tfjsonpath.New("managed_by_code"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(e, tfjsonpath.New("controls").AtMapKey("require_rollback_plan"),
						knownvalue.Bool(false)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(e, tfjsonpath.New("controls").AtMapKey("required_approvals"),
						knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(e, tfjsonpath.New("schedule").AtMapKey("days"), knownvalue.ListSizeExact(5)),
				},
			},
			{
				Config: testAccEnvironmentConfig("w-1", "staging", testAccSchedule+"\n"+
					strings.Replace(controls, "= 1", "= 2", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(e, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(e, tfjsonpath.New("controls").AtMapKey("required_approvals"),
						knownvalue.Int64Exact(2)),
				},
			},
			{
				// A stage change replaces the environment; production drops the schedule.
				Config: testAccEnvironmentConfig("w-1", "production", controls),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(e, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(e, tfjsonpath.New("is_production"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(e, tfjsonpath.New("is_production"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(e, tfjsonpath.New("schedule"), knownvalue.Null()),
				},
			},
			{
				Config: testAccEnvironmentConfig("w-2", "production", controls),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(e, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

func TestAccEnvironment_scheduleRules(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				// Production turned off at night would be an outage: an error.
				Config:      testAccEnvironmentConfig("w-1", "production", testAccSchedule),
				ExpectError: regexp.MustCompile(`(?s)Schedule on a production environment`),
			},
			{
				// No schedule outside production is only a warning: the plan succeeds
				// (TestEnvironmentValidateConfig checks the warning itself).
				Config:             testAccEnvironmentConfig("w-1", "test", ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:      testAccEnvironmentConfig("w-1", "sandbox", testAccSchedule),
				ExpectError: regexp.MustCompile(`(?s)Missing sandbox owner.*owner is required`),
			},
			{
				Config:      testAccEnvironmentConfig("w-1", "qa", ""),
				ExpectError: regexp.MustCompile(`Attribute stage value must be one of`),
			},
			{
				Config: testAccEnvironmentConfig("w-1", "test",
					strings.NewReplacer(`"fri"`, `"fri", "mon"`, "Europe/Paris", "Mars/Olympus").Replace(testAccSchedule)),
				ExpectError: regexp.MustCompile(`(?s)Duplicate List Value.*days.*"mon".*schedule\.timezone must be an IANA`),
			},
			{
				Config:      testAccEnvironmentConfig("w-1", "test", strings.Replace(testAccSchedule, "07:00-20:00", "7-20", 1)),
				ExpectError: regexp.MustCompile(`(?s)Attribute schedule\.hours must be a daily window`),
			},
			{
				Config:      testAccEnvironmentConfig("w-1", "test", `schedule { days = ["mon"] }`),
				ExpectError: regexp.MustCompile(`(?s)schedule\.hours.*must be specified`),
			},
		},
	})
}

// TestEnvironmentValidateConfig checks the diagnostics that acceptance tests cannot observe:
// terraform-plugin-testing reports errors but not warnings.
func TestEnvironmentValidateConfig(t *testing.T) {
	r := NewEnvironmentResource().(fwresource.ResourceWithValidateConfig)
	for _, tc := range []struct {
		name, stage string
		owner       bool
		schedule    bool
		want        string // "" for no diagnostic; else severity and summary
	}{
		{"test without schedule warns", "test", false, false, "Warning: Non-production environment without schedule"},
		{"staging with schedule passes", "staging", false, true, ""},
		{"production without schedule passes", "production", false, false, ""},
		{"production with schedule fails", "production", false, true, "Error: Schedule on a production environment"},
		{"sandbox without owner fails", "sandbox", false, true, "Error: Missing sandbox owner"},
		{"sandbox with owner passes", "sandbox", true, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals := map[string]tftypes.Value{"stage": tftypes.NewValue(tftypes.String, tc.stage)}
			if tc.owner {
				vals["owner"] = tftypes.NewValue(tftypes.String, "ana")
			}
			if tc.schedule {
				vals["schedule"] = testObject(t, NewEnvironmentResource(), "schedule", map[string]tftypes.Value{
					"days":     tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "mon")}),
					"hours":    tftypes.NewValue(tftypes.String, "08:00-18:00"),
					"timezone": tftypes.NewValue(tftypes.String, "UTC"),
				})
			}
			config := testConfig(t, NewEnvironmentResource(), vals)
			resp := &fwresource.ValidateConfigResponse{}
			r.ValidateConfig(context.Background(), fwresource.ValidateConfigRequest{Config: config}, resp)
			if got := diagSummary(resp.Diagnostics); got != tc.want {
				t.Errorf("diagnostics = %q, want %q", got, tc.want)
			}
		})
	}
}

// testConfig builds a configuration for r from the given top-level values; the rest are null.
func testConfig(t *testing.T, r fwresource.Resource, vals map[string]tftypes.Value) tfsdk.Config {
	t.Helper()
	s := testSchema(t, r)
	typ := s.Type().TerraformType(context.Background()).(tftypes.Object)
	return tfsdk.Config{Schema: s, Raw: nullFilled(t, typ, vals)}
}

// testObject builds the value of the object attribute or block name of r.
func testObject(t *testing.T, r fwresource.Resource, name string, vals map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	typ := testSchema(t, r).Type().TerraformType(context.Background()).(tftypes.Object)
	return nullFilled(t, typ.AttributeTypes[name].(tftypes.Object), vals)
}

func testSchema(t *testing.T, r fwresource.Resource) schema.Schema {
	t.Helper()
	resp := &fwresource.SchemaResponse{}
	r.Schema(context.Background(), fwresource.SchemaRequest{}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	return resp.Schema
}

func nullFilled(t *testing.T, typ tftypes.Object, vals map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := vals[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	for name := range vals {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %q in the schema", name)
		}
	}
	return tftypes.NewValue(typ, all)
}

// diagSummary renders diagnostics as "Severity: summary" lines for comparison.
func diagSummary(diags diag.Diagnostics) string {
	var lines []string
	for _, d := range diags {
		lines = append(lines, d.Severity().String()+": "+d.Summary())
	}
	return strings.Join(lines, "\n")
}
