package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// validationCase is one invalid value for one validated attribute.
type validationCase struct {
	typeName string
	steps    []string // attribute names, "[0]" for the first element of a list
	invalid  tftypes.Value
	diagPath []string // where the error must point (a list element for element validators)
	message  string   // what the error detail says after "Attribute <path> "
}

func (c validationCase) pathString(steps []string) string {
	return strings.ReplaceAll(strings.Join(steps, "."), ".[", "[")
}

// stringRule maps a string validator to an invalid value and the message it must produce. The
// validators are recognised by type or by their description, so a new enum, date or URL
// attribute is covered as soon as it is declared.
func stringRule(ctx context.Context, v validator.String) (string, string, bool) {
	switch v.(type) {
	case dateValidator:
		return "2026-02-30", "must be a calendar date in the form YYYY-MM-DD", true
	case urlValidator:
		return "ftp://example.com/runbook", "must be an absolute http or https URL", true
	case timezoneValidator:
		return "Mars/Olympus_Mons", "must be an IANA time zone name", true
	case hoursValidator:
		return "09:00-24:00", "must be a daily window HH:MM-HH:MM", true
	}
	return describedRule(v.Description(ctx))
}

// describedRule recognises the framework validators by their description.
func describedRule(d string) (string, string, bool) {
	switch {
	case strings.HasPrefix(d, "value must be one of:"):
		return "not-a-valid-value", "value must be one of:", true
	case d == "string length must be at least 1":
		return "", "string length must be at least 1", true
	case strings.HasPrefix(d, "must be kebab-case"):
		return "Not_Kebab", "must be kebab-case", true
	}
	return "", "", false
}

// validationCases walks every resource schema and returns a case for every attribute that has a
// validator stringRule knows, including attributes of nested blocks and list elements.
func validationCases(t *testing.T) []validationCase {
	t.Helper()
	ctx := context.Background()
	var cases []validationCase
	var walk func(typeName string, prefix []string, attrs map[string]schema.Attribute)
	walk = func(typeName string, prefix []string, attrs map[string]schema.Attribute) {
		for name, a := range attrs {
			steps := append(append([]string{}, prefix...), name)
			switch a := a.(type) {
			case schema.StringAttribute:
				for _, v := range a.Validators {
					if bad, msg, ok := stringRule(ctx, v); ok {
						cases = append(cases, validationCase{typeName, steps, tftypes.NewValue(tftypes.String, bad), steps, msg})
					}
				}
			case schema.ListAttribute:
				// Element validators (e.g. ValueStringsAre(OneOf)) report the element's path.
				for _, v := range a.Validators {
					d, isElem := strings.CutPrefix(v.Description(ctx), "element value must satisfy all validations: ")
					if !isElem || strings.Contains(d, " + ") {
						continue
					}
					if bad, msg, ok := describedRule(d); ok {
						list := tftypes.NewValue(tftypes.List{ElementType: tftypes.String},
							[]tftypes.Value{tftypes.NewValue(tftypes.String, bad)})
						cases = append(cases, validationCase{typeName, steps, list, append(steps, "[0]"), msg})
					}
				}
			}
		}
	}
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		meta := &fwresource.MetadataResponse{}
		r.Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "opex"}, meta)
		s := schemaOf(ctx, r)
		walk(meta.TypeName, nil, s.Attributes)
		for name, b := range s.Blocks {
			switch b := b.(type) {
			case schema.SingleNestedBlock:
				walk(meta.TypeName, []string{name}, b.Attributes)
			case schema.ListNestedBlock:
				walk(meta.TypeName, []string{name, "[0]"}, b.NestedObject.Attributes)
			default:
				t.Fatalf("%s.%s: block kind %T not covered by this test", meta.TypeName, name, b)
			}
		}
	}
	sort.Slice(cases, func(i, j int) bool {
		return cases[i].typeName+cases[i].pathString(cases[i].steps) < cases[j].typeName+cases[j].pathString(cases[j].steps)
	})
	return cases
}

// blockSiblings are valid values for the attributes that a block validator (AlsoRequires)
// requires together: the framework validates a block's attributes only once the block itself is
// valid, so the invalid attribute needs valid siblings to be reached.
var blockSiblings = map[string]map[string]tftypes.Value{
	"schedule": {
		"days": tftypes.NewValue(tftypes.List{ElementType: tftypes.String},
			[]tftypes.Value{tftypes.NewValue(tftypes.String, "mon")}),
		"hours":    tftypes.NewValue(tftypes.String, "08:00-18:00"),
		"timezone": tftypes.NewValue(tftypes.String, "UTC"),
	},
	"compliance": {
		"framework":   tftypes.NewValue(tftypes.String, "PCI DSS 4.0"),
		"requirement": tftypes.NewValue(tftypes.String, "10.2.1"),
	},
	"notify_users": {"channel": tftypes.NewValue(tftypes.String, "https://status.example.com")},
}

// configWith is a configuration of type typ with every attribute null except the one at steps
// (and the valid siblings that block needs).
func configWith(typ tftypes.Type, steps []string, leaf tftypes.Value) tftypes.Value {
	return configAt(typ, nil, steps, leaf)
}

