package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// DefaultRulesDocBase is where the generated rule reference lives (docs/rules/<id>.md).
const DefaultRulesDocBase = "https://github.com/opexhq/terraform-provider-opex/blob/main/docs/rules/"

// informationURI is the project home, used by SARIF's tool.driver.informationUri.
const informationURI = "https://github.com/opexhq/terraform-provider-opex"

// Formats lists the report formats Write accepts, in the order the CLI documents them.
var Formats = []string{"text", "json", "sarif", "junit", "github", "markdown"}

// Options tune a report's rendering without changing its content.
type Options struct {
	// Color enables ANSI severity colours in the text format. The CLI decides (TTY, NO_COLOR).
	Color bool
	// RulesDocBase is the link base for rule documentation pages; a rule's page is
	// RulesDocBase + id + ".md". Empty means DefaultRulesDocBase.
	RulesDocBase string
}

// Write renders r in format to w. The output is a pure function of r and opts: findings, rules
// and skipped rules are sorted here, so callers may pass them in any order. Nothing is written
// when rendering fails.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	if r == nil {
		return fmt.Errorf("report: nothing to write (nil report)")
	}
	if math.IsNaN(r.Summary.BlastRadius) || math.IsInf(r.Summary.BlastRadius, 0) {
		return fmt.Errorf("report: blast radius %v is not a finite number", r.Summary.BlastRadius)
	}
	if opts.RulesDocBase == "" {
		opts.RulesDocBase = DefaultRulesDocBase
	}
	var render func(*bytes.Buffer, *Report, Options) error
	switch format {
	case "text":
		render = writeText
	case "json":
		render = writeJSON
	case "sarif":
		render = writeSARIF
	case "junit":
		render = writeJUnit
	case "github":
		render = writeGitHub
	case "markdown":
		render = writeMarkdown
	default:
		return CheckFormat(format)
	}
	var buf bytes.Buffer
	if err := render(&buf, normalized(r), opts); err != nil {
		return fmt.Errorf("report: writing %s: %w", format, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// CheckFormat reports whether format is one of Formats, so that the CLI can reject a bad
// --format before it evaluates anything. The error lists the valid formats.
func CheckFormat(format string) error {
	if slices.Contains(Formats, format) {
		return nil
	}
	return fmt.Errorf("unknown report format %q (valid formats: %s)", format, strings.Join(Formats, ", "))
}

// normalized returns a sorted copy of r so that every writer is deterministic and never
// mutates the caller's report.
func normalized(r *Report) *Report {
	n := *r
	n.Findings = slices.Clone(r.Findings)
	slices.SortStableFunc(n.Findings, compareFindings)
	n.Rules = slices.Clone(r.Rules)
	slices.SortStableFunc(n.Rules, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
	n.Skipped = slices.Clone(r.Skipped)
	slices.SortStableFunc(n.Skipped, func(a, b SkippedRule) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Reason, b.Reason))
	})
	bs := make(map[string]int, len(Severities))
	for _, s := range Severities {
		bs[s] = r.Summary.BySeverity[s]
	}
	n.Summary.BySeverity = bs
	if n.Tool.Name == "" {
		n.Tool.Name = "opexlint"
	}
	return &n
}

// compareFindings is a total order: severity (highest first), rule, address, file, line,
// message, then every remaining field so that equal-looking findings still sort stably.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(SeverityRank(b.Severity), SeverityRank(a.Severity)),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.Address, b.Address),
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.Principle, b.Principle),
		cmp.Compare(a.FocusArea, b.FocusArea),
		boolCompare(a.Waived, b.Waived),
		cmp.Compare(a.WaiverReason, b.WaiverReason),
		cmp.Compare(a.WaiverUntil, b.WaiverUntil),
		cmp.Compare(a.WaiverSource, b.WaiverSource),
	)
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// ruleCatalog indexes the report's rules by id and appends a descriptor, derived from the
// finding itself, for any rule that produced findings but is missing from r.Rules (for example
// a finding the engine adds about an expired waiver) or that was skipped. The result is sorted
// by id.
func ruleCatalog(r *Report) ([]Rule, map[string]int) {
	rules := make([]Rule, 0, len(r.Rules))
	index := make(map[string]int, len(r.Rules))
	add := func(rule Rule) {
		if _, dup := index[rule.ID]; dup {
			return
		}
		index[rule.ID] = len(rules)
		rules = append(rules, rule)
	}
	for _, rule := range r.Rules {
		add(rule)
	}
	for _, f := range r.Findings {
		add(Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Principle: f.Principle,
			FocusArea: f.FocusArea, Enabled: true})
	}
	for _, s := range r.Skipped {
		add(Rule{ID: s.ID, Enabled: true})
	}
	slices.SortStableFunc(rules, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
	for i, rule := range rules {
		index[rule.ID] = i
	}
	return rules, index
}

// location renders file:line, file, or "" when the finding has no file.
func location(f Finding) string {
	switch {
	case f.File == "":
		return ""
	case f.Line > 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.File
}

// activeAtOrAbove counts unwaived findings at or above the fail-on level; "none" (or an
// unknown level) counts nothing.
func activeAtOrAbove(r *Report, level string) int {
	min := SeverityRank(level)
	if min == 0 {
		return 0
	}
	n := 0
	for _, f := range r.Findings {
		if !f.Waived && SeverityRank(f.Severity) >= min {
			n++
		}
	}
	return n
}

// formatNumber prints a blast radius without trailing zeros: 14, 3.5.
func formatNumber(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// wholeInput names what a plan-wide finding or a passing rule is about: the plan, or the
// configuration in HCL-only mode.
func wholeInput(r *Report) string {
	if r.Mode == "hcl" {
		return "configuration"
	}
	return "plan"
}
