package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/opexhq/terraform-provider-opex/provider/readiness"
)

var (
	_ resource.Resource                   = (*readinessReviewResource)(nil)
	_ resource.ResourceWithConfigure      = (*readinessReviewResource)(nil)
	_ resource.ResourceWithImportState    = (*readinessReviewResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*readinessReviewResource)(nil)
	_ resource.ResourceWithValidateConfig = (*readinessReviewResource)(nil)
)

// NewReadinessReviewResource returns the opex_readiness_review resource.
func NewReadinessReviewResource() resource.Resource { return &readinessReviewResource{} }

type readinessReviewResource struct {
	clock Clock
}

// The reference attributes declare the subset of each referenced resource that the checks read.
// Terraform converts a whole resource object to such a type and drops the other attributes, so
// `workload = opex_workload.x` works and users never copy values. Numbers are declared as
// number (not int64) so that the conversion never fails on a representation detail.
var (
	stringList = types.ListType{ElemType: types.StringType}

	reviewWorkloadType = map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "description": types.StringType,
		"owner": types.StringType, "tier": types.StringType, "tags": types.MapType{ElemType: types.StringType},
		"stakeholders": types.ObjectType{AttrTypes: map[string]attr.Type{"business": stringList, "development": stringList}},
	}
	reviewEnvironmentType = map[string]attr.Type{
		"id": types.StringType, "workload_id": types.StringType, "name": types.StringType, "stage": types.StringType,
		"owner": types.StringType, "managed_by_code": types.BoolType, "is_production": types.BoolType,
		"controls": types.ObjectType{AttrTypes: map[string]attr.Type{
			"required_approvals": types.NumberType, "max_batch_size": types.NumberType,
			"require_rollback_plan": types.BoolType, "require_readiness_review": types.BoolType,
			"change_window": types.StringType,
		}},
		"schedule": types.ObjectType{AttrTypes: map[string]attr.Type{
			"days": stringList, "hours": types.StringType, "timezone": types.StringType,
		}},
	}
	reviewEscalationType = map[string]attr.Type{
		"id": types.StringType, "workload_id": types.StringType, "name": types.StringType,
		"incident_threshold": types.StringType, "problem_after_recurrences": types.NumberType,
		"level": types.ListType{ElemType: types.ObjectType{AttrTypes: map[string]attr.Type{
			"after_minutes": types.NumberType, "targets": stringList, "owner": types.StringType,
		}}},
		"notify_users": types.ObjectType{AttrTypes: map[string]attr.Type{
			"channel": types.StringType, "on_impact": types.BoolType, "on_recovery": types.BoolType,
		}},
	}
	reviewResultType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"check": types.StringType, "title": types.StringType, "status": types.StringType,
		"severity": types.StringType, "focus_area": types.StringType, "message": types.StringType,
	}}
)

const reviewInputDoc = "The checks (built-in and custom) see one input document:\n\n" +
	"```json\n" +
	"{\"now\": \"YYYY-MM-DD\", \"workload\": {...}, \"environment\": {...} | null, \"lower_environments\": [...],\n" +
	" \"priorities\": [...], \"runbooks\": [...], \"escalation\": {...} | null, \"telemetry\": [...],\n" +
	" \"rollback_plan\": \"...\" | null, \"last_gameday\": \"YYYY-MM-DD\" | null, \"evidence\": [{\"check\", \"url\", \"note\"}],\n" +
	" \"params\": {\"game_day_max_age_days\": 90}}\n" +
	"```\n\n" +
	"Each referenced resource appears with its attribute names as in its own schema (snake_case; " +
	"blocks as objects or lists of objects); `now` is the provider clock's day (UTC)."

const reviewScoreDoc = "Each check weighs `severity weight × priority weight / 50`, where the severity weight is " +
	"8 (critical), 4 (high), 2 (medium) or 1 (low), and the priority weight is the `weight` of the heaviest " +
	"priority in `priorities` whose `focus_area` is the check's focus area (50 when there is none). " +
	"`score = round(100 × weight of passed and waived checks / weight of all checks)`."

