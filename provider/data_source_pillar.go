package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/opexhq/terraform-provider-opex/policies"
)

var _ datasource.DataSource = (*pillarDataSource)(nil)

// NewPillarDataSource returns the opex_pillar data source.
func NewPillarDataSource() datasource.DataSource { return &pillarDataSource{} }

type pillarDataSource struct{}

type pillarModel struct {
	ID                    types.String `tfsdk:"id"`
	Name                  types.String `tfsdk:"name"`
	Definition            types.String `tfsdk:"definition"`
	DesignPrinciples      types.List   `tfsdk:"design_principles"`
	FocusAreas            types.List   `tfsdk:"focus_areas"`
	TraditionalChallenges types.List   `tfsdk:"traditional_challenges"`
	CloudChallenges       types.List   `tfsdk:"cloud_challenges"`
}

var (
	principleType    = types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "name": types.StringType, "summary": types.StringType}}
	bestPracticeType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "practices": types.ListType{ElemType: types.StringType},
	}}
	focusAreaType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "summary": types.StringType,
		"best_practices": types.ListType{ElemType: bestPracticeType},
	}}
)

func (d *pillarDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pillar"
}

func (d *pillarDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Operational Excellence pillar of the AWS Well-Architected Framework as data: its " +
			"design principles, focus areas with their best practices, and the traditional versus cloud challenges. " +
			"The same catalog names the principles and focus areas of readiness checks and lint rules.",
		Attributes: map[string]schema.Attribute{
			"id":         str("Always `operational-excellence`."),
			"name":       str("Name of the pillar."),
			"definition": str("What the pillar is about."),
			"design_principles": schema.ListNestedAttribute{
				MarkdownDescription: "The pillar's design principles, in the pillar's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":      str("Stable id, used as `principle` by checks and rules."),
					"name":    str("Name of the principle."),
					"summary": str("What the principle asks."),
				}},
			},
			"focus_areas": schema.ListNestedAttribute{
				MarkdownDescription: "The focus areas in pillar order: organization, prepare, operate, evolve.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":      str("Stable id, used as `focus_area` by priorities, checks and rules."),
					"name":    str("Name of the focus area."),
					"summary": str("What the focus area covers."),
					"best_practices": schema.ListNestedAttribute{
						MarkdownDescription: "Best practice groups of the focus area.",
						Computed:            true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"id":   str("Stable id of the group."),
							"name": str("Heading of the group."),
							"practices": schema.ListAttribute{
								MarkdownDescription: "The practices under the heading.",
								ElementType:         types.StringType,
								Computed:            true,
							},
						}},
					},
				}},
			},
			"traditional_challenges": schema.ListAttribute{
				MarkdownDescription: "How operations were traditionally run (manual changes, batch changes, ...).",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"cloud_challenges": schema.ListAttribute{
				MarkdownDescription: "How the cloud changes them (the design principles).",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *pillarDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	cat, err := policies.LoadCatalog()
	if err != nil {
		resp.Diagnostics.AddError("Pillar catalog unavailable", err.Error())
		return
	}
	var diags diag.Diagnostics
	m := pillarModel{
		ID:         types.StringValue("operational-excellence"),
		Name:       types.StringValue(cat.Name),
		Definition: types.StringValue(cat.Definition),
	}
	var principles []attr.Value
	for _, p := range cat.DesignPrinciples {
		principles = append(principles, mustObject(principleType, map[string]attr.Value{
			"id": types.StringValue(p.ID), "name": types.StringValue(p.Name), "summary": types.StringValue(p.Summary),
		}, &diags))
	}
	m.DesignPrinciples = mustList(principleType, principles, &diags)
	var areas []attr.Value
	for _, fa := range cat.FocusAreas {
		var bps []attr.Value
		for _, bp := range fa.BestPractices {
			bps = append(bps, mustObject(bestPracticeType, map[string]attr.Value{
				"id": types.StringValue(bp.ID), "name": types.StringValue(bp.Name),
				"practices": stringListValue(bp.Practices, &diags),
			}, &diags))
		}
		areas = append(areas, mustObject(focusAreaType, map[string]attr.Value{
			"id": types.StringValue(fa.ID), "name": types.StringValue(fa.Name), "summary": types.StringValue(fa.Summary),
			"best_practices": mustList(bestPracticeType, bps, &diags),
		}, &diags))
	}
	m.FocusAreas = mustList(focusAreaType, areas, &diags)
	m.TraditionalChallenges = stringListValue(cat.Challenges.Traditional, &diags)
	m.CloudChallenges = stringListValue(cat.Challenges.Cloud, &diags)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// mustObject, mustList and stringListValue build framework values and collect any diagnostics.
func mustObject(t types.ObjectType, vals map[string]attr.Value, diags *diag.Diagnostics) types.Object {
	o, d := types.ObjectValue(t.AttrTypes, vals)
	diags.Append(d...)
	return o
}

func mustList(elem attr.Type, vals []attr.Value, diags *diag.Diagnostics) types.List {
	if vals == nil {
		vals = []attr.Value{}
	}
	l, d := types.ListValue(elem, vals)
	diags.Append(d...)
	return l
}

func stringListValue(xs []string, diags *diag.Diagnostics) types.List {
	vals := make([]attr.Value, 0, len(xs))
	for _, x := range xs {
		vals = append(vals, types.StringValue(x))
	}
	return mustList(types.StringType, vals, diags)
}
