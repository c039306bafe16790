package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Schema versions.
//
// Version 0 is the first schema, before the computed readiness facts existed: opex_environment had
// no is_production, opex_runbook no next_review and review_overdue, opex_priority no review_overdue
// and opex_improvement no overdue (and the environment object a readiness review stores had no
// is_production either). Version 1 added them. The upgraders below copy a version 0 state as is and
// derive the new attributes from the stored inputs, with the provider clock for the dated ones, so
// the first plan after an upgrade already shows them. Resources whose schema did not change get an
// identity upgrader, so every resource declares its history and a later change only adds an entry.

var (
	_ resource.ResourceWithUpgradeState = (*workloadResource)(nil)
	_ resource.ResourceWithUpgradeState = (*priorityResource)(nil)
	_ resource.ResourceWithUpgradeState = (*environmentResource)(nil)
	_ resource.ResourceWithUpgradeState = (*escalationPolicyResource)(nil)
	_ resource.ResourceWithUpgradeState = (*runbookResource)(nil)
	_ resource.ResourceWithUpgradeState = (*improvementResource)(nil)
	_ resource.ResourceWithUpgradeState = (*readinessCheckResource)(nil)
	_ resource.ResourceWithUpgradeState = (*readinessReviewResource)(nil)
)

// schemaOf returns the current schema of r.
func schemaOf(ctx context.Context, r resource.Resource) schema.Schema {
	resp := &resource.SchemaResponse{}
	r.Schema(ctx, resource.SchemaRequest{}, resp)
	return resp.Schema
}

// priorSchemaWithout is the version 0 schema of r: its current schema without the attributes that
// version 1 added.
func priorSchemaWithout(ctx context.Context, r resource.Resource, added ...string) *schema.Schema {
	prior := schemaOf(ctx, r)
	prior.Version = 0
	attrs := make(map[string]schema.Attribute, len(prior.Attributes))
	for name, a := range prior.Attributes {
		attrs[name] = a
	}
	for _, name := range added {
		delete(attrs, name)
	}
	prior.Attributes = attrs
	return &prior
}

// identityUpgrade is the version 0 to 1 upgrader of a resource whose schema did not change.
func identityUpgrade(ctx context.Context, r resource.Resource) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: priorSchemaWithout(ctx, r),
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				upgradeFromV0(ctx, req, resp, nil)
			},
		},
	}
}

// upgradeFromV0 writes the prior state into the current schema: attributes present in both are
// copied unchanged, the ones in set take the given values, and any other new attribute is null.
func upgradeFromV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse, set map[string]attr.Value) {
	if req.State == nil {
		resp.Diagnostics.AddError("Cannot upgrade state", "The prior state has no schema. This is a bug in the opex provider.")
		return
	}
	var prior map[string]tftypes.Value
	if err := req.State.Raw.As(&prior); err != nil {
		resp.Diagnostics.AddError("Cannot upgrade state", "Reading the version 0 state: "+err.Error())
		return
	}
	target, ok := resp.State.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		resp.Diagnostics.AddError("Cannot upgrade state", "The current schema is not an object. This is a bug in the opex provider.")
		return
	}
	values := make(map[string]tftypes.Value, len(target.AttributeTypes))
	for name, typ := range target.AttributeTypes {
		v, present := prior[name]
		if a, ok := set[name]; ok {
			tv, err := a.ToTerraformValue(ctx)
			if err != nil {
				resp.Diagnostics.AddError("Cannot upgrade state", fmt.Sprintf("Attribute %s: %s", name, err))
				return
			}
			// A state never holds unknown values; a fact that cannot be derived stays null until
			// the next refresh or apply computes it.
			if !tv.IsKnown() {
				tv = tftypes.NewValue(typ, nil)
			}
			v, present = tv, true
		}
		if !present {
			v = tftypes.NewValue(typ, nil)
		}
		values[name] = v
	}
	if err := tftypes.ValidateValue(target, values); err != nil {
		resp.Diagnostics.AddError("Cannot upgrade state", "The upgraded state does not match the current schema: "+err.Error())
		return
	}
	resp.State.Raw = tftypes.NewValue(target, values)
}