func (r *readinessReviewResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_readiness_review"
}

func (r *readinessReviewResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	ref := func(what string) string {
		return what + " Pass the resource itself; the review reads the attributes it needs and ignores the rest."
	}
	dyn := func(what string) schema.DynamicAttribute {
		return schema.DynamicAttribute{
			MarkdownDescription: ref(what) + " A list (or tuple) of resources, e.g. `[opex_runbook.a, opex_runbook.b]`.",
			Optional:            true,
		}
	}
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "The readiness gate for one workload in one environment: evaluates the built-in " +
			"readiness checks (see the `opex_readiness_checks` data source) and the given custom checks at plan " +
			"time, scores them and, with `enforce = true`, stops the plan when the workload is not ready.\n\n" +
			"The results are re-evaluated on every refresh with the current date, so a plan shows readiness " +
			"that has decayed (a runbook review falling due, a waiver expiring).\n\n" +
			"**Score.** " + reviewScoreDoc + " The review passes when `score >= min_score` and no critical " +
			"check fails (a waived check does not fail).\n\n" +
			"**Waivers and evidence.** A `waiver` turns a failing check into `waived` up to and including its " +
			"`until` day; once expired it no longer waives and the result says so. `evidence` never changes a " +
			"result by itself: it is given to the checks as `input.evidence` (a custom check may accept it as " +
			"attestation) and listed in the `summary`.\n\n" +
			"**Unknown values.** Ids of resources created in the same plan are unknown until apply; the checks " +
			"see them as the placeholder `\"(known after apply)\"`, which counts as set. When any other fact is " +
			"unknown, the results are planned as unknown and the gate decides at apply instead (with " +
			"`enforce = true`, a failing review then fails the apply).\n\n" + reviewInputDoc,
		Attributes: map[string]schema.Attribute{
			"id": idAttribute(),
			"workload": schema.ObjectAttribute{
				MarkdownDescription: ref("The workload under review, e.g. `opex_workload.checkout`."),
				Required:            true,
				AttributeTypes:      reviewWorkloadType,
			},
			"environment": schema.ObjectAttribute{
				MarkdownDescription: ref("The environment the workload is going into, e.g. `opex_environment.prod`."),
				Optional:            true,
				AttributeTypes:      reviewEnvironmentType,
			},
			"lower_environments": dyn("The environments of lower stages (opex_environment), whose controls " +
				"the environment's must not undercut."),
			"priorities": dyn("The operational priorities (opex_priority) that apply to the workload. Their " +
				"weights weigh the score."),
			"runbooks": dyn("The runbooks and playbooks (opex_runbook) for the workload."),
			"escalation": schema.ObjectAttribute{
				MarkdownDescription: ref("The workload's escalation policy, e.g. `opex_escalation_policy.pager`."),
				Optional:            true,
				AttributeTypes:      reviewEscalationType,
			},
			"checks": dyn("Custom readiness checks (opex_readiness_check) evaluated in addition to the built-in ones."),
			"telemetry": schema.ListAttribute{
				MarkdownDescription: "Ids or ARNs of the alarms and dashboards that watch the workload.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"rollback_plan": schema.StringAttribute{
				MarkdownDescription: "How to reverse the change (a link or a short procedure). Required by the " +
					"`rollback-plan` check when the environment's `controls.require_rollback_plan` is true.",
				Optional: true,
			},
			"last_gameday": schema.StringAttribute{
				MarkdownDescription: "Day of the last game day run against the workload (YYYY-MM-DD).",
				Optional:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"game_day_max_age_days": schema.Int64Attribute{
				MarkdownDescription: "Most days allowed since `last_gameday` (the `game-day-recent` check). Default 90.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(90),
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"min_score": schema.Int64Attribute{
				MarkdownDescription: "Lowest score (0–100) at which the review passes. Default 80.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(80),
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"enforce": schema.BoolAttribute{
				MarkdownDescription: "When true, a failing review is a plan-time error that lists every failing " +
					"check, so the plan stops. Default false (the review only reports).",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"score": schema.Int64Attribute{
				MarkdownDescription: "Readiness score, 0–100. " + reviewScoreDoc,
				Computed:            true,
			},
			"passed": schema.BoolAttribute{
				MarkdownDescription: "Whether the review passes: `score >= min_score` and no critical check failed.",
				Computed:            true,
			},
			"results": schema.ListAttribute{
				MarkdownDescription: "One result per check, built-in checks first (by id), then custom checks in " +
					"the order given: `check` (id), `title`, `status` (`pass`, `fail` or `waived`), `severity`, " +
					"`focus_area` and `message` (the check's findings; empty when it passes).",
				Computed:    true,
				ElementType: reviewResultType,
			},
			"summary": schema.StringAttribute{
				MarkdownDescription: "The review as Markdown: verdict, score and a table of results, for pull " +
					"request comments and reports.",
				Computed: true,
			},
		},
		Blocks: map[string]schema.Block{
			"evidence": schema.ListNestedBlock{
				MarkdownDescription: "Evidence for a check (a link to a test report, a game day write-up). Given " +
					"to the checks as `input.evidence` and listed in the summary; it does not change a result by itself.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"check": schema.StringAttribute{
						MarkdownDescription: "Id of the check (built-in id or a custom check's `key`).",
						Required:            true,
					},
					"url": schema.StringAttribute{
						MarkdownDescription: "Where the evidence is (http or https URL).",
						Optional:            true,
						Validators:          []validator.String{urlValidator{}},
					},
					"note": schema.StringAttribute{
						MarkdownDescription: "What the evidence shows.",
						Optional:            true,
					},
				}},
			},
			"waiver": schema.ListNestedBlock{
				MarkdownDescription: "Accepts a failing check for a while: until the end of the `until` day the " +
					"check counts as `waived` (it passes the gate and scores as passed); after that it fails again " +
					"and its message says the waiver expired.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"check": schema.StringAttribute{
						MarkdownDescription: "Id of the check (built-in id or a custom check's `key`).",
						Required:            true,
					},
					"reason": schema.StringAttribute{
						MarkdownDescription: "Why the risk is accepted, and by whom.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"until": schema.StringAttribute{
						MarkdownDescription: "Last day the waiver applies (YYYY-MM-DD).",
						Required:            true,
						Validators:          []validator.String{dateValidator{}},
					},
				}},
				Validators: []validator.List{listvalidator.SizeAtMost(100)},
			},
		},
	}
}

