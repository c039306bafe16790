package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/opexhq/terraform-provider-opex/policies"
	"github.com/opexhq/terraform-provider-opex/provider/readiness"
)

var (
	_ resource.Resource                   = (*readinessCheckResource)(nil)
	_ resource.ResourceWithImportState    = (*readinessCheckResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*readinessCheckResource)(nil)
	_ resource.ResourceWithValidateConfig = (*readinessCheckResource)(nil)
)

// NewReadinessCheckResource returns the opex_readiness_check resource.
func NewReadinessCheckResource() resource.Resource { return &readinessCheckResource{} }

type readinessCheckResource struct{}

type readinessCheckModel struct {
	ID          types.String `tfsdk:"id"`
	Key         types.String `tfsdk:"key"`
	Title       types.String `tfsdk:"title"`
	FocusArea   types.String `tfsdk:"focus_area"`
	Principle   types.String `tfsdk:"principle"`
	Severity    types.String `tfsdk:"severity"`
	Description types.String `tfsdk:"description"`
	Remediation types.String `tfsdk:"remediation"`
	Rego        types.String `tfsdk:"rego"`
}

var kebabKey = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

func (r *readinessCheckResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_readiness_check"
}

func (r *readinessCheckResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// The catalog is embedded and checked by tests; if it could not load, the enum is empty and
	// every principle is rejected with the loading error reported in ValidateConfig.
	cat, _ := policies.LoadCatalog()
	resp.Schema = schema.Schema{
		Version: 1, // see upgrade.go
		MarkdownDescription: "A custom readiness check written in Rego, evaluated by `opex_readiness_review` " +
			"(pass it in the review's `checks`) alongside the built-in checks.\n\n" +
			"The module is Rego v1 and defines `deny contains msg if { ... }`, where `msg` is a string saying " +
			"what is missing, over the review input (see `opex_readiness_review`). Give each check its own " +
			"package, e.g. `package opex.readiness.custom.dr_region`. Checks run sandboxed: `http.send`, " +
			"`opa.runtime` and DNS lookups are not available, so a check sees nothing but its input. " +
			"Invalid Rego fails validation with the Rego error and its line.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Same as `key`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"key": schema.StringAttribute{
				MarkdownDescription: "Stable id of the check in review results, waivers and evidence (kebab-case, " +
					"distinct from the built-in ids). Changing it replaces the check.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(kebabKey,
					"must be kebab-case: lower-case letters and digits separated by single hyphens")},
			},
			"title": schema.StringAttribute{
				MarkdownDescription: "Short title shown in review results.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"focus_area": schema.StringAttribute{
				MarkdownDescription: "Focus area of the pillar: `organization`, `prepare`, `operate` or `evolve`. " +
					"Priorities in this focus area weigh the check in the score.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(readiness.FocusAreas...)},
			},
			"principle": schema.StringAttribute{
				MarkdownDescription: "Design principle the check serves, an id from the pillar catalog " +
					"(`opex_pillar`): " + backtickList(cat.PrincipleIDs()) + ".",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(cat.PrincipleIDs()...)},
			},
			"severity": schema.StringAttribute{
				MarkdownDescription: "`critical`, `high`, `medium` or `low`. A failing critical check fails the " +
					"review whatever its score.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(readiness.Severities...)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Why the check matters.",
				Optional:            true,
			},
			"remediation": schema.StringAttribute{
				MarkdownDescription: "How to make the check pass.",
				Optional:            true,
			},
			"rego": schema.StringAttribute{
				MarkdownDescription: "The Rego v1 module: a `package` line and `deny contains msg if { ... }` rules.",
				Required:            true,
			},
		},
	}
}

// ValidateConfig compiles the module in the sandbox, so invalid Rego fails at validate time
// with the Rego error and its line ("rego:LINE").
func (r *readinessCheckResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if _, err := policies.LoadCatalog(); err != nil {
		resp.Diagnostics.AddError("Pillar catalog unavailable", err.Error())
	}
	var src types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("rego"), &src)...)
	if src.IsNull() || src.IsUnknown() {
		return
	}
	if err := readiness.Validate(src.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("rego"), "Invalid Rego", err.Error())
		return
	}
	if pkg, builtIn := builtInPackage(src.ValueString()); builtIn {
		resp.Diagnostics.AddAttributeError(path.Root("rego"), "Reserved package",
			"Package "+pkg+" belongs to a built-in readiness check; give the custom check its own package, "+
				"e.g. opex.readiness.custom.<key_with_underscores>.")
	}
}

// builtInPackage reports whether the module declares a built-in check's package.
func builtInPackage(src string) (string, bool) {
	pkg := readiness.PackageOf(src)
	checks, err := readiness.BuiltIns()
	if err != nil || pkg == "" {
		return pkg, false
	}
	for _, c := range checks {
		if c.Package == "data."+pkg {
			return pkg, true
		}
	}
	return pkg, false
}

// ModifyPlan plans id = key, so the id is known at plan time.
func (r *readinessCheckResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var key types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("key"), &key)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), key)...)
}

func (r *readinessCheckResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m readinessCheckModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = m.Key
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the state as is: every attribute is configuration and nothing is derived, and the
// framework hands Read the current state already, so there is nothing to decode or write back.
func (r *readinessCheckResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

func (r *readinessCheckResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m readinessCheckModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = m.Key
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *readinessCheckResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *readinessCheckResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNotSupported("opex_readiness_check", resp)
}

func backtickList(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += "`" + x + "`"
	}
	return out
}
