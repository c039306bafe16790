package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// SARIF 2.1.0 (OASIS errata 01). Only the properties opexlint fills are modelled; the test
// validates the output against the official JSON schema.
const (
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion   = "2.1.0"
	// srcRoot is the uriBaseId of every .tf location: the configuration root (--dir).
	srcRoot = "%SRCROOT%"
	// fingerprintKey names opexlint's partial fingerprint; bump the suffix if its input changes.
	fingerprintKey = "opexlint/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds"`
	Results            []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string            `json:"name"`
	Version        string            `json:"version,omitempty"`
	InformationURI string            `json:"informationUri"`
	Rules          []sarifDescriptor `json:"rules"`
}

type sarifDescriptor struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name,omitempty"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifMultiformat    `json:"help"`
	HelpURI              string              `json:"helpUri"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level"`
}

type sarifRuleProperties struct {
	Severity     string   `json:"severity,omitempty"`
	Principle    string   `json:"principle,omitempty"`
	FocusArea    string   `json:"focus_area,omitempty"`
	RequiresPlan bool     `json:"requires_plan"`
	Tags         []string `json:"tags"`
}

type sarifInvocation struct {
	ExecutionSuccessful            bool                `json:"executionSuccessful"`
	ToolConfigurationNotifications []sarifNotification `json:"toolConfigurationNotifications,omitempty"`
}

type sarifNotification struct {
	Message        sarifText      `json:"message"`
	Level          string         `json:"level"`
	AssociatedRule *sarifRuleRef  `json:"associatedRule,omitempty"`
	Properties     map[string]any `json:"properties,omitempty"`
}

type sarifRuleRef struct {
	ID    string `json:"id"`
	Index *int   `json:"index,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifResultProps struct {
	Severity  string `json:"severity,omitempty"`
	Principle string `json:"principle,omitempty"`
	FocusArea string `json:"focus_area,omitempty"`
	Title     string `json:"title,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical       `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocale `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogicalLocale struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string             `json:"kind"`
	Status        string             `json:"status"`
	Justification string             `json:"justification,omitempty"`
	Location      *sarifLocation     `json:"location,omitempty"`
	Properties    *sarifSuppressProp `json:"properties,omitempty"`
}

type sarifSuppressProp struct {
	Until string `json:"until"`
}

func writeSARIF(buf *bytes.Buffer, r *Report, opts Options) error {
	rules, index := ruleCatalog(r)
	descriptors := make([]sarifDescriptor, 0, len(rules))
	for _, rule := range rules {
		descriptors = append(descriptors, sarifRule(rule, opts))
	}

	results := make([]sarifResult, 0, len(r.Findings))
	for _, f := range r.Findings {
		res := sarifResult{
			RuleID:              f.RuleID,
			RuleIndex:           index[f.RuleID],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{Text: nonEmpty(f.Message, f.Title, f.RuleID)},
			PartialFingerprints: map[string]string{fingerprintKey: fingerprint(f)},
			Properties: sarifResultProps{Severity: f.Severity, Principle: f.Principle,
				FocusArea: f.FocusArea, Title: f.Title},
		}
		var loc sarifLocation
		if f.File != "" {
			loc.PhysicalLocation = sarifPhysicalAt(f.File, f.Line)
		}
		switch {
		case f.Address != "":
			loc.LogicalLocations = []sarifLogicalLocale{{FullyQualifiedName: f.Address, Kind: "resource"}}
		case f.File == "":
			// A plan-wide finding is about the root module as a whole. Code scanning rejects a
			// result with no location at all, so name it instead of leaving locations empty.
			loc.LogicalLocations = []sarifLogicalLocale{{FullyQualifiedName: wholeInput(r), Kind: "module"}}
		}
		res.Locations = []sarifLocation{loc}
		if f.Waived {
			res.Suppressions = []sarifSuppression{sarifSuppressionFor(f)}
		}
		results = append(results, res)
	}

	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, s := range r.Skipped {
		n := sarifNotification{
			Message: sarifText{Text: fmt.Sprintf("rule %s was not evaluated: %s", s.ID, nonEmpty(s.Reason, "skipped"))},
			Level:   "note",
		}
		if i, ok := index[s.ID]; ok {
			n.AssociatedRule = &sarifRuleRef{ID: s.ID, Index: &i}
		} else {
			n.AssociatedRule = &sarifRuleRef{ID: s.ID}
		}
		inv.ToolConfigurationNotifications = append(inv.ToolConfigurationNotifications, n)
	}

	log := sarifLog{
		Schema:  sarifSchemaURI,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           r.Tool.Name,
				Version:        r.Tool.Version,
				InformationURI: informationURI,
				Rules:          descriptors,
			}},
			Invocations: []sarifInvocation{inv},
			OriginalURIBaseIDs: map[string]sarifArtifactLoc{
				srcRoot: {Description: &sarifText{Text: "The Terraform configuration root (opexlint --dir)."}},
			},
			Results: results,
		}},
	}
	return encodeIndented(buf, log)
}