func (r *readinessReviewResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c := clockFrom(req.ProviderData, &resp.Diagnostics); c != nil {
		r.clock = c
	}
}

// ValidateConfig rejects waivers and evidence for checks that do not exist, so a typo cannot
// leave a failure unwaived (or an attestation unread) without a word.
func (r *readinessReviewResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	doc, unknown, err := tfToGo(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the configuration", err.Error())
		return
	}
	top, _ := doc.(map[string]any)
	customs, diags := decodeCustomChecks(top["checks"], unknown.any("checks"))
	resp.Diagnostics.Append(diags...)
	if customs == nil {
		return // unknown: the ids cannot be checked yet
	}
	ids, err := knownCheckIDs(customs)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("checks"), "Invalid custom check", err.Error())
		return
	}
	for _, block := range []string{"waiver", "evidence"} {
		items, _ := top[block].([]any)
		for i, it := range items {
			m, _ := it.(map[string]any)
			id, ok := m["check"].(string)
			if !ok || ids[id] {
				continue
			}
			resp.Diagnostics.AddAttributeError(path.Root(block).AtListIndex(i).AtName("check"), "Unknown check",
				fmt.Sprintf("%s[%d].check %q names no check; known checks: %s.", block, i, id, strings.Join(sortedKeys(ids), ", ")))
		}
	}
}