func configAt(typ tftypes.Type, siblings map[string]tftypes.Value, steps []string, leaf tftypes.Value) tftypes.Value {
	if len(steps) == 0 {
		return leaf
	}
	switch t := typ.(type) {
	case tftypes.Object:
		vals := make(map[string]tftypes.Value, len(t.AttributeTypes))
		for k, at := range t.AttributeTypes {
			switch v, ok := siblings[k]; {
			case k == steps[0]:
				vals[k] = configAt(at, blockSiblings[k], steps[1:], leaf)
			case ok:
				vals[k] = v
			default:
				vals[k] = tftypes.NewValue(at, nil)
			}
		}
		return tftypes.NewValue(t, vals)
	case tftypes.List:
		return tftypes.NewValue(t, []tftypes.Value{configAt(t.ElementType, siblings, steps[1:], leaf)})
	}
	panic(fmt.Sprintf("configWith: cannot descend into %s at %v", typ, steps))
}

func attributePath(steps []string) *tftypes.AttributePath {
	p := tftypes.NewAttributePath()
	for _, s := range steps {
		if s == "[0]" {
			p = p.WithElementKeyInt(0)
		} else {
			p = p.WithAttributeName(s)
		}
	}
	return p
}

// TestValidation_attributePaths sends one invalid value for every enum, date, URL, time zone,
// hours, key and non-empty attribute of every resource through the provider server's
// ValidateResourceConfig (what `terraform validate` calls), and requires an error that points at
// the attribute and names its path in the detail.
func TestValidation_attributePaths(t *testing.T) {
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cases := validationCases(t)
	covered := map[string]bool{}
	for _, c := range cases {
		name := c.typeName + " " + c.pathString(c.diagPath)
		covered[name] = true
		t.Run(name, func(t *testing.T) {
			typ := schemas.ResourceSchemas[c.typeName].ValueType()
			cfg, err := tfprotov6.NewDynamicValue(typ, configWith(typ, c.steps, c.invalid))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: c.typeName, Config: &cfg})
			if err != nil {
				t.Fatal(err)
			}
			want := attributePath(c.diagPath)
			detail := regexp.MustCompile("^Attribute " + regexp.QuoteMeta(c.pathString(c.diagPath)) + " " + regexp.QuoteMeta(c.message))
			var seen []string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError && d.Attribute.Equal(want) && detail.MatchString(d.Detail) {
					return
				}
				seen = append(seen, fmt.Sprintf("%s at %s: %s", d.Summary, d.Attribute, d.Detail))
			}
			t.Errorf("no error at %s matching %q; got:\n  %s", want, detail, strings.Join(seen, "\n  "))
		})
	}
	// The walk must find every attribute the issue names; if a schema change hid one from it
	// (e.g. a validator this test does not recognise), the test says so instead of passing.
	for _, must := range []string{
		"opex_workload tier",
		"opex_priority focus_area", "opex_priority source", "opex_priority review_by",
		"opex_environment stage", "opex_environment schedule.days[0]", "opex_environment schedule.hours",
		"opex_environment schedule.timezone",
		"opex_escalation_policy incident_threshold", "opex_escalation_policy notify_users.channel",
		"opex_runbook kind", "opex_runbook url", "opex_runbook last_reviewed", "opex_runbook step[0].owner",
		"opex_improvement source", "opex_improvement priority", "opex_improvement status", "opex_improvement due",
		"opex_readiness_check key", "opex_readiness_check focus_area", "opex_readiness_check principle",
		"opex_readiness_check severity",
		"opex_readiness_review last_gameday", "opex_readiness_review evidence[0].url",
		"opex_readiness_review waiver[0].until",
	} {
		if !covered[must] {
			t.Errorf("%s: not found by the schema walk", must)
		}
	}
	t.Logf("%d validated attributes checked", len(cases))
}

// TestAccValidation_attributePaths checks that the real binary shows the attribute path of a
// nested, a list-element and a date error at validate time, before anything is planned.
func TestAccValidation_attributePaths(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(newTestClock(testDate(t, "2026-06-01"))),
		Steps: []resource.TestStep{
			{
				PlanOnly: true,
				Config: `
resource "opex_runbook" "r" {
  workload_id = "w-1"
  name        = "r"
  owner       = "team"
  url         = "https://wiki.example.com/r"
  step {
    name  = "first"
    owner = ""
  }
}`,
				ExpectError: wrapped(`Attribute step[0].owner string length must be at least 1`),
			},
			{
				PlanOnly: true,
				Config: `
resource "opex_environment" "e" {
  workload_id = "w-1"
  name        = "dev"
  stage       = "development"
  schedule {
    days     = ["mon", "someday"]
    hours    = "08:00-18:00"
    timezone = "UTC"
  }
}`,
				ExpectError: wrapped(`Attribute schedule.days[1] value must be one of`),
			},
			{
				PlanOnly: true,
				Config: `
resource "opex_improvement" "i" {
  workload_id = "w-1"
  title       = "t"
  source      = "incident"
  priority    = "p2"
  due         = "2026-13-01"
}`,
				ExpectError: wrapped(`Attribute due must be a calendar date in the form YYYY-MM-DD, got "2026-13-01"`),
			},
		},
	})
}

// wrapped matches text as Terraform prints it in a diagnostic, where any space may be a line break.
func wrapped(text string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(text), " ", `\s+`))
}
