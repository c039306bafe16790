package provider

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// configured returns r configured with clock c, as the provider does before any RPC.
func configured(t *testing.T, r fwresource.Resource, c Clock) fwresource.Resource {
	t.Helper()
	if rc, ok := r.(fwresource.ResourceWithConfigure); ok {
		resp := &fwresource.ConfigureResponse{}
		rc.Configure(context.Background(), fwresource.ConfigureRequest{ProviderData: &providerData{clock: c}}, resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("configure: %v", resp.Diagnostics)
		}
	}
	return r
}

// upgradeV0 builds a version 0 state of r from the prior schema with the given attributes set
// (everything else null), runs the resource's version 0 upgrader and returns the upgraded state.
func upgradeV0(t *testing.T, r fwresource.Resource, set map[string]attr.Value) tfsdk.State {
	t.Helper()
	ctx := context.Background()
	upgraders := r.(fwresource.ResourceWithUpgradeState).UpgradeState(ctx)
	u, ok := upgraders[0]
	if !ok || u.PriorSchema == nil {
		t.Fatal("no version 0 upgrader with a prior schema")
	}
	prior := tfsdk.State{Schema: *u.PriorSchema, Raw: tftypes.NewValue(u.PriorSchema.Type().TerraformType(ctx), nil)}
	for name, v := range set {
		if d := prior.SetAttribute(ctx, path.Root(name), v); d.HasError() {
			t.Fatalf("building the version 0 state, %s: %v", name, d)
		}
	}
	current := schemaOf(ctx, r)
	resp := &fwresource.UpgradeStateResponse{
		State: tfsdk.State{Schema: current, Raw: tftypes.NewValue(current.Type().TerraformType(ctx), nil)},
	}
	u.StateUpgrader(ctx, fwresource.UpgradeStateRequest{State: &prior}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("upgrade: %v", resp.Diagnostics)
	}
	// Every attribute of the version 0 state survives unchanged.
	for name, v := range set {
		var got attr.Value
		switch v.(type) {
		case types.String:
			got = getString(t, resp.State, path.Root(name))
		case types.Int64:
			var i types.Int64
			if d := resp.State.GetAttribute(ctx, path.Root(name), &i); d.HasError() {
				t.Fatalf("%s: %v", name, d)
			}
			got = i
		default:
			continue
		}
		if !got.Equal(v) {
			t.Errorf("%s: upgraded to %s, want it kept as %s", name, got, v)
		}
	}
	return resp.State
}

func getString(t *testing.T, s tfsdk.State, p path.Path) types.String {
	t.Helper()
	var v types.String
	if d := s.GetAttribute(context.Background(), p, &v); d.HasError() {
		t.Fatalf("%s: %v", p, d)
	}
	return v
}

func getBool(t *testing.T, s tfsdk.State, p path.Path) types.Bool {
	t.Helper()
	var v types.Bool
	if d := s.GetAttribute(context.Background(), p, &v); d.HasError() {
		t.Fatalf("%s: %v", p, d)
	}
	return v
}

func TestUpgradeState_everyResourceVersioned(t *testing.T) {
	ctx := context.Background()
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		meta := &fwresource.MetadataResponse{}
		r.Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "opex"}, meta)
		current := schemaOf(ctx, r)
		if current.Version != 1 {
			t.Errorf("%s: schema version %d, want 1", meta.TypeName, current.Version)
		}
		ru, ok := r.(fwresource.ResourceWithUpgradeState)
		if !ok {
			t.Errorf("%s: no UpgradeState", meta.TypeName)
			continue
		}
		u, ok := ru.UpgradeState(ctx)[0]
		if !ok || u.PriorSchema == nil || u.StateUpgrader == nil {
			t.Errorf("%s: no version 0 upgrader with a prior schema", meta.TypeName)
			continue
		}
		if u.PriorSchema.Version != 0 {
			t.Errorf("%s: prior schema version %d, want 0", meta.TypeName, u.PriorSchema.Version)
		}
		// Version 1 only added attributes: every version 0 attribute still exists.
		for name := range u.PriorSchema.Attributes {
			if _, ok := current.Attributes[name]; !ok {
				t.Errorf("%s: version 0 attribute %s is gone in version 1", meta.TypeName, name)
			}
		}
	}
}