func (r *readinessReviewResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	ev, diags := r.evaluate(ctx, req.Plan.Raw)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	resp.Diagnostics.Append(setReviewOutputs(ctx, &resp.Plan, ev)...)
	if ev != nil && ev.enforce && !ev.outcome.Passed {
		resp.Diagnostics.AddError("Readiness review failed", ev.failure())
	}
}

func (r *readinessReviewResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.apply(ctx, req.Plan, &resp.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), newID(&resp.Diagnostics))...)
}

// Read re-evaluates the review with today's date, so that readiness that decays with time (a
// runbook review falling due, a waiver expiring, an old game day) shows in the next plan.
func (r *readinessReviewResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ev, diags := r.evaluate(ctx, req.State.Raw)
	if diags.HasError() {
		// Keep the last results rather than failing the refresh; the next plan reports the error.
		for _, d := range diags.Errors() {
			resp.Diagnostics.AddWarning("Readiness review not re-evaluated: "+d.Summary(), d.Detail())
		}
		return
	}
	resp.Diagnostics.Append(setReviewOutputs(ctx, &resp.State, ev)...)
}

func (r *readinessReviewResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.apply(ctx, req.Plan, &resp.State)...)
}

// apply stores the plan. Outputs planned as known are kept as planned (the plan is what the user
// approved); outputs that were unknown at plan time are evaluated now, and with enforce a failing
// review fails the apply, since the plan could not decide.
func (r *readinessReviewResource) apply(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	state.Raw = plan.Raw.Copy()
	var score types.Int64
	diags.Append(plan.GetAttribute(ctx, path.Root("score"), &score)...)
	if diags.HasError() || !score.IsUnknown() {
		return diags
	}
	ev, d := r.evaluate(ctx, plan.Raw)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	if ev == nil {
		diags.AddError("Readiness review cannot be evaluated", "Some facts the checks need are still unknown at apply time. This is a bug in the opex provider.")
		return diags
	}
	if ev.enforce && !ev.outcome.Passed {
		diags.AddError("Readiness review failed", ev.failure())
		return diags
	}
	diags.Append(setReviewOutputs(ctx, state, ev)...)
	return diags
}

func (r *readinessReviewResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *readinessReviewResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_readiness_review", resp)
}

// evaluation is a scored review plus what the diagnostics and summary need.
type evaluation struct {
	outcome  readiness.Outcome
	enforce  bool
	minScore int
	workload string
	env      string
	evidence []any
}

