package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.Resource                = (*runbookResource)(nil)
	_ resource.ResourceWithConfigure   = (*runbookResource)(nil)
	_ resource.ResourceWithImportState = (*runbookResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*runbookResource)(nil)
)

// NewRunbookResource returns the opex_runbook resource.
func NewRunbookResource() resource.Resource { return &runbookResource{} }

type runbookResource struct {
	clock Clock
}

type runbookModel struct {
	ID                 types.String `tfsdk:"id"`
	WorkloadID         types.String `tfsdk:"workload_id"`
	Name               types.String `tfsdk:"name"`
	Kind               types.String `tfsdk:"kind"`
	URL                types.String `tfsdk:"url"`
	Owner              types.String `tfsdk:"owner"`
	EscalationPolicyID types.String `tfsdk:"escalation_policy_id"`
	Step               types.List   `tfsdk:"step"`
	LastReviewed       types.String `tfsdk:"last_reviewed"`
	ReviewIntervalDays types.Int64  `tfsdk:"review_interval_days"`
	NextReview         types.String `tfsdk:"next_review"`
	ReviewOverdue      types.Bool   `tfsdk:"review_overdue"`
}

func (r *runbookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_runbook"
}

func (r *runbookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "A runbook (a procedure to reach a specific outcome) or playbook (a process to " +
			"investigate an issue) for a workload, with owners on each step and a review cadence. " +
			"`review_overdue` is re-evaluated on every refresh, so a review falling due shows in later plans.",
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute(),
			"workload_id": workloadIDAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the runbook.",
				Required:            true,
				Validators:          nonEmpty,
			},
			"kind": schema.StringAttribute{
				MarkdownDescription: "`runbook` (a procedure with a known outcome) or `playbook` (an " +
					"investigation). Defaults to `runbook`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("runbook"),
				Validators: []validator.String{stringvalidator.OneOf("runbook", "playbook")},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "Where the document lives: an absolute `http` or `https` URL.",
				Optional:            true,
				Validators:          []validator.String{urlValidator{}},
			},
			"owner": schema.StringAttribute{
				MarkdownDescription: "Who keeps the runbook current.",
				Required:            true,
				Validators:          nonEmpty,
			},
			"escalation_policy_id": schema.StringAttribute{
				MarkdownDescription: "The `id` of the `opex_escalation_policy` to follow when the runbook does not " +
					"resolve the issue.",
				Optional:   true,
				Validators: nonEmpty,
			},
			"last_reviewed": schema.StringAttribute{
				MarkdownDescription: "Date (`YYYY-MM-DD`) the runbook was last reviewed or exercised.",
				Optional:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"review_interval_days": schema.Int64Attribute{
				MarkdownDescription: "Days between reviews. Defaults to `90`.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(90),
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"next_review": schema.StringAttribute{
				MarkdownDescription: "Date (`YYYY-MM-DD`) the next review is due: `last_reviewed` plus " +
					"`review_interval_days`. Null when the runbook was never reviewed.",
				Computed: true,
			},
			"review_overdue": schema.BoolAttribute{
				MarkdownDescription: "Whether the runbook was never reviewed or `next_review` lies before today " +
					"(UTC). Re-evaluated on every refresh.",
				Computed: true,
			},
		},
		Blocks: map[string]schema.Block{
			"step": schema.ListNestedBlock{
				MarkdownDescription: "Steps in order. Repeatable.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							MarkdownDescription: "What the step does.",
							Required:            true,
							Validators:          nonEmpty,
						},
						"owner": schema.StringAttribute{
							MarkdownDescription: "Who performs the step. Readiness reviews expect an owner on " +
								"every manual step.",
							Optional:   true,
							Validators: nonEmpty,
						},
						"automated": schema.BoolAttribute{
							MarkdownDescription: "Whether the step runs without a person. Defaults to `false`.",
							Optional:            true,
							Computed:            true,
							Default:             booldefault.StaticBool(false),
						},
					},
				},
			},
		},
	}
}

func (r *runbookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c := clockFrom(req.ProviderData, &resp.Diagnostics); c != nil {
		r.clock = c
	}
}

func (r *runbookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m runbookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = newID(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.fillUnknown(&m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read re-evaluates the review with the clock, so a refresh records a review falling due.
func (r *runbookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m runbookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	next, overdue := runbookReview(m.LastReviewed, m.ReviewIntervalDays, r.clock)
	if !next.IsUnknown() {
		m.NextReview = next
	}
	if !overdue.IsUnknown() {
		m.ReviewOverdue = overdue
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *runbookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m runbookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.fillUnknown(&m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fillUnknown computes the values the plan could not know (inputs unknown at plan time), and
// keeps the planned ones: Terraform rejects an apply that changes a known planned value.
func (r *runbookResource) fillUnknown(m *runbookModel) {
	next, overdue := runbookReview(m.LastReviewed, m.ReviewIntervalDays, r.clock)
	if m.NextReview.IsUnknown() {
		m.NextReview = next
	}
	if m.ReviewOverdue.IsUnknown() {
		m.ReviewOverdue = overdue
	}
}

// Delete has nothing to remove outside the state, which the framework clears.
func (r *runbookResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (r *runbookResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_runbook", resp)
}

// ModifyPlan plans next_review and review_overdue so that `terraform plan` shows them.
func (r *runbookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var m runbookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	next, overdue := runbookReview(m.LastReviewed, m.ReviewIntervalDays, r.clock)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("next_review"), next)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("review_overdue"), overdue)...)
}

// runbookReview derives next_review and review_overdue. A runbook never reviewed has no next
// review and is overdue: nobody has checked that it works.
func runbookReview(lastReviewed types.String, intervalDays types.Int64, c Clock) (types.String, types.Bool) {
	if lastReviewed.IsUnknown() || intervalDays.IsUnknown() {
		return types.StringUnknown(), types.BoolUnknown()
	}
	if lastReviewed.IsNull() {
		return types.StringNull(), types.BoolValue(true)
	}
	interval := int64(90)
	if !intervalDays.IsNull() {
		interval = intervalDays.ValueInt64()
	}
	next, err := addDays(lastReviewed.ValueString(), interval)
	if err != nil {
		// The date validator rejects such values first; never fail a read over it.
		return types.StringNull(), types.BoolValue(true)
	}
	return types.StringValue(next), pastDue(types.StringValue(next), c)
}