func TestUpgradeState_environment(t *testing.T) {
	for stage, want := range map[string]bool{"production": true, "staging": false, "sandbox": false} {
		s := upgradeV0(t, NewEnvironmentResource(), map[string]attr.Value{
			"id": types.StringValue("env-1"), "workload_id": types.StringValue("w-1"), "name": types.StringValue("e"),
			"stage": types.StringValue(stage), "managed_by_code": types.BoolValue(true),
		})
		if got := getBool(t, s, path.Root("is_production")); !got.Equal(types.BoolValue(want)) {
			t.Errorf("stage %s: is_production %s, want %v", stage, got, want)
		}
		if got := getBool(t, s, path.Root("managed_by_code")); !got.Equal(types.BoolValue(true)) {
			t.Errorf("stage %s: managed_by_code %s, want kept true", stage, got)
		}
	}
}

func TestUpgradeState_runbook(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	for _, tc := range []struct {
		last     types.String
		interval int64
		next     types.String
		overdue  bool
	}{
		{types.StringValue("2026-01-10"), 90, types.StringValue("2026-04-10"), true},
		{types.StringValue("2026-05-14"), 90, types.StringValue("2026-08-12"), false},
		{types.StringValue("2026-05-31"), 1, types.StringValue("2026-06-01"), false}, // due today is not overdue
		{types.StringNull(), 90, types.StringNull(), true},                           // never reviewed
	} {
		s := upgradeV0(t, configured(t, NewRunbookResource(), clock), map[string]attr.Value{
			"id": types.StringValue("rb-1"), "workload_id": types.StringValue("w-1"), "name": types.StringValue("r"),
			"kind": types.StringValue("runbook"), "owner": types.StringValue("team"),
			"last_reviewed": tc.last, "review_interval_days": types.Int64Value(tc.interval),
		})
		if got := getString(t, s, path.Root("next_review")); !got.Equal(tc.next) {
			t.Errorf("last_reviewed %s: next_review %s, want %s", tc.last, got, tc.next)
		}
		if got := getBool(t, s, path.Root("review_overdue")); !got.Equal(types.BoolValue(tc.overdue)) {
			t.Errorf("last_reviewed %s: review_overdue %s, want %v", tc.last, got, tc.overdue)
		}
	}
}

// An upgrade before the provider is configured (no clock yet) still writes known values.
func TestUpgradeState_runbookUnconfigured(t *testing.T) {
	s := upgradeV0(t, NewRunbookResource(), map[string]attr.Value{
		"id": types.StringValue("rb-1"), "last_reviewed": types.StringValue("2001-01-01"),
		"review_interval_days": types.Int64Value(90),
	})
	if got := getBool(t, s, path.Root("review_overdue")); !got.Equal(types.BoolValue(true)) {
		t.Errorf("review_overdue %s, want true (2001 is long past on the wall clock)", got)
	}
}

func TestUpgradeState_priority(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	for _, tc := range []struct {
		reviewBy types.String
		overdue  bool
	}{
		{types.StringValue("2026-05-31"), true},
		{types.StringValue("2026-06-01"), false},
		{types.StringNull(), false},
	} {
		s := upgradeV0(t, configured(t, NewPriorityResource(), clock), map[string]attr.Value{
			"id": types.StringValue("p-1"), "name": types.StringValue("p"), "focus_area": types.StringValue("operate"),
			"rank": types.Int64Value(1), "weight": types.Int64Value(50), "source": types.StringValue("business"),
			"review_by": tc.reviewBy,
		})
		if got := getBool(t, s, path.Root("review_overdue")); !got.Equal(types.BoolValue(tc.overdue)) {
			t.Errorf("review_by %s: review_overdue %s, want %v", tc.reviewBy, got, tc.overdue)
		}
	}
}

func TestUpgradeState_improvement(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-06-01"))
	for _, tc := range []struct {
		status  string
		due     types.String
		overdue bool
	}{
		{"in_progress", types.StringValue("2026-05-01"), true},
		{"done", types.StringValue("2026-05-01"), false},
		{"identified", types.StringValue("2026-07-01"), false},
		{"prioritized", types.StringNull(), false},
	} {
		s := upgradeV0(t, configured(t, NewImprovementResource(), clock), map[string]attr.Value{
			"id": types.StringValue("i-1"), "workload_id": types.StringValue("w-1"), "title": types.StringValue("t"),
			"source": types.StringValue("incident"), "priority": types.StringValue("p2"),
			"status": types.StringValue(tc.status), "due": tc.due,
		})
		if got := getBool(t, s, path.Root("overdue")); !got.Equal(types.BoolValue(tc.overdue)) {
			t.Errorf("status %s, due %s: overdue %s, want %v", tc.status, tc.due, got, tc.overdue)
		}
	}
}