// evaluate builds the review input from a plan or state object and runs the checks. It returns
// nil (and no error) when a fact the checks need is unknown.
func (r *readinessReviewResource) evaluate(ctx context.Context, raw tftypes.Value) (*evaluation, diag.Diagnostics) {
	var diags diag.Diagnostics
	doc, unknown, err := tfToGo(raw)
	if err != nil {
		diags.AddError("Cannot read the review", err.Error())
		return nil, diags
	}
	top, _ := doc.(map[string]any)
	customs, d := decodeCustomChecks(top["checks"], unknown.any("checks"))
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	// Only the facts that decide results matter; unknown computed outputs of this resource do not.
	for _, p := range unknown.paths {
		if root := rootName(p); root != "score" && root != "passed" && root != "results" && root != "summary" && root != "id" {
			return nil, diags
		}
	}
	clock := r.clock
	if clock == nil {
		clock = realClock{}
	}
	now := today(clock)
	lists := func(k string) ([]any, bool) {
		v := top[k]
		if v == nil {
			return []any{}, true
		}
		l, ok := v.([]any)
		if !ok {
			diags.AddAttributeError(path.Root(k), "Invalid value",
				fmt.Sprintf("%s must be a list of resources, e.g. [opex_runbook.a]; got %s.", k, describe(v)))
		}
		return l, ok
	}
	lower, _ := lists("lower_environments")
	prios, _ := lists("priorities")
	runbooks, _ := lists("runbooks")
	telemetry, _ := lists("telemetry")
	evidence, _ := lists("evidence")
	if diags.HasError() {
		return nil, diags
	}
	for k, l := range map[string][]any{"lower_environments": lower, "priorities": prios, "runbooks": runbooks} {
		for i, it := range l {
			if _, ok := it.(map[string]any); !ok {
				diags.AddAttributeError(path.Root(k), "Invalid value",
					fmt.Sprintf("%s[%d] must be a resource (an object), got %s.", k, i, describe(it)))
			}
		}
	}
	if diags.HasError() {
		return nil, diags
	}
	maxAge := toInt(top["game_day_max_age_days"], 90)
	input := map[string]any{
		"now":                now.Format(dateLayout),
		"workload":           top["workload"],
		"environment":        top["environment"],
		"lower_environments": lower,
		"priorities":         prios,
		"runbooks":           runbooks,
		"escalation":         top["escalation"],
		"telemetry":          telemetry,
		"rollback_plan":      top["rollback_plan"],
		"last_gameday":       top["last_gameday"],
		"evidence":           evidence,
		"params":             map[string]any{"game_day_max_age_days": maxAge},
	}
	var weights []readiness.Priority
	for _, p := range prios {
		m := p.(map[string]any)
		fa, _ := m["focus_area"].(string)
		weights = append(weights, readiness.Priority{FocusArea: fa, Weight: toInt(m["weight"], readiness.DefaultPriorityWeight)})
	}
	var waivers []readiness.Waiver
	ws, _ := top["waiver"].([]any)
	for _, w := range ws {
		m, _ := w.(map[string]any)
		c, _ := m["check"].(string)
		rs, _ := m["reason"].(string)
		u, _ := m["until"].(string)
		waivers = append(waivers, readiness.Waiver{Check: c, Reason: rs, Until: u})
	}
	engine, err := engineFor(ctx, customs)
	if err != nil {
		diags.AddAttributeError(path.Root("checks"), "Invalid readiness check", err.Error())
		return nil, diags
	}
	minScore := toInt(top["min_score"], 80)
	out, err := engine.Review(ctx, input, now, waivers, weights, minScore)
	if err != nil {
		diags.AddError("Readiness checks failed to evaluate", err.Error())
		return nil, diags
	}
	enforce, _ := top["enforce"].(bool)
	ev := &evaluation{outcome: out, enforce: enforce, minScore: minScore, evidence: evidence}
	if w, ok := top["workload"].(map[string]any); ok {
		ev.workload, _ = w["name"].(string)
	}
	if e, ok := top["environment"].(map[string]any); ok {
		name, _ := e["name"].(string)
		stage, _ := e["stage"].(string)
		ev.env = fmt.Sprintf("%s (%s)", name, stage)
	}
	return ev, diags
}

// failure is the gate's error detail: the verdict and every failing check.
func (ev *evaluation) failure() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Workload %q is not ready", ev.workload)
	if ev.env != "" {
		fmt.Fprintf(&b, " for %s", ev.env)
	}
	fmt.Fprintf(&b, ": score %d (minimum %d).\nFailing checks:\n", ev.outcome.Score, ev.minScore)
	for _, r := range ev.outcome.Results {
		if r.Status == readiness.StatusFail {
			fmt.Fprintf(&b, "  - %s (%s): %s\n", r.Check, r.Severity, r.Message)
		}
	}
	b.WriteString("Fix them, or add a waiver { check, reason, until } for an accepted risk.")
	return b.String()
}

