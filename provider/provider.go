// Package provider implements the opex Terraform provider.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ provider.Provider = (*opexProvider)(nil)

type opexProvider struct {
	version string
	clock   Clock
}

// providerData is what resources and data sources receive in Configure.
type providerData struct {
	clock Clock
}

// New returns a constructor for the provider at the given version, using the wall clock.
func New(version string) func() provider.Provider {
	return NewWithClock(version, realClock{})
}

// NewWithClock returns a constructor for the provider that reads the time from c; tests use it
// to move time between steps.
func NewWithClock(version string, c Clock) func() provider.Provider {
	return func() provider.Provider { return &opexProvider{version: version, clock: c} }
}

// clockFrom extracts the clock from the ProviderData a resource or data source receives in
// Configure. It returns nil while the provider is not yet configured (ProviderData is nil then,
// e.g. during validation), and adds an error when ProviderData has an unexpected type.
func clockFrom(data any, diags *diag.Diagnostics) Clock {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the opex provider.", data))
		return nil
	}
	return pd.clock
}

// newID returns a random UUID for a new resource; the id is the only value opex invents.
func newID(diags *diag.Diagnostics) types.String {
	id, err := uuid.GenerateUUID()
	if err != nil {
		diags.AddError("Cannot generate id", "Generating a random UUID failed: "+err.Error())
		return types.StringUnknown()
	}
	return types.StringValue(id)
}

// importNotSupported rejects terraform import for opex resources. They are state-only: the
// state is their only store, so an id alone carries nothing to import from.
func importNotSupported(typeName string, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Import not supported",
		typeName+" is state-only: Terraform state is its only store, so there is nothing to import. "+
			"Declare the resource in configuration and apply it; it gets a new id.")
}

func (p *opexProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "opex"
	resp.Version = p.version
}

func (p *opexProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The opex provider declares a team's operational priorities, environments, runbooks, " +
			"escalation policies, readiness checks and improvements as code, following the Operational Excellence " +
			"pillar of the AWS Well-Architected Framework, and scores operational readiness at plan time.",
	}
}

func (p *opexProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	data := &providerData{clock: p.clock}
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *opexProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewWorkloadResource,
		NewPriorityResource,
		NewEnvironmentResource,
		NewEscalationPolicyResource,
		NewRunbookResource,
		NewImprovementResource,
		NewReadinessCheckResource,
		NewReadinessReviewResource,
	}
}

func (p *opexProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPillarDataSource,
		NewReadinessChecksDataSource,
		NewLensDataSource,
	}
}
