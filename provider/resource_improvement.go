package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.Resource                   = (*improvementResource)(nil)
	_ resource.ResourceWithConfigure      = (*improvementResource)(nil)
	_ resource.ResourceWithImportState    = (*improvementResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*improvementResource)(nil)
	_ resource.ResourceWithValidateConfig = (*improvementResource)(nil)
)

// NewImprovementResource returns the opex_improvement resource.
func NewImprovementResource() resource.Resource { return &improvementResource{} }

type improvementResource struct {
	clock Clock
}

var (
	improvementSourceValues   = []string{"incident", "problem", "gameday", "customer", "retrospective", "metric"}
	improvementPriorityValues = []string{"p1", "p2", "p3", "p4"}
	// improvementStatusValues are in the order an improvement moves through them.
	improvementStatusValues = []string{"identified", "prioritized", "in_progress", "done"}
)

type improvementModel struct {
	ID         types.String `tfsdk:"id"`
	WorkloadID types.String `tfsdk:"workload_id"`
	Title      types.String `tfsdk:"title"`
	Source     types.String `tfsdk:"source"`
	Priority   types.String `tfsdk:"priority"`
	Status     types.String `tfsdk:"status"`
	Owner      types.String `tfsdk:"owner"`
	Due        types.String `tfsdk:"due"`
	Learning   types.String `tfsdk:"learning"`
	SharedWith types.List   `tfsdk:"shared_with"`
	Recognized types.List   `tfsdk:"recognized"`
	Overdue    types.Bool   `tfsdk:"overdue"`
}

func (r *improvementResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_improvement"
}

func (r *improvementResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	teams := []validator.List{listvalidator.UniqueValues(), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "An improvement in the feedback loop of a workload: identified from an incident, " +
			"a game day or a metric, prioritised, driven to done, its learning shared and its contributors " +
			"recognised. `overdue` is re-evaluated on every refresh.",
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute(),
			"workload_id": workloadIDAttribute(),
			"title": schema.StringAttribute{
				MarkdownDescription: "What is to be improved.",
				Required:            true,
				Validators:          nonEmpty,
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "Where the opportunity came from: `incident`, `problem`, `gameday`, " +
					"`customer`, `retrospective` or `metric`.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(improvementSourceValues...)},
			},
			"priority": schema.StringAttribute{
				MarkdownDescription: "Priority from `p1` (most urgent) to `p4`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(improvementPriorityValues...)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Progress: `identified`, `prioritized`, `in_progress` or `done`. Defaults to " +
					"`identified`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("identified"),
				Validators: []validator.String{stringvalidator.OneOf(improvementStatusValues...)},
			},
			"owner": schema.StringAttribute{
				MarkdownDescription: "Who drives the improvement. Required once `status` is past `identified`.",
				Optional:            true,
				Validators:          nonEmpty,
			},
			"due": schema.StringAttribute{
				MarkdownDescription: "Date (`YYYY-MM-DD`) the improvement should be done by.",
				Optional:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"learning": schema.StringAttribute{
				MarkdownDescription: "What was learnt. Required when `status` is `done`.",
				Optional:            true,
				Validators:          nonEmpty,
			},
			"shared_with": schema.ListAttribute{
				MarkdownDescription: "Teams the learning was shared with.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          teams,
			},
			"recognized": schema.ListAttribute{
				MarkdownDescription: "People or teams credited for the improvement.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          teams,
			},
			"overdue": schema.BoolAttribute{
				MarkdownDescription: "Whether the improvement is not `done` and `due` lies before today (UTC). " +
					"Re-evaluated on every refresh.",
				Computed: true,
			},
		},
	}
}

func (r *improvementResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c := clockFrom(req.ProviderData, &resp.Diagnostics); c != nil {
		r.clock = c
	}
}

func (r *improvementResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m improvementModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = newID(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Overdue.IsUnknown() {
		m.Overdue = improvementOverdue(m.Status, m.Due, r.clock)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read re-evaluates overdue with the clock, so a refresh records a due date passing.
func (r *improvementResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m improvementModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if overdue := improvementOverdue(m.Status, m.Due, r.clock); !overdue.IsUnknown() {
		m.Overdue = overdue
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *improvementResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m improvementModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Overdue.IsUnknown() {
		m.Overdue = improvementOverdue(m.Status, m.Due, r.clock)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete has nothing to remove outside the state, which the framework clears.
func (r *improvementResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *improvementResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_improvement", resp)
}

// ModifyPlan plans overdue so that `terraform plan` shows it.
func (r *improvementResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var status, due types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("status"), &status)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("due"), &due)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("overdue"), improvementOverdue(status, due, r.clock))...)
}

// ValidateConfig requires an owner once the improvement is prioritised and the learning once it
// is done: the loop is only closed when what was learnt is written down.
func (r *improvementResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var status, owner, learning types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("status"), &status)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("owner"), &owner)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("learning"), &learning)...)
	if resp.Diagnostics.HasError() || status.IsUnknown() || status.IsNull() {
		return // a null status defaults to identified, which needs neither
	}
	s := status.ValueString()
	if s != "identified" && owner.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("owner"), "Missing improvement owner",
			fmt.Sprintf("Attribute owner is required when status is %q: someone must drive the improvement.", s))
	}
	if s == "done" && learning.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("learning"), "Missing learning",
			"Attribute learning is required when status is \"done\": record what was learnt so it can be shared.")
	}
}

// improvementOverdue is true when the improvement is not done and its due date has passed.
func improvementOverdue(status, due types.String, c Clock) types.Bool {
	if status.IsUnknown() {
		return types.BoolUnknown()
	}
	if status.ValueString() == "done" {
		return types.BoolValue(false)
	}
	return pastDue(due, c)
}
