package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testClock is a Clock that tests set and advance between steps. The provider runs in-process,
// so a change made in a step's PreConfig is seen by the next plan, apply and refresh.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{now: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Add moves the clock forward by d (backwards when d is negative).
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testDate parses a YYYY-MM-DD literal for tests, at noon UTC so that day arithmetic is
// unaffected by the time of day.
func testDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		t.Fatalf("bad test date %q: %v", s, err)
	}
	return d.Add(12 * time.Hour)
}

// testAccProtoV6ProviderFactories serves the provider in-process with the given clock.
func testAccProtoV6ProviderFactories(c Clock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"opex": providerserver.NewProtocol6WithError(NewWithClock("test", c)()),
	}
}

// testAccPreCheck fails (never skips) an acceptance test that cannot run: without an explicit
// binary, terraform-plugin-testing would try to download Terraform, which this project never does.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must name a terraform or tofu binary (see `make tools`)")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("TF_ACC_TERRAFORM_PATH: %v", err)
	}
}

// testAccExampleConfig concatenates the tfplugindocs examples of the named resources, so the
// documented configurations are exercised as written.
func testAccExampleConfig(t *testing.T, names ...string) string {
	t.Helper()
	var b strings.Builder
	for _, n := range names {
		src, err := os.ReadFile(filepath.Join("..", "examples", "resources", n, "resource.tf"))
		if err != nil {
			t.Fatalf("example of %s: %v", n, err)
		}
		b.Write(src)
		b.WriteString("\n")
	}
	return b.String()
}

func TestAccExamples_coreResources(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories(clock),
		Steps: []resource.TestStep{
			{
				Config: testAccExampleConfig(t, "opex_workload", "opex_priority", "opex_environment",
					"opex_escalation_policy", "opex_runbook", "opex_improvement"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("opex_runbook.failover", tfjsonpath.New("next_review"),
						knownvalue.StringExact("2026-08-12")),
					statecheck.ExpectKnownValue("opex_runbook.failover", tfjsonpath.New("review_overdue"),
						knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("opex_environment.prod", tfjsonpath.New("is_production"),
						knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("opex_improvement.gameday_findings", tfjsonpath.New("overdue"),
						knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("opex_priority.pci", tfjsonpath.New("workload_id"), knownvalue.Null()),
					statecheck.CompareValuePairs("opex_runbook.failover", tfjsonpath.New("escalation_policy_id"),
						"opex_escalation_policy.pager", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
		},
	})
}

// TestSchemasDescribed requires a MarkdownDescription on every resource, attribute and block:
// the generated docs are the provider's only reference.
func TestSchemasDescribed(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		meta := &fwresource.MetadataResponse{}
		r.Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "opex"}, meta)
		resp := &fwresource.SchemaResponse{}
		r.Schema(ctx, fwresource.SchemaRequest{}, resp)
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s: no MarkdownDescription", meta.TypeName)
		}
		checkDescribed(t, meta.TypeName, resp.Schema.Attributes, resp.Schema.Blocks)
	}
}

func checkDescribed(t *testing.T, where string, attrs map[string]schema.Attribute, blocks map[string]schema.Block) {
	t.Helper()
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("%s.%s: attribute has no MarkdownDescription", where, name)
		}
	}
	for name, b := range blocks {
		if b.GetMarkdownDescription() == "" {
			t.Errorf("%s.%s: block has no MarkdownDescription", where, name)
		}
		nested := b.GetNestedObject()
		inner := map[string]schema.Attribute{}
		for n, a := range nested.GetAttributes() {
			inner[n] = a.(schema.Attribute)
		}
		innerBlocks := map[string]schema.Block{}
		for n, nb := range nested.GetBlocks() {
			innerBlocks[n] = nb.(schema.Block)
		}
		checkDescribed(t, where+"."+name, inner, innerBlocks)
	}
}
