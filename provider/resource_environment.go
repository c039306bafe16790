package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.Resource                   = (*environmentResource)(nil)
	_ resource.ResourceWithImportState    = (*environmentResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*environmentResource)(nil)
	_ resource.ResourceWithValidateConfig = (*environmentResource)(nil)
)

// NewEnvironmentResource returns the opex_environment resource.
func NewEnvironmentResource() resource.Resource { return &environmentResource{} }

type environmentResource struct{}

// stageValues are ordered from the least to the most controlled stage.
var stageValues = []string{"sandbox", "development", "test", "staging", "production"}

type environmentModel struct {
	ID            types.String `tfsdk:"id"`
	WorkloadID    types.String `tfsdk:"workload_id"`
	Name          types.String `tfsdk:"name"`
	Stage         types.String `tfsdk:"stage"`
	Owner         types.String `tfsdk:"owner"`
	ManagedByCode types.Bool   `tfsdk:"managed_by_code"`
	Controls      types.Object `tfsdk:"controls"`
	Schedule      types.Object `tfsdk:"schedule"`
	IsProduction  types.Bool   `tfsdk:"is_production"`
}

func (r *environmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_environment"
}

func (r *environmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "One environment of a workload (sandbox to production) with the controls its changes " +
			"go through and the schedule it runs on. Controls should increase toward production; " +
			"non-production environments should be turned off when not in use.",
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute(),
			"workload_id": workloadIDAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the environment, e.g. `prod-eu`.",
				Required:            true,
				Validators:          nonEmpty,
			},
			"stage": schema.StringAttribute{
				MarkdownDescription: "Stage: `sandbox`, `development`, `test`, `staging` or `production`. " +
					"Changing it replaces the resource.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stageValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"owner": schema.StringAttribute{
				MarkdownDescription: "Who is responsible for the environment. Required for a `sandbox`, which " +
					"belongs to an individual.",
				Optional:   true,
				Validators: nonEmpty,
			},
			"managed_by_code": schema.BoolAttribute{
				MarkdownDescription: "Whether the environment is provisioned from code (infrastructure as code). " +
					"Defaults to `true`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"is_production": schema.BoolAttribute{
				MarkdownDescription: "Whether `stage` is `production`.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"controls": schema.SingleNestedBlock{
				MarkdownDescription: "Controls that changes to this environment pass through. Stricter stages " +
					"should have stricter controls.",
				Attributes: map[string]schema.Attribute{
					"required_approvals": schema.Int64Attribute{
						MarkdownDescription: "Approvals a change needs before it is applied. Defaults to `0`.",
						Optional:            true,
						Computed:            true,
						Default:             int64default.StaticInt64(0),
						Validators:          []validator.Int64{int64validator.AtLeast(0)},
					},
					"max_batch_size": schema.Int64Attribute{
						MarkdownDescription: "Largest number of resource changes allowed in one deployment " +
							"(frequent, small, reversible changes).",
						Optional:   true,
						Validators: []validator.Int64{int64validator.AtLeast(1)},
					},
					"require_rollback_plan": schema.BoolAttribute{
						MarkdownDescription: "Whether a change needs a rollback plan. Defaults to `false`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(false),
					},
					"require_readiness_review": schema.BoolAttribute{
						MarkdownDescription: "Whether a passing `opex_readiness_review` is required before " +
							"deploying. Defaults to `false`.",
						Optional: true,
						Computed: true,
						Default:  booldefault.StaticBool(false),
					},
					"change_window": schema.StringAttribute{
						MarkdownDescription: "When changes may be deployed, in words, e.g. `mon-thu 09:00-16:00 Europe/Paris`.",
						Optional:            true,
						Validators:          nonEmpty,
					},
				},
			},
			"schedule": schema.SingleNestedBlock{
				MarkdownDescription: "When the environment runs; outside these hours it is turned off. " +
					"Recommended for every non-production stage; not allowed for `production`.",
				Validators: []validator.Object{objectvalidator.AlsoRequires(
					path.MatchRelative().AtName("days"), path.MatchRelative().AtName("hours"),
					path.MatchRelative().AtName("timezone"))},
				Attributes: map[string]schema.Attribute{
					"days": schema.ListAttribute{
						MarkdownDescription: "Days the environment runs: any of `mon`, `tue`, `wed`, `thu`, `fri`, " +
							"`sat`, `sun`, each at most once. Required in the block.",
						ElementType: types.StringType,
						Optional:    true,
						Validators: []validator.List{
							listvalidator.SizeAtLeast(1),
							listvalidator.UniqueValues(),
							listvalidator.ValueStringsAre(stringvalidator.OneOf(weekdayValues...)),
						},
					},
					"hours": schema.StringAttribute{
						MarkdownDescription: "Daily running window `HH:MM-HH:MM` (24-hour clock; the end may be past " +
							"midnight). Required in the block.",
						Optional:   true,
						Validators: []validator.String{hoursValidator{}},
					},
					"timezone": schema.StringAttribute{
						MarkdownDescription: "IANA time zone of `hours`, e.g. `Europe/Paris`. Required in the block.",
						Optional:            true,
						Validators:          []validator.String{timezoneValidator{}},
					},
				},
			},
		},
	}
}

// workloadIDAttribute is the workload_id of a resource that belongs to one workload.
func workloadIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The `id` of the `opex_workload` this belongs to. Changing it replaces the resource.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// isProduction derives is_production from stage, unknown while the stage is.
func isProduction(stage types.String) types.Bool {
	if stage.IsUnknown() || stage.IsNull() {
		return types.BoolUnknown()
	}
	return types.BoolValue(stage.ValueString() == "production")
}

func (r *environmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m environmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = newID(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m.IsProduction = isProduction(m.Stage)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read re-derives is_production from the stored stage.
func (r *environmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m environmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.IsProduction = isProduction(m.Stage)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *environmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m environmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.IsProduction = isProduction(m.Stage)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete has nothing to remove outside the state, which the framework clears.
func (r *environmentResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *environmentResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_environment", resp)
}

// ModifyPlan plans is_production so that `terraform plan` shows it.
func (r *environmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var stage types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("stage"), &stage)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("is_production"), isProduction(stage))...)
}

// ValidateConfig applies the pillar's rules on stages: sandboxes belong to someone, non-production
// environments are turned off when not in use, and production is never scheduled off.
func (r *environmentResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m environmentModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Stage.IsUnknown() || m.Stage.IsNull() {
		return
	}
	stage := m.Stage.ValueString()
	if stage == "sandbox" && m.Owner.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("owner"), "Missing sandbox owner",
			"Attribute owner is required when stage is \"sandbox\": a sandbox belongs to an individual, "+
				"who decides when to turn it off.")
	}
	if m.Schedule.IsUnknown() {
		return
	}
	switch {
	case stage == "production" && !m.Schedule.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Schedule on a production environment",
			"Block schedule turns the environment off outside its hours, which would take production down; "+
				"remove it for stage \"production\".")
	case stage != "production" && m.Schedule.IsNull():
		resp.Diagnostics.AddAttributeWarning(path.Root("schedule"), "Non-production environment without schedule",
			"Stage \""+stage+"\" has no schedule block: turn environments off when they are not in use, "+
				"e.g. schedule { days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], hours = \"08:00-19:00\", "+
				"timezone = \"UTC\" }.")
	}
}
