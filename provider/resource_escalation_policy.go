package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.Resource                   = (*escalationPolicyResource)(nil)
	_ resource.ResourceWithImportState    = (*escalationPolicyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*escalationPolicyResource)(nil)
)

// NewEscalationPolicyResource returns the opex_escalation_policy resource.
func NewEscalationPolicyResource() resource.Resource { return &escalationPolicyResource{} }

type escalationPolicyResource struct{}

type escalationPolicyModel struct {
	ID                      types.String `tfsdk:"id"`
	WorkloadID              types.String `tfsdk:"workload_id"`
	Name                    types.String `tfsdk:"name"`
	IncidentThreshold       types.String `tfsdk:"incident_threshold"`
	ProblemAfterRecurrences types.Int64  `tfsdk:"problem_after_recurrences"`
	Level                   types.List   `tfsdk:"level"`
	NotifyUsers             types.Object `tfsdk:"notify_users"`
}

type escalationLevelModel struct {
	AfterMinutes types.Int64  `tfsdk:"after_minutes"`
	Targets      types.List   `tfsdk:"targets"`
	Owner        types.String `tfsdk:"owner"`
}

func (r *escalationPolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_escalation_policy"
}

func (r *escalationPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "How a workload's events become incidents and problems, who responds and in what " +
			"order, and how users are told about impact and recovery.",
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute(),
			"workload_id": workloadIDAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the policy.",
				Required:            true,
				Validators:          nonEmpty,
			},
			"incident_threshold": schema.StringAttribute{
				MarkdownDescription: "Lowest event severity treated as an incident that needs a response: " +
					"`critical`, `high`, `medium` or `low`. Events below it are recorded only.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(severityValues...)},
			},
			"problem_after_recurrences": schema.Int64Attribute{
				MarkdownDescription: "Number of occurrences after which a recurring incident is handled as a " +
					"problem (root cause analysis). Defaults to `3`.",
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(3),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
		},
		Blocks: map[string]schema.Block{
			"level": schema.ListNestedBlock{
				MarkdownDescription: "Escalation levels in order; at least one. Each `after_minutes` must be " +
					"greater than the previous level's.",
				Validators: []validator.List{listvalidator.IsRequired(), listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"after_minutes": schema.Int64Attribute{
							MarkdownDescription: "Minutes after the incident opens at which this level is engaged.",
							Required:            true,
							Validators:          []validator.Int64{int64validator.AtLeast(0)},
						},
						"targets": schema.ListAttribute{
							MarkdownDescription: "Who is paged at this level (rotations, teams, people); at least one.",
							ElementType:         types.StringType,
							Required:            true,
							Validators: []validator.List{
								listvalidator.SizeAtLeast(1),
								listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
							},
						},
						"owner": schema.StringAttribute{
							MarkdownDescription: "Who owns the response at this level.",
							Required:            true,
							Validators:          nonEmpty,
						},
					},
				},
			},
			"notify_users": schema.SingleNestedBlock{
				MarkdownDescription: "How the workload's users are told when they are affected and when service " +
					"is restored.",
				Validators: []validator.Object{objectvalidator.AlsoRequires(path.MatchRelative().AtName("channel"))},
				Attributes: map[string]schema.Attribute{
					"channel": schema.StringAttribute{
						MarkdownDescription: "Where users are notified, e.g. a status page. Required in the block.",
						Optional:            true,
						Validators:          nonEmpty,
					},
					"on_impact": schema.BoolAttribute{
						MarkdownDescription: "Notify users when an incident affects them. Defaults to `true`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(true),
					},
					"on_recovery": schema.BoolAttribute{
						MarkdownDescription: "Notify users when normal service is restored. Defaults to `true`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(true),
					},
				},
			},
		},
	}
}

func (r *escalationPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m escalationPolicyModel
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
func (r *escalationPolicyResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

func (r *escalationPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m escalationPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete has nothing to remove outside the state, which the framework clears.
func (r *escalationPolicyResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *escalationPolicyResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_escalation_policy", resp)
}

// ValidateConfig requires levels in escalation order.
func (r *escalationPolicyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var levels types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("level"), &levels)...)
	if resp.Diagnostics.HasError() || levels.IsNull() || levels.IsUnknown() {
		return
	}
	var ls []escalationLevelModel
	resp.Diagnostics.Append(levels.ElementsAs(ctx, &ls, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var prev *int64
	for i, l := range ls {
		if l.AfterMinutes.IsUnknown() || l.AfterMinutes.IsNull() {
			prev = nil // an unknown level breaks the chain; compare only known neighbours
			continue
		}
		cur := l.AfterMinutes.ValueInt64()
		if prev != nil && cur <= *prev {
			p := path.Root("level").AtListIndex(i).AtName("after_minutes")
			resp.Diagnostics.AddAttributeError(p, "Escalation levels out of order",
				fmt.Sprintf("Attribute %s is %d but must be greater than level[%d].after_minutes (%d): "+
					"each level engages later than the one before.", p, cur, i-1, *prev))
		}
		prev = &cur
	}
}
