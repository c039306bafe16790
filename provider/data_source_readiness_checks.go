package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/opexhq/terraform-provider-opex/provider/readiness"
)

var _ datasource.DataSource = (*readinessChecksDataSource)(nil)

// NewReadinessChecksDataSource returns the opex_readiness_checks data source.
func NewReadinessChecksDataSource() datasource.DataSource { return &readinessChecksDataSource{} }

type readinessChecksDataSource struct{}

type readinessChecksModel struct {
	ID        types.String `tfsdk:"id"`
	FocusArea types.String `tfsdk:"focus_area"`
	Checks    types.List   `tfsdk:"checks"`
}

var checkInfoType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "title": types.StringType, "focus_area": types.StringType, "principle": types.StringType,
	"severity": types.StringType, "description": types.StringType, "remediation": types.StringType,
}}

func (d *readinessChecksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_readiness_checks"
}

func (d *readinessChecksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The built-in readiness checks that every `opex_readiness_review` evaluates, read from " +
			"the METADATA of the Rego checks in the policy library.",
		Attributes: map[string]schema.Attribute{
			"id": str("`builtin`, or `builtin/<focus_area>` when filtered."),
			"focus_area": schema.StringAttribute{
				MarkdownDescription: "Only return checks of this focus area (`organization`, `prepare`, `operate`, `evolve`).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(readiness.FocusAreas...)},
			},
			"checks": schema.ListNestedAttribute{
				MarkdownDescription: "The checks, sorted by id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          str("Check id, as used in review results, waivers and evidence."),
					"title":       str("Short title."),
					"focus_area":  str("Focus area of the pillar."),
					"principle":   str("Design principle (an id from `opex_pillar`)."),
					"severity":    str("`critical`, `high`, `medium` or `low`."),
					"description": str("What the check verifies and why it matters."),
					"remediation": str("How to make it pass."),
				}},
			},
		},
	}
}

func (d *readinessChecksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m readinessChecksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	checks, err := readiness.BuiltIns()
	if err != nil {
		resp.Diagnostics.AddError("Built-in readiness checks unavailable", err.Error())
		return
	}
	var diags diag.Diagnostics
	var vals []attr.Value
	for _, c := range checks {
		if !m.FocusArea.IsNull() && c.FocusArea != m.FocusArea.ValueString() {
			continue
		}
		vals = append(vals, mustObject(checkInfoType, map[string]attr.Value{
			"id": types.StringValue(c.ID), "title": types.StringValue(c.Title), "focus_area": types.StringValue(c.FocusArea),
			"principle": types.StringValue(c.Principle), "severity": types.StringValue(c.Severity),
			"description": types.StringValue(c.Description), "remediation": types.StringValue(c.Remediation),
		}, &diags))
	}
	m.Checks = mustList(checkInfoType, vals, &diags)
	m.ID = types.StringValue("builtin")
	if !m.FocusArea.IsNull() {
		m.ID = types.StringValue("builtin/" + m.FocusArea.ValueString())
	}
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
