package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/opexhq/terraform-provider-opex/policies"
	"github.com/opexhq/terraform-provider-opex/provider/readiness"
)

var _ datasource.DataSource = (*lensDataSource)(nil)

// NewLensDataSource returns the opex_lens data source.
func NewLensDataSource() datasource.DataSource { return &lensDataSource{} }

type lensDataSource struct{}

const (
	lensSchemaVersion   = "2021-11-01"
	lensDefaultName     = "opex operational readiness"
	lensPillarID        = "operationalExcellence"
	lensMaxChoices      = 15 // the WA Tool's limit per question, "none of these" included
	lensMaxDisplayText  = 1024
	lensMaxDescription  = 2048
	lensMaxTitle        = 128
	lensNoneChoiceTitle = "None of these"
)

func (d *lensDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_lens"
}

func (d *lensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Renders the readiness checks — the built-in ones plus the given custom checks — as an " +
			"AWS Well-Architected Tool custom lens (JSON, schema version `" + lensSchemaVersion + "`), so teams can " +
			"answer the same checks in the WA Tool (`aws wellarchitected import-lens --json-string ...`).\n\n" +
			"The lens has one pillar, `" + lensPillarID + "`, with one question per focus area that has checks, " +
			"one choice per check (its improvement plan is the check's remediation) and a \"" + lensNoneChoiceTitle +
			"\" choice. Risk rules: all checks chosen is no risk; every critical and high check chosen is medium " +
			"risk (any check chosen, when the question has only critical and high checks or none); anything " +
			"else is high risk.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The lens name.",
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Lens name (at most 128 characters). Default `" + lensDefaultName + "`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, lensMaxTitle)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Lens description (at most 2048 characters). Defaults to the pillar's definition.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, lensMaxDescription)},
			},
			"checks": schema.DynamicAttribute{
				MarkdownDescription: "Custom checks to include, e.g. `[opex_readiness_check.dr_region]`.",
				Optional:            true,
			},
			"json": schema.StringAttribute{
				MarkdownDescription: "The custom lens document.",
				Computed:            true,
			},
		},
	}
}

// Lens JSON types, in the WA Tool's custom lens format.
type (
	lensDoc struct {
		SchemaVersion string       `json:"schemaVersion"`
		Name          string       `json:"name"`
		Description   string       `json:"description"`
		Pillars       []lensPillar `json:"pillars"`
	}
	lensPillar struct {
		ID        string         `json:"id"`
		Name      string         `json:"name"`
		Questions []lensQuestion `json:"questions"`
	}
	lensQuestion struct {
		ID          string         `json:"id"`
		Title       string         `json:"title"`
		Description string         `json:"description"`
		Choices     []lensChoice   `json:"choices"`
		RiskRules   []lensRiskRule `json:"riskRules"`
	}
	lensChoice struct {
		ID              string    `json:"id"`
		Title           string    `json:"title"`
		HelpfulResource *lensText `json:"helpfulResource,omitempty"`
		ImprovementPlan *lensText `json:"improvementPlan,omitempty"`
	}
	lensText struct {
		DisplayText string `json:"displayText"`
	}
	lensRiskRule struct {
		Condition string `json:"condition"`
		Risk      string `json:"risk"`
	}
)

func (d *lensDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	doc, unknown, err := tfToGo(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the configuration", err.Error())
		return
	}
	top, _ := doc.(map[string]any)
	customs, diags := decodeCustomChecks(top["checks"], unknown.any("checks"))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	engine, err := engineFor(ctx, customs) // compiles the custom modules: a broken check never reaches the lens
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("checks"), "Invalid readiness check", err.Error())
		return
	}
	cat, err := policies.LoadCatalog()
	if err != nil {
		resp.Diagnostics.AddError("Pillar catalog unavailable", err.Error())
		return
	}
	name, _ := top["name"].(string)
	if name == "" {
		name = lensDefaultName
	}
	desc, _ := top["description"].(string)
	if desc == "" {
		desc = cat.Definition
	}
	lens, err := buildLens(name, desc, cat, engine.Checks())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("checks"), "Cannot render the lens", err.Error())
		return
	}
	b, err := json.MarshalIndent(lens, "", "  ")
	if err != nil {
		resp.Diagnostics.AddError("Cannot render the lens", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(name))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), types.StringValue(name))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("json"), types.StringValue(string(b)))...)
	if v, ok := top["description"].(string); ok {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("description"), types.StringValue(v))...)
	}
}

// buildLens renders the checks as a custom lens: one question per focus area (pillar order),
// one choice per check plus "none of these".
func buildLens(name, desc string, cat policies.Catalog, checks []readiness.Check) (lensDoc, error) {
	pillar := lensPillar{ID: lensPillarID, Name: cat.Name}
	for _, fa := range cat.FocusAreas {
		q := lensQuestion{
			ID:          fa.ID + "_readiness",
			Title:       clip(fmt.Sprintf("%s: how do you know the workload is ready?", fa.Name), lensMaxTitle),
			Description: clip(fa.Summary, lensMaxDescription),
		}
		var all, important []string
		for _, c := range checks {
			if c.FocusArea != fa.ID {
				continue
			}
			id := strings.ReplaceAll(c.ID, "-", "_")
			ch := lensChoice{ID: id, Title: clip(c.Title, lensMaxTitle)}
			if c.Description != "" {
				ch.HelpfulResource = &lensText{DisplayText: clip(c.Description, lensMaxDisplayText)}
			}
			plan := c.Remediation
			if plan == "" {
				plan = "Make the check \"" + c.Title + "\" pass."
			}
			ch.ImprovementPlan = &lensText{DisplayText: clip(plan, lensMaxDisplayText)}
			q.Choices = append(q.Choices, ch)
			all = append(all, id)
			if c.Severity == "critical" || c.Severity == "high" {
				important = append(important, id)
			}
		}
		if len(all) == 0 {
			continue
		}
		if len(all)+1 > lensMaxChoices {
			return lensDoc{}, fmt.Errorf("focus area %s has %d checks; a WA Tool question holds at most %d choices including %q",
				fa.ID, len(all), lensMaxChoices, lensNoneChoiceTitle)
		}
		q.Choices = append(q.Choices, lensChoice{
			ID: fa.ID + "_none", Title: lensNoneChoiceTitle,
			HelpfulResource: &lensText{DisplayText: "None of the practices above is in place."},
			ImprovementPlan: &lensText{DisplayText: "Start with the critical and high severity checks of this focus area."},
		})
		// Medium risk: every critical and high check in place. When that is all or none of the
		// checks, the rule would repeat NO_RISK or be empty, so any chosen practice counts instead.
		medium := strings.Join(important, " && ")
		if len(important) == 0 || len(important) == len(all) {
			medium = strings.Join(all, " || ")
		}
		q.RiskRules = []lensRiskRule{
			{Condition: strings.Join(all, " && "), Risk: "NO_RISK"},
			{Condition: medium, Risk: "MEDIUM_RISK"},
			{Condition: "default", Risk: "HIGH_RISK"},
		}
		pillar.Questions = append(pillar.Questions, q)
	}
	return lensDoc{SchemaVersion: lensSchemaVersion, Name: clip(name, lensMaxTitle), Description: clip(desc, lensMaxDescription), Pillars: []lensPillar{pillar}}, nil
}

// clip shortens s to n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
