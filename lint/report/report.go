// Package report holds the opexlint report model and writes it in the six output formats.
package report

import (
	"fmt"
	"sort"
	"strings"
)

// SchemaVersion is the version of the JSON report schema (docs/json-report.md). It changes
// major on any breaking change to the JSON document.
const SchemaVersion = "1.0"

// Severities in descending order.
var Severities = []string{"critical", "high", "medium", "low"}

// SeverityRank orders severities: critical 4 … low 1; unknown 0.
func SeverityRank(s string) int {
	switch s {
	case "critical":
		return 4
	case "high":
		return 3
	case "medium":
		return 2
	case "low":
		return 1
	}
	return 0
}

// Report is the result of one opexlint run.
type Report struct {
	Tool     Tool      `json:"tool"`
	Summary  Summary   `json:"summary"`
	Findings []Finding `json:"findings"`

	// Not part of the JSON document's DESIGN.md core, but carried for the other formats.
	Mode    string        `json:"-"` // "plan" or "hcl"
	Rules   []Rule        `json:"-"` // every rule evaluated (and skipped), sorted by id
	Skipped []SkippedRule `json:"-"` // rules not evaluated, e.g. plan-only rules in HCL mode
	FailOn  string        `json:"-"` // the --fail-on level in force
	Failed  bool          `json:"-"` // a finding at or above FailOn that is not waived
}

// Tool names the producer.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary counts the plan's changes and the findings.
type Summary struct {
	ResourceChanges int            `json:"resource_changes"`
	Actions         Actions        `json:"actions"`
	BlastRadius     float64        `json:"blast_radius"`
	Findings        int            `json:"findings"`
	BySeverity      map[string]int `json:"by_severity"`
	Waived          int            `json:"waived"`
}

// Actions counts changed resources by action; a replacement counts once, as replace.
type Actions struct {
	Create  int `json:"create"`
	Update  int `json:"update"`
	Delete  int `json:"delete"`
	Replace int `json:"replace"`
	// Other counts changes whose actions are none of the above, such as "forget" or an action a
	// later Terraform adds: they are changes too, and the reports say which ones they were.
	Other map[string]int `json:"other,omitempty"`
}

// OtherText renders Other as "1 forget, 2 frobnicate", sorted by action; "" when empty.
func (a Actions) OtherText() string {
	if len(a.Other) == 0 {
		return ""
	}
	names := make([]string, 0, len(a.Other))
	for k := range a.Other {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, k := range names {
		parts = append(parts, fmt.Sprintf("%d %s", a.Other[k], k))
	}
	return strings.Join(parts, ", ")
}

// Finding is one rule result.
type Finding struct {
	RuleID    string `json:"rule_id"`
	Severity  string `json:"severity"`
	Title     string `json:"title"`
	Message   string `json:"message"`
	Principle string `json:"principle"`
	FocusArea string `json:"focus_area"`
	Address   string `json:"address,omitempty"`
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Waived    bool   `json:"waived"`

	WaiverReason string `json:"waiver_reason,omitempty"`
	WaiverUntil  string `json:"waiver_until,omitempty"`  // YYYY-MM-DD
	WaiverSource string `json:"waiver_source,omitempty"` // file:line of the waiver
}

// Rule describes a rule from its METADATA annotations.
type Rule struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	Severity     string `json:"severity"`
	Principle    string `json:"principle"`
	FocusArea    string `json:"focus_area"`
	Remediation  string `json:"remediation"`
	RequiresPlan bool   `json:"requires_plan"`
	HelpURI      string `json:"help_uri"`
	Enabled      bool   `json:"enabled"`
}

// SkippedRule is a rule that did not run, with the reason.
type SkippedRule struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}
