// Package waiver applies inline (# opex:ignore) and configuration-file waivers to findings.
//
// A waived finding is kept, marked Waived with the waiver's reason, expiry and source, so every
// report still shows it. A waiver past its until date waives nothing and yields an
// expired-waiver finding at the waiver itself, so the team either fixes the finding or renews the
// decision on purpose.
package waiver

import (
	"fmt"
	"strings"
	"time"

	"github.com/opexhq/terraform-provider-opex/lint/config"
	"github.com/opexhq/terraform-provider-opex/lint/engine"
	"github.com/opexhq/terraform-provider-opex/lint/report"
)

// ExpiredID is the rule id of the findings that expired waivers produce.
const ExpiredID = "expired-waiver"

// ExpiredRule describes expired-waiver findings. It is built in rather than a Rego rule because
// it judges opexlint's own waivers, not the plan. Severity medium: an expired waiver is a
// deferred decision that is now overdue, not itself a risky change. Principle "refine operations
// procedures frequently" and focus area evolve: a waiver is a procedure exception that the pillar
// asks teams to revisit and improve on.
var ExpiredRule = engine.Rule{
	ID:        ExpiredID,
	Title:     "Expired waiver",
	Severity:  "medium",
	Principle: "refine-procedures",
	FocusArea: "evolve",
	Description: "A waiver (an inline `# opex:ignore` comment or a `waiver` block in `.opexlint.hcl`) " +
		"has passed its `until` date. Waivers record a deliberate, time-boxed exception; once the " +
		"date passes the exception must be reviewed again. The expired waiver no longer waives " +
		"anything, so the findings it covered are reported as usual.",
	Remediation: "Fix the findings the waiver covered and delete the waiver, or, if the exception " +
		"still stands, renew it with a new `until` date and an up-to-date reason.",
	Example: "# opex:ignore large-batch until=2020-01-31 reason=\"initial import\"\n" +
		"resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}",
	Params: map[string]string{},
}

// Waiver is one waiver of either kind.
type Waiver struct {
	Rules  []string
	Inline bool
	// Target (inline) is the configuration address of the block the comment is attached to:
	// it covers that block, every instance of it and, for a module block, everything inside.
	Target string
	// Pattern (config file) is an address glob (config.MatchGlob); "" covers every finding of
	// the rules, plan-wide ones included.
	Pattern string
	Reason  string
	Until   string // YYYY-MM-DD or ""
	File    string
	Line    int
}

// Source is the waiver's file:line.
func (w Waiver) Source() string {
	if w.Line == 0 {
		return w.File
	}
	return fmt.Sprintf("%s:%d", w.File, w.Line)
}

// Expired reports whether the waiver's until date is before today (the until day itself is
// still covered).
func (w Waiver) Expired(today time.Time) bool {
	if w.Until == "" {
		return false
	}
	until, err := config.ParseDate(w.Until)
	if err != nil {
		return true // validated at load; an unreadable date must not waive silently
	}
	y, m, d := today.UTC().Date()
	return until.Before(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Covers reports whether the waiver applies to a finding of rule at address.
func (w Waiver) Covers(rule, address string) bool {
	var configAddr string
	return hasRule(w.Rules, rule) && w.coversAddress(address, &configAddr)
}

// coversAddress is Covers without the rule check. *configAddr caches
// config.ConfigAddress(address) across the waivers tried for one finding ("" until needed).
func (w Waiver) coversAddress(address string, configAddr *string) bool {
	if w.Inline {
		if address == "" {
			return false
		}
		if *configAddr == "" {
			*configAddr = config.ConfigAddress(address)
		}
		ca, t := *configAddr, w.Target
		return ca == t || (len(ca) > len(t) && ca[len(t)] == '.' && strings.HasPrefix(ca, t))
	}
	if w.Pattern == "" {
		return true
	}
	return address != "" && config.MatchGlob(w.Pattern, address)
}

func hasRule(rules []string, id string) bool {
	for _, r := range rules {
		if r == id {
			return true
		}
	}
	return false
}

// Apply marks the findings that a live waiver covers and appends one expired-waiver finding per
// expired waiver. Inline waivers are preferred over config waivers, then the order given.
// Findings of the expired-waiver rule itself cannot be waived.
func Apply(findings []report.Finding, waivers []Waiver, today time.Time) []report.Finding {
	live := make([]Waiver, 0, len(waivers))
	var expired []Waiver
	for _, w := range waivers {
		if w.Expired(today) {
			expired = append(expired, w)
		} else {
			live = append(live, w)
		}
	}
	ordered := make([]Waiver, 0, len(live))
	for _, inline := range []bool{true, false} {
		for _, w := range live {
			if w.Inline == inline {
				ordered = append(ordered, w)
			}
		}
	}
	// The waivers of each rule, in the order above: a large tree has hundreds of inline
	// waivers and a large plan tens of thousands of findings.
	byRule := map[string][]int{}
	for i, w := range ordered {
		for _, id := range w.Rules {
			if l := byRule[id]; len(l) == 0 || l[len(l)-1] != i { // a rule listed twice
				byRule[id] = append(l, i)
			}
		}
	}
	for i := range findings {
		f := &findings[i]
		if f.RuleID == ExpiredID {
			continue
		}
		var configAddr string
		for _, wi := range byRule[f.RuleID] {
			if w := ordered[wi]; w.coversAddress(f.Address, &configAddr) {
				f.Waived = true
				f.WaiverReason = w.Reason
				f.WaiverUntil = w.Until
				f.WaiverSource = w.Source()
				break
			}
		}
	}
	for _, w := range expired {
		findings = append(findings, expiredFinding(w))
	}
	return findings
}

func expiredFinding(w Waiver) report.Finding {
	what := "waiver"
	if w.Inline {
		what = "inline waiver"
	}
	scope := ""
	switch {
	case w.Inline:
		scope = " on " + w.Target
	case w.Pattern != "":
		scope = " for " + w.Pattern
	}
	msg := fmt.Sprintf("%s of %s%s expired on %s; it no longer waives anything: fix the findings or renew it (reason was: %s)",
		what, strings.Join(w.Rules, ", "), scope, w.Until, w.Reason)
	if w.Reason == "" {
		msg = strings.TrimSuffix(msg, " (reason was: )")
	}
	f := report.Finding{
		RuleID:    ExpiredID,
		Severity:  ExpiredRule.Severity,
		Title:     ExpiredRule.Title,
		Message:   msg,
		Principle: ExpiredRule.Principle,
		FocusArea: ExpiredRule.FocusArea,
		File:      w.File,
		Line:      w.Line,
	}
	if w.Inline {
		f.Address = w.Target
	}
	return f
}