// Resources whose schema did not change come through byte for byte.
func TestUpgradeState_identity(t *testing.T) {
	ctx := context.Background()
	stakeholders := types.ObjectValueMust(
		map[string]attr.Type{"business": stringList, "development": stringList},
		map[string]attr.Value{
			"business":    types.ListValueMust(types.StringType, []attr.Value{types.StringValue("product")}),
			"development": types.ListValueMust(types.StringType, []attr.Value{types.StringValue("dev")}),
		})
	for _, tc := range []struct {
		r   fwresource.Resource
		set map[string]attr.Value
	}{
		{NewWorkloadResource(), map[string]attr.Value{
			"id": types.StringValue("w-1"), "name": types.StringValue("checkout"), "owner": types.StringValue("team"),
			"tier": types.StringValue("critical"), "stakeholders": stakeholders,
			"tags": types.MapValueMust(types.StringType, map[string]attr.Value{"dr_region": types.StringValue("eu")}),
		}},
		{NewEscalationPolicyResource(), map[string]attr.Value{
			"id": types.StringValue("x-1"), "workload_id": types.StringValue("w-1"), "name": types.StringValue("pager"),
			"incident_threshold": types.StringValue("high"), "problem_after_recurrences": types.Int64Value(3),
		}},
		{NewReadinessCheckResource(), map[string]attr.Value{
			"id": types.StringValue("dr"), "key": types.StringValue("dr"), "title": types.StringValue("DR"),
			"focus_area": types.StringValue("prepare"), "principle": types.StringValue("anticipate-failure"),
			"severity": types.StringValue("high"), "rego": types.StringValue("package x\n"),
		}},
	} {
		s := upgradeV0(t, tc.r, tc.set)
		u := tc.r.(fwresource.ResourceWithUpgradeState).UpgradeState(ctx)[0]
		prior := tfsdk.State{Schema: *u.PriorSchema, Raw: tftypes.NewValue(u.PriorSchema.Type().TerraformType(ctx), nil)}
		for name, v := range tc.set {
			if d := prior.SetAttribute(ctx, path.Root(name), v); d.HasError() {
				t.Fatalf("%s: %v", name, d)
			}
		}
		if !s.Raw.Equal(prior.Raw) {
			t.Errorf("%T: upgraded state differs from the version 0 state:\n%s\nvs\n%s", tc.r, s.Raw, prior.Raw)
		}
	}
}

func TestUpgradeState_readinessReview(t *testing.T) {
	ctx := context.Background()
	envV0 := reviewEnvironmentTypeV0()
	env := map[string]attr.Value{}
	for k, typ := range envV0 {
		v, _ := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
		env[k] = v
	}
	env["id"], env["name"], env["stage"] = types.StringValue("e-1"), types.StringValue("prod"), types.StringValue("production")
	workload := map[string]attr.Value{}
	for k, typ := range reviewWorkloadType {
		v, _ := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
		workload[k] = v
	}
	workload["name"] = types.StringValue("checkout")
	base := map[string]attr.Value{
		"id":        types.StringValue("rv-1"),
		"workload":  types.ObjectValueMust(reviewWorkloadType, workload),
		"score":     types.Int64Value(73),
		"passed":    types.BoolValue(false),
		"summary":   types.StringValue("### Readiness review failed: 73/100"),
		"min_score": types.Int64Value(80),
	}
	withEnv := map[string]attr.Value{"environment": types.ObjectValueMust(envV0, env)}
	for k, v := range base {
		withEnv[k] = v
	}
	s := upgradeV0(t, NewReadinessReviewResource(), withEnv)
	if got := getBool(t, s, path.Root("environment").AtName("is_production")); !got.Equal(types.BoolValue(true)) {
		t.Errorf("environment.is_production %s, want true", got)
	}
	if got := getString(t, s, path.Root("environment").AtName("name")); got.ValueString() != "prod" {
		t.Errorf("environment.name %s, want kept prod", got)
	}
	if got := getString(t, s, path.Root("summary")); got.ValueString() != "### Readiness review failed: 73/100" {
		t.Errorf("summary %s, want kept", got)
	}
	if got := getString(t, s, path.Root("workload").AtName("name")); got.ValueString() != "checkout" {
		t.Errorf("workload.name %s, want kept checkout", got)
	}
	// A review without environment keeps it null.
	s = upgradeV0(t, NewReadinessReviewResource(), base)
	var e types.Object
	if d := s.GetAttribute(ctx, path.Root("environment"), &e); d.HasError() {
		t.Fatal(d)
	}
	if !e.IsNull() {
		t.Errorf("environment %s, want null", e)
	}
}