func sarifRule(rule Rule, opts Options) sarifDescriptor {
	helpURI := ruleDocURL(rule, opts)
	title := nonEmpty(rule.Title, rule.ID)
	description := nonEmpty(rule.Description, title)

	text, md := title, "**"+markdownInline(title)+"**"
	if description != title {
		text += "\n\n" + description
		md += "\n\n" + description
	}
	if rule.Remediation != "" {
		text += "\n\nRemediation: " + rule.Remediation
		md += "\n\n**Remediation:** " + rule.Remediation
	}
	var facts []string
	if rule.Principle != "" {
		facts = append(facts, "Principle: "+rule.Principle)
	}
	if rule.FocusArea != "" {
		facts = append(facts, "Focus area: "+rule.FocusArea)
	}
	if len(facts) > 0 {
		text += "\n\n" + strings.Join(facts, ". ") + "."
		md += "\n\n" + markdownInline(strings.Join(facts, ". ")+".")
	}
	text += "\n\nDocumentation: " + helpURI
	md += "\n\n[Rule documentation](" + markdownURL(helpURI) + ")"

	return sarifDescriptor{
		ID:                   rule.ID,
		Name:                 pascalCase(rule.ID),
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: description},
		Help:                 sarifMultiformat{Text: text, Markdown: md},
		HelpURI:              helpURI,
		DefaultConfiguration: sarifConfiguration{Enabled: rule.Enabled, Level: sarifLevel(rule.Severity)},
		Properties: sarifRuleProperties{
			Severity:     rule.Severity,
			Principle:    rule.Principle,
			FocusArea:    rule.FocusArea,
			RequiresPlan: rule.RequiresPlan,
			Tags:         uniqueNonEmpty("operational-excellence", rule.FocusArea, rule.Principle),
		},
	}
}

// ruleDocURL is the rule's documentation page: Rule.HelpURI when it is an absolute http(s)
// URL (a --policy rule may point at its own docs), else RulesDocBase + id + ".md".
func ruleDocURL(rule Rule, opts Options) string {
	if u, err := url.Parse(rule.HelpURI); rule.HelpURI != "" && err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return rule.HelpURI
	}
	base := opts.RulesDocBase
	if base == "" {
		base = DefaultRulesDocBase
	}
	return base + url.PathEscape(rule.ID) + ".md"
}

// sarifLevel maps opexlint severities onto SARIF levels.
func sarifLevel(severity string) string {
	switch severity {
	case "critical", "high":
		return "error"
	case "low":
		return "note"
	}
	return "warning"
}

// sarifPhysicalAt locates a .tf file relative to %SRCROOT% (absolute paths become file URIs).
func sarifPhysicalAt(file string, line int) *sarifPhysical {
	p := filepath.ToSlash(file)
	var loc sarifArtifactLoc
	if path.IsAbs(p) {
		loc.URI = (&url.URL{Scheme: "file", Path: p}).String()
	} else {
		// url.URL escapes spaces, '%', '#', '?' and non-ASCII, and prefixes "./" when the
		// first segment holds a ':' so the reference cannot be read as a scheme.
		loc = sarifArtifactLoc{URI: (&url.URL{Path: p}).String(), URIBaseID: srcRoot}
	}
	ph := &sarifPhysical{ArtifactLocation: loc}
	if line > 0 {
		ph.Region = &sarifRegion{StartLine: line}
	}
	return ph
}

// sarifSuppressionFor records a waiver: "inSource" for an inline "# opex:ignore" comment in
// a .tf file, "external" for a waiver in .opexlint.hcl.
func sarifSuppressionFor(f Finding) sarifSuppression {
	s := sarifSuppression{Kind: "external", Status: "accepted", Justification: f.WaiverReason}
	if file, line, ok := splitFileLine(f.WaiverSource); ok {
		if strings.HasSuffix(file, ".tf") || strings.HasSuffix(file, ".tf.json") {
			s.Kind = "inSource"
		}
		s.Location = &sarifLocation{PhysicalLocation: sarifPhysicalAt(file, line)}
	}
	if f.WaiverUntil != "" {
		s.Properties = &sarifSuppressProp{Until: f.WaiverUntil}
	}
	return s
}

// splitFileLine parses "file:line" (line optional); ok is false for an empty source.
func splitFileLine(src string) (string, int, bool) {
	if src == "" {
		return "", 0, false
	}
	if i := strings.LastIndexByte(src, ':'); i > 0 {
		if n, err := strconv.Atoi(src[i+1:]); err == nil && n > 0 {
			return src[:i], n, true
		}
	}
	return src, 0, true
}

// lineRef matches the line references a message may carry ("main.tf:12", "line 12"), which move
// with unrelated edits and so must not change a finding's fingerprint.
var lineRef = regexp.MustCompile(`(?i)(:\d+)+\b|\blines?\s+\d+\b`)

// fingerprint identifies a finding across runs: rule, address and message without line numbers.
func fingerprint(f Finding) string {
	msg := lineRef.ReplaceAllString(f.Message, "")
	sum := sha256.Sum256([]byte(f.RuleID + "\x00" + f.Address + "\x00" + msg))
	return hex.EncodeToString(sum[:16])
}

// pascalCase turns a kebab-case id into SARIF's recommended rule name form: large-batch → LargeBatch.
func pascalCase(id string) string {
	var b strings.Builder
	upper := true
	for _, c := range id {
		switch {
		case c == '-' || c == '_' || c == '.' || unicode.IsSpace(c):
			upper = true
		case upper:
			b.WriteRune(unicode.ToUpper(c))
			upper = false
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func nonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// uniqueNonEmpty keeps the first occurrence of each non-empty value (SARIF tags must be distinct).
func uniqueNonEmpty(values ...string) []string {
	out := make([]string, 0, len(values))
	seen := map[string]bool{}
	for _, v := range values {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