// summary renders the review as Markdown. It holds no date, so it only changes when a result does.
func (ev *evaluation) summary() string {
	var b strings.Builder
	verdict := "passed"
	if !ev.outcome.Passed {
		verdict = "failed"
	}
	fmt.Fprintf(&b, "### Readiness review %s: %d/100\n\n", verdict, ev.outcome.Score)
	fmt.Fprintf(&b, "Workload **%s**", mdEscape(ev.workload))
	if ev.env != "" {
		fmt.Fprintf(&b, " in **%s**", mdEscape(ev.env))
	}
	fmt.Fprintf(&b, "; minimum score %d.\n\n", ev.minScore)
	b.WriteString("| check | severity | focus area | status | message |\n|---|---|---|---|---|\n")
	for _, r := range ev.outcome.Results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdEscape(r.Check), r.Severity, r.FocusArea, r.Status, mdEscape(r.Message))
	}
	if len(ev.evidence) > 0 {
		b.WriteString("\nEvidence:\n")
		for _, e := range ev.evidence {
			m, _ := e.(map[string]any)
			c, _ := m["check"].(string)
			fmt.Fprintf(&b, "- %s", mdEscape(c))
			if u, ok := m["url"].(string); ok {
				fmt.Fprintf(&b, ": %s", u)
			}
			if n, ok := m["note"].(string); ok {
				fmt.Fprintf(&b, " — %s", mdEscape(n))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// setReviewOutputs writes score, passed, results and summary; all unknown when ev is nil.
func setReviewOutputs(ctx context.Context, target interface {
	SetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, ev *evaluation) diag.Diagnostics {
	var diags diag.Diagnostics
	if ev == nil {
		diags.Append(target.SetAttribute(ctx, path.Root("score"), types.Int64Unknown())...)
		diags.Append(target.SetAttribute(ctx, path.Root("passed"), types.BoolUnknown())...)
		diags.Append(target.SetAttribute(ctx, path.Root("results"), types.ListUnknown(reviewResultType))...)
		diags.Append(target.SetAttribute(ctx, path.Root("summary"), types.StringUnknown())...)
		return diags
	}
	results := make([]attr.Value, 0, len(ev.outcome.Results))
	for _, r := range ev.outcome.Results {
		o, d := types.ObjectValue(reviewResultType.AttrTypes, map[string]attr.Value{
			"check": types.StringValue(r.Check), "title": types.StringValue(r.Title),
			"status": types.StringValue(r.Status), "severity": types.StringValue(r.Severity),
			"focus_area": types.StringValue(r.FocusArea), "message": types.StringValue(r.Message),
		})
		diags.Append(d...)
		results = append(results, o)
	}
	list, d := types.ListValue(reviewResultType, results)
	diags.Append(d...)
	diags.Append(target.SetAttribute(ctx, path.Root("score"), types.Int64Value(int64(ev.outcome.Score)))...)
	diags.Append(target.SetAttribute(ctx, path.Root("passed"), types.BoolValue(ev.outcome.Passed))...)
	diags.Append(target.SetAttribute(ctx, path.Root("results"), list)...)
	diags.Append(target.SetAttribute(ctx, path.Root("summary"), types.StringValue(ev.summary()))...)
	return diags
}

// engineCache keeps compiled engines per set of custom checks: a plan evaluates the same review
// in ValidateConfig, ModifyPlan and Read, and compiling Rego each time would dominate the run.
var engineCache struct {
	sync.Mutex
	m map[string]*readiness.Engine
}

func engineFor(ctx context.Context, customs []readiness.Custom) (*readiness.Engine, error) {
	key, _ := json.Marshal(customs)
	engineCache.Lock()
	defer engineCache.Unlock()
	if e, ok := engineCache.m[string(key)]; ok {
		return e, nil
	}
	e, err := readiness.New(ctx, customs)
	if err != nil {
		return nil, err
	}
	if engineCache.m == nil || len(engineCache.m) >= 32 {
		engineCache.m = map[string]*readiness.Engine{}
	}
	engineCache.m[string(key)] = e
	return e, nil
}

// decodeCustomChecks reads the `checks` value: a list of opex_readiness_check objects. It returns
// nil when the list (or a key or module in it) is unknown.
func decodeCustomChecks(v any, hasUnknown bool) ([]readiness.Custom, diag.Diagnostics) {
	var diags diag.Diagnostics
	if hasUnknown {
		return nil, diags
	}
	if v == nil {
		return []readiness.Custom{}, diags
	}
	items, ok := v.([]any)
	if !ok {
		diags.AddAttributeError(path.Root("checks"), "Invalid value",
			"checks must be a list of opex_readiness_check resources, e.g. [opex_readiness_check.dr]; got "+describe(v)+".")
		return nil, diags
	}
	out := make([]readiness.Custom, 0, len(items))
	for i, it := range items {
		m, _ := it.(map[string]any)
		str := func(k string) string { s, _ := m[k].(string); return s }
		c := readiness.Custom{
			Key: str("key"), Title: str("title"), FocusArea: str("focus_area"), Principle: str("principle"),
			Severity: str("severity"), Description: str("description"), Remediation: str("remediation"), Rego: str("rego"),
		}
		if m == nil || c.Key == "" || c.Rego == "" {
			diags.AddAttributeError(path.Root("checks"), "Invalid custom check",
				fmt.Sprintf("checks[%d] must be an opex_readiness_check (an object with key and rego); got %s.", i, describe(it)))
			continue
		}
		if c.Title == "" {
			c.Title = c.Key
		}
		if c.Severity == "" {
			c.Severity = "medium"
		}
		if c.FocusArea == "" {
			c.FocusArea = "prepare"
		}
		out = append(out, c)
	}
	if diags.HasError() {
		return nil, diags
	}
	return out, diags
}

// knownCheckIDs returns the built-in ids plus the custom keys.
func knownCheckIDs(customs []readiness.Custom) (map[string]bool, error) {
	builtIns, err := readiness.BuiltIns()
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, c := range builtIns {
		ids[c.ID] = true
	}
	for _, c := range customs {
		ids[c.Key] = true
	}
	return ids, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// unknownPlaceholder stands for an id that is known only after apply. The checks only test ids
// for presence, so the placeholder counts as set.
const unknownPlaceholder = "(known after apply)"

// unknownSet records where a converted value held unknowns other than ids.
type unknownSet struct{ paths []string }

// any reports whether an unknown lies at or under the top-level attribute name.
func (u *unknownSet) any(name string) bool {
	for _, p := range u.paths {
		if rootName(p) == name {
			return true
		}
	}
	return false
}

func rootName(p string) string {
	if i := strings.IndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return p
}

// tfToGo converts a Terraform value into plain Go data for the Rego input: objects and maps
// become map[string]any, lists, sets and tuples []any, numbers int64 or float64. Unknown ids
// (`id`, `*_id`) become a placeholder; every other unknown is recorded in the returned set.
func tfToGo(v tftypes.Value) (any, *unknownSet, error) {
	u := &unknownSet{}
	out, err := convertTF("", "", v, u)
	return out, u, err
}

func convertTF(p, name string, v tftypes.Value, u *unknownSet) (any, error) {
	if !v.IsKnown() {
		if name == "id" || strings.HasSuffix(name, "_id") {
			return unknownPlaceholder, nil
		}
		u.paths = append(u.paths, p)
		return nil, nil
	}
	if v.IsNull() {
		return nil, nil
	}
	t := v.Type()
	switch {
	case t.Is(tftypes.String):
		var s string
		err := v.As(&s)
		return s, err
	case t.Is(tftypes.Bool):
		var b bool
		err := v.As(&b)
		return b, err
	case t.Is(tftypes.Number):
		n := new(big.Float)
		if err := v.As(&n); err != nil {
			return nil, err
		}
		if n.IsInt() {
			if i, acc := n.Int64(); acc == big.Exact {
				return i, nil
			}
		}
		f, _ := n.Float64()
		return f, nil
	case t.Is(tftypes.Object{}), t.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			cp := k
			if p != "" {
				cp = p + "." + k
			}
			c, err := convertTF(cp, k, e, u)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}), t.Is(tftypes.Tuple{}):
		var l []tftypes.Value
		if err := v.As(&l); err != nil {
			return nil, err
		}
		out := make([]any, 0, len(l))
		for i, e := range l {
			c, err := convertTF(fmt.Sprintf("%s[%d]", p, i), name, e, u)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: unsupported value type %s", p, t)
}

func toInt(v any, def int) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return def
}

// describe names the kind of a decoded value for error messages, without printing the value.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a bool"
	case int64, float64:
		return "a number"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}
