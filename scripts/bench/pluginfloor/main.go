// Command pluginfloor is the lower bound of the provider benchmark (issue 6): a plugin that
// serves the opex provider's schemas (taken from the provider itself) and does nothing else —
// no terraform-plugin-framework, no validation, no plan modification beyond marking computed
// attributes unknown. `terraform plan` against it costs what any plugin provider costs: process
// starts, gRPC round trips and Terraform's own handling of a plugin's values, which
// terraform_data, built into Terraform, does not pay. It is a measuring instrument, never a
// provider to use: scripts/bench/compare.sh installs it under the opex address in a directory
// of its own.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/opexhq/terraform-provider-opex/provider"
)

const address = "registry.terraform.io/opexhq/opex"

// floor implements the RPCs a plan makes; the embedded interface is nil, so any other RPC
// panics, which a plan never reaches.
type floor struct {
	tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

func (f *floor) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return f.schema, nil
}

func (f *floor) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return &tfprotov6.GetMetadataResponse{}, nil
}

func (f *floor) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (f *floor) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (f *floor) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// PlanResourceChange plans the proposed state with every null computed top-level attribute
// unknown: the least a provider must do for Terraform to accept the plan.
func (f *floor) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	s, ok := f.schema.ResourceSchemas[req.TypeName]
	if !ok {
		return nil, fmt.Errorf("pluginfloor: unknown resource type %q", req.TypeName)
	}
	typ := s.ValueType()
	v, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	if v.IsNull() { // destroy
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState}, nil
	}
	attrs := map[string]tftypes.Value{}
	if err := v.As(&attrs); err != nil {
		return nil, err
	}
	for _, a := range s.Block.Attributes {
		if a.Computed && attrs[a.Name].IsNull() {
			attrs[a.Name] = tftypes.NewValue(a.ValueType(), tftypes.UnknownValue)
		}
	}
	planned, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		return nil, err
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: &planned}, nil
}

func main() {
	provider.SilenceDiscardedLogs(os.Getenv, os.Setenv) // as the real provider: logs Terraform drops are not written
	schema, err := providerserver.NewProtocol6(provider.New("floor")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schema.Diagnostics) > 0 {
		fmt.Fprintf(os.Stderr, "pluginfloor: the provider's schema: %v %v\n", err, schema.Diagnostics)
		os.Exit(2)
	}
	if err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return &floor{schema: schema} }); err != nil {
		fmt.Fprintln(os.Stderr, "pluginfloor:", err)
		os.Exit(2)
	}
}
