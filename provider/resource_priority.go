package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.Resource                   = (*priorityResource)(nil)
	_ resource.ResourceWithConfigure      = (*priorityResource)(nil)
	_ resource.ResourceWithImportState    = (*priorityResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*priorityResource)(nil)
	_ resource.ResourceWithValidateConfig = (*priorityResource)(nil)
)

// NewPriorityResource returns the opex_priority resource.
func NewPriorityResource() resource.Resource { return &priorityResource{} }

type priorityResource struct {
	clock Clock
}

var prioritySourceValues = []string{"business", "internal_compliance", "external_compliance"}

type priorityModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	WorkloadID    types.String `tfsdk:"workload_id"`
	FocusArea     types.String `tfsdk:"focus_area"`
	Rank          types.Int64  `tfsdk:"rank"`
	Weight        types.Int64  `tfsdk:"weight"`
	Source        types.String `tfsdk:"source"`
	Compliance    types.Object `tfsdk:"compliance"`
	Rationale     types.String `tfsdk:"rationale"`
	Tradeoff      types.List   `tfsdk:"tradeoff"`
	Stakeholders  types.Object `tfsdk:"stakeholders"`
	ReviewBy      types.String `tfsdk:"review_by"`
	ReviewOverdue types.Bool   `tfsdk:"review_overdue"`
}

type tradeoffModel struct {
	Favor  types.String `tfsdk:"favor"`
	Over   types.String `tfsdk:"over"`
	Reason types.String `tfsdk:"reason"`
}

func (r *priorityResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_priority"
}

func (r *priorityResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "An operational priority agreed by business and development stakeholders, for one " +
			"workload or the whole organisation. Readiness reviews weight their checks by the priorities of " +
			"each focus area.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Short name of the priority.",
				Required:            true,
				Validators:          nonEmpty,
			},
			"workload_id": schema.StringAttribute{
				MarkdownDescription: "The `opex_workload` this priority applies to; omit for an organisation-wide " +
					"priority. Changing it replaces the resource.",
				Optional:      true,
				Validators:    nonEmpty,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"focus_area": schema.StringAttribute{
				MarkdownDescription: "Focus area of the Operational Excellence pillar: `organization`, `prepare`, " +
					"`operate` or `evolve`.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(focusAreaValues...)},
			},
			"rank": schema.Int64Attribute{
				MarkdownDescription: "Order among priorities, 1 first.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"weight": schema.Int64Attribute{
				MarkdownDescription: "Relative weight from 1 to 100 given to readiness checks of this focus area. " +
					"Defaults to `50`.",
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(50),
				Validators: []validator.Int64{int64validator.Between(1, 100)},
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "Where the priority comes from: `business`, `internal_compliance` or " +
					"`external_compliance`. A compliance source needs a `compliance` block.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(prioritySourceValues...)},
			},
			"rationale": schema.StringAttribute{
				MarkdownDescription: "Why this priority matters.",
				Optional:            true,
			},
			"review_by": schema.StringAttribute{
				MarkdownDescription: "Date (`YYYY-MM-DD`) by which the priority must be reviewed again.",
				Optional:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"review_overdue": schema.BoolAttribute{
				MarkdownDescription: "Whether `review_by` lies before today (UTC). Re-evaluated on every refresh.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"compliance": schema.SingleNestedBlock{
				MarkdownDescription: "The obligation behind a compliance priority. Required when `source` is " +
					"`internal_compliance` or `external_compliance`; not allowed when it is `business`.",
				// The framework requires Required attributes even when an optional block is absent,
				// so the attributes are Optional and required here, only when the block is present.
				Validators: []validator.Object{objectvalidator.AlsoRequires(
					path.MatchRelative().AtName("framework"), path.MatchRelative().AtName("requirement"))},
				Attributes: map[string]schema.Attribute{
					"framework": schema.StringAttribute{
						MarkdownDescription: "Standard or internal policy, e.g. `PCI DSS 4.0`. Required in the block.",
						Optional:            true,
						Validators:          nonEmpty,
					},
					"requirement": schema.StringAttribute{
						MarkdownDescription: "The requirement within the framework, e.g. `10.2.1`. Required in the block.",
						Optional:            true,
						Validators:          nonEmpty,
					},
				},
			},
			"tradeoff": schema.ListNestedBlock{
				MarkdownDescription: "An explicit trade-off between competing interests, e.g. favouring speed " +
					"of delivery over new features. Repeatable.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"favor": schema.StringAttribute{
							MarkdownDescription: "What is favoured.",
							Required:            true,
							Validators:          nonEmpty,
						},
						"over": schema.StringAttribute{
							MarkdownDescription: "What it is favoured over.",
							Required:            true,
							Validators:          nonEmpty,
						},
						"reason": schema.StringAttribute{
							MarkdownDescription: "Why the trade-off is accepted.",
							Required:            true,
							Validators:          nonEmpty,
						},
					},
				},
			},
			"stakeholders": stakeholdersBlock("Teams that agreed the priority."),
		},
	}
}

func (r *priorityResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c := clockFrom(req.ProviderData, &resp.Diagnostics); c != nil {
		r.clock = c
	}
}

func (r *priorityResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m priorityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = newID(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.ReviewOverdue.IsUnknown() {
		m.ReviewOverdue = pastDue(m.ReviewBy, r.clock)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read re-evaluates review_overdue with the clock, so a refresh records a review falling due.
func (r *priorityResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m priorityModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if overdue := pastDue(m.ReviewBy, r.clock); !overdue.IsUnknown() {
		m.ReviewOverdue = overdue
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *priorityResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m priorityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.ReviewOverdue.IsUnknown() {
		m.ReviewOverdue = pastDue(m.ReviewBy, r.clock)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete has nothing to remove outside the state, which the framework clears.
func (r *priorityResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *priorityResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_priority", resp)
}

// ModifyPlan plans review_overdue so that `terraform plan` shows it.
func (r *priorityResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var reviewBy types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("review_by"), &reviewBy)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("review_overdue"), pastDue(reviewBy, r.clock))...)
}

// ValidateConfig ties the compliance block to the source and rejects a trade-off against itself.
func (r *priorityResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m priorityModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Source.IsUnknown() && !m.Source.IsNull() && !m.Compliance.IsUnknown() {
		source := m.Source.ValueString()
		switch {
		case source == "business" && !m.Compliance.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("compliance"), "Unexpected compliance block",
				"Block compliance is only allowed when source is internal_compliance or external_compliance, "+
					"but source is \"business\".")
		case source != "business" && m.Compliance.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("compliance"), "Missing compliance block",
				fmt.Sprintf("Block compliance { framework, requirement } is required when source is %q: "+
					"name the obligation the priority answers.", source))
		}
	}
	if m.Tradeoff.IsNull() || m.Tradeoff.IsUnknown() {
		return
	}
	var tradeoffs []tradeoffModel
	resp.Diagnostics.Append(m.Tradeoff.ElementsAs(ctx, &tradeoffs, false)...)
	for i, t := range tradeoffs {
		if t.Favor.IsNull() || t.Favor.IsUnknown() || t.Over.IsUnknown() || t.Over.IsNull() {
			continue
		}
		if t.Favor.ValueString() == t.Over.ValueString() {
			p := path.Root("tradeoff").AtListIndex(i).AtName("over")
			resp.Diagnostics.AddAttributeError(p, "Invalid trade-off",
				fmt.Sprintf("Attribute %s must differ from favor: a trade-off weighs two different interests.", p))
		}
	}
}