// upgradeClock is the clock an upgrader reads: the provider's, or the wall clock when the resource
// was not configured (Terraform may upgrade a state before configuring the provider).
func upgradeClock(c Clock) Clock {
	if c == nil {
		return realClock{}
	}
	return c
}

func (r *workloadResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return identityUpgrade(ctx, r)
}

func (r *escalationPolicyResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return identityUpgrade(ctx, r)
}

func (r *readinessCheckResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return identityUpgrade(ctx, r)
}

// UpgradeState derives is_production from the stored stage.
func (r *environmentResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: priorSchemaWithout(ctx, r, "is_production"),
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var stage types.String
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("stage"), &stage)...)
				if resp.Diagnostics.HasError() {
					return
				}
				upgradeFromV0(ctx, req, resp, map[string]attr.Value{"is_production": isProduction(stage)})
			},
		},
	}
}

// UpgradeState derives next_review and review_overdue from last_reviewed, review_interval_days
// and the clock.
func (r *runbookResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: priorSchemaWithout(ctx, r, "next_review", "review_overdue"),
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var last types.String
				var interval types.Int64
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("last_reviewed"), &last)...)
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("review_interval_days"), &interval)...)
				if resp.Diagnostics.HasError() {
					return
				}
				next, overdue := runbookReview(last, interval, upgradeClock(r.clock))
				upgradeFromV0(ctx, req, resp, map[string]attr.Value{"next_review": next, "review_overdue": overdue})
			},
		},
	}
}

// UpgradeState derives review_overdue from review_by and the clock.
func (r *priorityResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: priorSchemaWithout(ctx, r, "review_overdue"),
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var reviewBy types.String
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("review_by"), &reviewBy)...)
				if resp.Diagnostics.HasError() {
					return
				}
				upgradeFromV0(ctx, req, resp, map[string]attr.Value{"review_overdue": pastDue(reviewBy, upgradeClock(r.clock))})
			},
		},
	}
}

// UpgradeState derives overdue from status, due and the clock.
func (r *improvementResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: priorSchemaWithout(ctx, r, "overdue"),
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var status, due types.String
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("due"), &due)...)
				if resp.Diagnostics.HasError() {
					return
				}
				upgradeFromV0(ctx, req, resp, map[string]attr.Value{"overdue": improvementOverdue(status, due, upgradeClock(r.clock))})
			},
		},
	}
}

// reviewEnvironmentTypeV0 is the environment object a version 0 review stored: an
// opex_environment before is_production existed.
func reviewEnvironmentTypeV0() map[string]attr.Type {
	t := make(map[string]attr.Type, len(reviewEnvironmentType))
	for k, v := range reviewEnvironmentType {
		if k != "is_production" {
			t[k] = v
		}
	}
	return t
}

// UpgradeState adds is_production to the stored environment object, derived from its stage. The
// results stay as stored; the refresh that follows the upgrade re-evaluates them.
func (r *readinessReviewResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	prior := priorSchemaWithout(ctx, r)
	env := prior.Attributes["environment"].(schema.ObjectAttribute)
	env.AttributeTypes = reviewEnvironmentTypeV0()
	prior.Attributes["environment"] = env
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: prior,
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var old types.Object
				resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("environment"), &old)...)
				if resp.Diagnostics.HasError() {
					return
				}
				upgraded := types.ObjectNull(reviewEnvironmentType)
				if !old.IsNull() && !old.IsUnknown() {
					attrs := make(map[string]attr.Value, len(reviewEnvironmentType))
					for k, v := range old.Attributes() {
						attrs[k] = v
					}
					stage, _ := attrs["stage"].(types.String)
					attrs["is_production"] = isProduction(stage)
					if b := attrs["is_production"].(types.Bool); b.IsUnknown() {
						attrs["is_production"] = types.BoolNull()
					}
					var d diag.Diagnostics
					upgraded, d = types.ObjectValue(reviewEnvironmentType, attrs)
					resp.Diagnostics.Append(d...)
					if resp.Diagnostics.HasError() {
						return
					}
				}
				upgradeFromV0(ctx, req, resp, map[string]attr.Value{"environment": upgraded})
			},
		},
	}
}
