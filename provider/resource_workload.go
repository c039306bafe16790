package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.Resource                = (*workloadResource)(nil)
	_ resource.ResourceWithImportState = (*workloadResource)(nil)
)

// NewWorkloadResource returns the opex_workload resource.
func NewWorkloadResource() resource.Resource { return &workloadResource{} }

type workloadResource struct{}

type workloadModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Description  types.String `tfsdk:"description"`
	Owner        types.String `tfsdk:"owner"`
	Tier         types.String `tfsdk:"tier"`
	Stakeholders types.Object `tfsdk:"stakeholders"`
	Tags         types.Map    `tfsdk:"tags"`
}

func (r *workloadResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workload"
}

func (r *workloadResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "A workload: the set of components that together deliver business value, with the " +
			"people accountable for it. Other opex resources refer to it through `workload_id`.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the workload.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "What the workload does and for whom.",
				Optional:            true,
			},
			"owner": schema.StringAttribute{
				MarkdownDescription: "Team or person accountable for the workload in operation.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"tier": schema.StringAttribute{
				MarkdownDescription: "Business criticality: `critical`, `high`, `medium` or `low`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(tierValues...)},
			},
			"tags": schema.MapAttribute{
				MarkdownDescription: "Free-form labels.",
				ElementType:         types.StringType,
				Optional:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"stakeholders": stakeholdersBlock("Teams that set the workload's priorities. " +
				"The pillar requires both business and development teams to take part."),
		},
	}
}

// idAttribute is the id every opex resource carries: a random UUID set on create and kept.
func idAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Random UUID assigned on create; stable for the life of the resource.",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// stakeholdersBlock is the required `stakeholders` block shared by opex_workload and opex_priority.
func stakeholdersBlock(desc string) schema.SingleNestedBlock {
	teams := func(what string) schema.ListAttribute {
		return schema.ListAttribute{
			MarkdownDescription: what + " At least one.",
			ElementType:         types.StringType,
			Required:            true,
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
		}
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: desc + " Required.",
		Validators:          []validator.Object{objectvalidator.IsRequired()},
		Attributes: map[string]schema.Attribute{
			"business":    teams("Business teams (product, customer-facing, finance, compliance owners)."),
			"development": teams("Development and operations teams that build and run the workload."),
		},
	}
}

func (r *workloadResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m workloadModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = newID(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the state as is: every attribute is configuration and nothing is derived, and the
// framework hands Read the current state already, so there is nothing to decode or write back.
func (r *workloadResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

func (r *workloadResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m workloadModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete has nothing to remove outside the state, which the framework clears.
func (r *workloadResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *workloadResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_workload", resp)
}