// TestUpgradeState_protocol sends version 0 states as Terraform stores them (JSON in the state
// file) through the provider server, the way Terraform calls UpgradeResourceState.
func TestUpgradeState_protocol(t *testing.T) {
	ctx := context.Background()
	clock := newTestClock(testDate(t, "2026-06-01"))
	server, err := providerserver.NewProtocol6WithError(NewWithClock("test", clock)())()
	if err != nil {
		t.Fatal(err)
	}
	empty := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
	cfg, err := tfprotov6.NewDynamicValue(empty, tftypes.NewValue(empty, map[string]tftypes.Value{}))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &cfg}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		typeName, state string
		want            map[string]any
	}{
		{"opex_runbook", `{"id":"rb-1","workload_id":"w-1","name":"r","kind":"runbook","url":null,"owner":"team",
			"escalation_policy_id":null,"step":[],"last_reviewed":"2026-01-10","review_interval_days":90}`,
			map[string]any{"next_review": "2026-04-10", "review_overdue": true}},
		{"opex_environment", `{"id":"e-1","workload_id":"w-1","name":"prod","stage":"production","owner":null,
			"managed_by_code":true,"controls":null,"schedule":null}`,
			map[string]any{"is_production": true}},
		{"opex_priority", `{"id":"p-1","name":"p","workload_id":null,"focus_area":"operate","rank":1,"weight":50,
			"source":"business","compliance":null,"rationale":null,"tradeoff":[],
			"stakeholders":{"business":["b"],"development":["d"]},"review_by":"2027-01-01"}`,
			map[string]any{"review_overdue": false}},
		{"opex_improvement", `{"id":"i-1","workload_id":"w-1","title":"t","source":"incident","priority":"p1",
			"status":"in_progress","owner":"o","due":"2026-05-01","learning":null,"shared_with":null,"recognized":null}`,
			map[string]any{"overdue": true}},
		{"opex_workload", `{"id":"w-1","name":"n","description":null,"owner":"o","tier":"low",
			"stakeholders":{"business":["b"],"development":["d"]},"tags":null}`,
			map[string]any{"tier": "low"}},
		// Dynamic attributes are stored with their type; the environment object has no is_production.
		{"opex_readiness_review", `{"id":"rv-1",
			"workload":{"id":"w-1","name":"checkout","description":null,"owner":"o","tier":"high","tags":null,
				"stakeholders":{"business":["b"],"development":["d"]}},
			"environment":{"id":"e-1","workload_id":"w-1","name":"prod","stage":"production","owner":null,
				"managed_by_code":true,"controls":null,"schedule":null},
			"lower_environments":null,
			"priorities":{"value":[{"focus_area":"operate","weight":60}],
				"type":["tuple",[["object",{"focus_area":"string","weight":"number"}]]]},
			"runbooks":null,"escalation":null,"checks":null,"telemetry":null,"rollback_plan":null,"last_gameday":null,
			"game_day_max_age_days":90,"min_score":80,"enforce":false,"score":50,"passed":false,"results":[],
			"summary":"kept","evidence":[],"waiver":[]}`,
			map[string]any{"environment.is_production": true, "environment.name": "prod", "summary": "kept",
				"workload.name": "checkout"}},
	} {
		resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
			TypeName: tc.typeName, Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(tc.state)},
		})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Errorf("%s: %v %v", tc.typeName, err, diagSummaries(resp.Diagnostics))
			continue
		}
		typ := schemas.ResourceSchemas[tc.typeName].ValueType()
		v, err := resp.UpgradedState.Unmarshal(typ)
		if err != nil {
			t.Fatalf("%s: %v", tc.typeName, err)
		}
		for name, want := range tc.want {
			at := v
			for _, step := range strings.Split(name, ".") {
				var attrs map[string]tftypes.Value
				if err := at.As(&attrs); err != nil {
					t.Fatalf("%s.%s: %v", tc.typeName, name, err)
				}
				at = attrs[step]
			}
			var got any
			switch want.(type) {
			case string:
				var s string
				err = at.As(&s)
				got = s
			case bool:
				var b bool
				err = at.As(&b)
				got = b
			}
			if err != nil || got != want {
				t.Errorf("%s.%s = %v (%v), want %v", tc.typeName, name, got, err, want)
			}
		}
	}
	// A version 0 state that does not match the version 0 schema is an error, not a panic.
	resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "opex_environment", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(`{"stage":["production"]}`)},
	})
	if err != nil || len(resp.Diagnostics) == 0 {
		t.Errorf("malformed version 0 state: want an error diagnostic, got %v %v", err, resp.Diagnostics)
	}
}

