package main

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/opexhq/terraform-provider-opex/provider"
)

// TestPlanIsTheProviders checks that the floor plans what Terraform needs from the provider:
// configured values kept, computed attributes the configuration leaves null planned unknown,
// and a destroy planned as null. The benchmark is only fair if Terraform accepts its plan.
func TestPlanIsTheProviders(t *testing.T) {
	ctx := context.Background()
	schema, err := providerserver.NewProtocol6(provider.New("test")())().GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schema.Diagnostics) > 0 {
		t.Fatal(err, schema.Diagnostics)
	}
	f := &floor{schema: schema}
	s := schema.ResourceSchemas["opex_improvement"]
	if s == nil {
		t.Fatal("no opex_improvement schema")
	}
	typ := s.ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	vals["title"] = tftypes.NewValue(tftypes.String, "t")
	proposed, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "opex_improvement", ProposedNewState: &proposed})
	if err != nil {
		t.Fatal(err)
	}
	planned, err := resp.PlannedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]tftypes.Value{}
	if err := planned.As(&got); err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Block.Attributes {
		v := got[a.Name]
		switch {
		case a.Name == "title":
			if !v.Equal(tftypes.NewValue(tftypes.String, "t")) {
				t.Errorf("title planned %v, want the configured value", v)
			}
		case a.Computed:
			if v.IsKnown() {
				t.Errorf("computed %s planned %v, want unknown", a.Name, v)
			}
		case !v.IsNull():
			t.Errorf("%s planned %v, want null as configured", a.Name, v)
		}
	}

	null, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	resp, err = f.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "opex_improvement", ProposedNewState: &null})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := resp.PlannedState.Unmarshal(typ); err != nil || !v.IsNull() {
		t.Errorf("destroy planned %v (%v), want null", v, err)
	}
	if _, err := f.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "opex_nope", ProposedNewState: &null}); err == nil {
		t.Error("an unknown resource type was planned")
	}
}