func diagSummaries(ds []*tfprotov6.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return strings.Join(out, "; ")
}

// TestAccUpgradeState_v0StateFile writes a state file as version 0 of the schema left it and runs
// the real binary over it: the upgrade fills the computed facts, the plan is empty, and a
// refresh writes the state at schema version 1.
func TestAccUpgradeState_v0StateFile(t *testing.T) {
	h := newTFHarness(t, newTestClock(testDate(t, "2026-06-01")))
	ctx := context.Background()
	h.write(t, "main.tf", `
resource "opex_environment" "prod" {
  workload_id = "w-1"
  name        = "prod"
  stage       = "production"
  owner       = "team"
}

resource "opex_runbook" "failover" {
  workload_id   = "w-1"
  name          = "failover"
  owner         = "team"
  last_reviewed = "2026-01-10"
}
`)
	provider := `provider["` + providerHost(h.tofu) + `/hashicorp/opex"]`
	state := map[string]any{
		"version": 4, "terraform_version": "1.5.7", "serial": 1, "lineage": "0d6b3c5e-9d0c-4c65-a3c0-1f7f5f0b0b01",
		"outputs": map[string]any{},
		"resources": []any{
			map[string]any{"mode": "managed", "type": "opex_environment", "name": "prod", "provider": provider,
				"instances": []any{map[string]any{"schema_version": 0, "attributes": map[string]any{
					"id": "e-1", "workload_id": "w-1", "name": "prod", "stage": "production", "owner": "team",
					"managed_by_code": true, "controls": nil, "schedule": nil,
				}}}},
			map[string]any{"mode": "managed", "type": "opex_runbook", "name": "failover", "provider": provider,
				"instances": []any{map[string]any{"schema_version": 0, "attributes": map[string]any{
					"id": "rb-1", "workload_id": "w-1", "name": "failover", "kind": "runbook", "url": nil,
					"owner": "team", "escalation_policy_id": nil, "step": []any{}, "last_reviewed": "2026-01-10",
					"review_interval_days": 90,
				}}}},
		},
	}
	raw, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	h.write(t, "terraform.tfstate", string(raw))
	h.init(ctx, t)

	changes, err := h.tf.Plan(ctx, tfexec.Reattach(h.reattach))
	if err != nil {
		t.Fatalf("plan over a version 0 state: %v", err)
	}
	if changes {
		t.Error("plan over an upgraded version 0 state is not empty")
	}
	if err := h.tf.Apply(ctx, tfexec.Reattach(h.reattach), tfexec.RefreshOnly(true)); err != nil {
		t.Fatalf("apply -refresh-only: %v", err)
	}
	written, err := os.ReadFile(filepath.Join(h.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var after struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				SchemaVersion int            `json:"schema_version"`
				Attributes    map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(written, &after); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]any{
		"opex_environment": {"is_production": true, "id": "e-1"},
		"opex_runbook":     {"next_review": "2026-04-10", "review_overdue": true, "id": "rb-1"},
	}
	for _, r := range after.Resources {
		for _, in := range r.Instances {
			if in.SchemaVersion != 1 {
				t.Errorf("%s: schema_version %d after refresh, want 1", r.Type, in.SchemaVersion)
			}
			for k, v := range want[r.Type] {
				if in.Attributes[k] != v {
					t.Errorf("%s.%s = %v, want %v", r.Type, k, in.Attributes[k], v)
				}
			}
		}
		delete(want, r.Type)
	}
	if len(want) > 0 {
		t.Errorf("resources missing from the refreshed state: %v", want)
	}
}
