package report

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ANSI styles; used only when Options.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
)

var severityStyle = map[string]string{
	"critical": ansiBold + ansiRed,
	"high":     ansiRed,
	"medium":   ansiYellow,
	"low":      ansiCyan,
}

// textGroup is one block of the text report: the findings of one resource (or one file
// location for findings without an address, or the plan as a whole).
type textGroup struct {
	address, location string
	findings          []Finding
}

func writeText(buf *bytes.Buffer, r *Report, opts Options) error {
	paint := func(style, s string) string {
		if !opts.Color || style == "" {
			return s
		}
		return style + s + ansiReset
	}

	groups := groupByResource(r.Findings)
	for i, g := range groups {
		if i > 0 {
			buf.WriteByte('\n')
		}
		switch {
		case g.address == "" && g.location == "":
			// "Plan-wide", or "Configuration-wide" in HCL-only mode.
			whole := wholeInput(r)
			buf.WriteString(paint(ansiBold, strings.ToUpper(whole[:1])+whole[1:]+"-wide") + "\n")
		case g.address == "":
			buf.WriteString(paint(ansiBold, oneLine(g.location)) + "\n")
		case g.location == "":
			buf.WriteString(paint(ansiBold, oneLine(g.address)) + "\n")
		default:
			buf.WriteString(paint(ansiBold, oneLine(g.address)) + "  " +
				paint(ansiDim, oneLine(g.location)) + "\n")
		}
		ruleWidth := 0
		for _, f := range g.findings {
			ruleWidth = max(ruleWidth, utf8.RuneCountInString(oneLine(f.RuleID)))
		}
		for _, f := range g.findings {
			// Column layout: "  <severity:8> <rule:ruleWidth>  <message>"; continuation lines of
			// a multi-line message line up under the message.
			id := oneLine(f.RuleID)
			sev := fmt.Sprintf("%-8s", oneLine(f.Severity))
			if f.Waived {
				sev = paint(ansiDim, sev)
			} else {
				sev = paint(severityStyle[f.Severity], sev)
			}
			head := fmt.Sprintf("  %s %s%s  ", sev, id, strings.Repeat(" ", ruleWidth-utf8.RuneCountInString(id)))
			indent := strings.Repeat(" ", 2+8+1+ruleWidth+2)
			msg := f.Message
			if msg == "" {
				msg = f.Title
			}
			for j, line := range strings.Split(terminalSafe(msg), "\n") {
				if j == 0 {
					buf.WriteString(head + line + "\n")
				} else {
					buf.WriteString(indent + line + "\n")
				}
			}
			if g.location != location(f) && location(f) != "" {
				// Several blocks may share an address in odd configurations; keep each finding's own place.
				buf.WriteString(indent + "at " + oneLine(location(f)) + "\n")
			}
			if f.Waived {
				buf.WriteString(indent + paint(ansiDim, "waived: "+oneLine(waiverText(f))) + "\n")
			}
		}
	}
	if len(groups) == 0 {
		buf.WriteString(paint(ansiGreen, "No findings.") + "\n")
	}

	buf.WriteByte('\n')
	buf.WriteString(textSummary(r, paint) + "\n")
	for _, line := range skippedLines(r) {
		buf.WriteString(oneLine(line) + "\n")
	}
	return nil
}

// groupByResource groups findings by address (by file location when there is none). Findings
// keep their sorted order within a group.
func groupByResource(findings []Finding) []textGroup {
	var groups []textGroup
	index := map[[2]string]int{}
	for _, f := range findings {
		key := [2]string{f.Address, ""}
		if f.Address == "" {
			key[1] = location(f)
		}
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, textGroup{address: key[0], location: key[1]})
		}
		g := &groups[i]
		if g.location == "" && f.Address != "" {
			g.location = location(f) // the resource's block: the first finding that has one
		}
		g.findings = append(g.findings, f)
	}
	// Plan-wide first; then the resources with the most severe unwaived finding, so the
	// reader meets what fails the run before what does not.
	slices.SortStableFunc(groups, func(a, b textGroup) int {
		aWide, bWide := a.address == "" && a.location == "", b.address == "" && b.location == ""
		return cmp.Or(-boolCompare(aWide, bWide), cmp.Compare(b.rank(), a.rank()),
			cmp.Compare(a.address, b.address), cmp.Compare(a.location, b.location))
	})
	return groups
}

// rank is the severity of the group's most severe unwaived finding (0 when all are waived).
func (g textGroup) rank() int {
	top := 0
	for _, f := range g.findings {
		if !f.Waived {
			top = max(top, SeverityRank(f.Severity))
		}
	}
	return top
}

// waiverText is the waiver's reason with its expiry and source, for every human format.
func waiverText(f Finding) string {
	reason := f.WaiverReason
	if reason == "" {
		reason = "no reason given"
	}
	var extra []string
	if f.WaiverUntil != "" {
		extra = append(extra, "until "+f.WaiverUntil)
	}
	if f.WaiverSource != "" {
		extra = append(extra, f.WaiverSource)
	}
	if len(extra) > 0 {
		reason += " (" + strings.Join(extra, ", ") + ")"
	}
	return reason
}

// textSummary is the one-line summary shared by the text and GitHub formats.
func textSummary(r *Report, paint func(style, s string) string) string {
	s := r.Summary
	var parts []string
	if r.Mode == "hcl" {
		parts = append(parts, "configuration only (no plan)")
	} else {
		parts = append(parts, fmt.Sprintf("%s: %d to create, %d to update, %d to delete, %d to replace",
			plural(s.ResourceChanges, "resource change", "resource changes"),
			s.Actions.Create, s.Actions.Update, s.Actions.Delete, s.Actions.Replace))
		if other := s.Actions.OtherText(); other != "" {
			parts = append(parts, "other actions counted as changes: "+oneLine(other))
		}
		parts = append(parts, "blast radius "+formatNumber(s.BlastRadius))
	}
	var bySev []string
	for _, sev := range Severities {
		text := fmt.Sprintf("%d %s", s.BySeverity[sev], sev)
		if s.BySeverity[sev] > 0 {
			text = paint(severityStyle[sev], text)
		}
		bySev = append(bySev, text)
	}
	parts = append(parts, fmt.Sprintf("%s (%s)", plural(s.Findings, "finding", "findings"), strings.Join(bySev, ", ")))
	parts = append(parts, fmt.Sprintf("%d waived", s.Waived))
	verdict := paint(ansiGreen, "PASS")
	if r.Failed {
		verdict = paint(ansiBold+ansiRed, "FAIL")
	}
	if r.FailOn != "" {
		verdict += " (fail-on " + r.FailOn + ")"
	}
	return verdict + ": " + strings.Join(parts, "; ")
}

// skippedLines states which rules did not run and why, one line per distinct reason.
func skippedLines(r *Report) []string {
	var reasons []string
	ids := map[string][]string{}
	for _, s := range r.Skipped {
		if _, ok := ids[s.Reason]; !ok {
			reasons = append(reasons, s.Reason)
		}
		ids[s.Reason] = append(ids[s.Reason], s.ID)
	}
	slices.Sort(reasons)
	lines := make([]string, 0, len(reasons))
	for _, reason := range reasons {
		line := fmt.Sprintf("Skipped %s: %s", plural(len(ids[reason]), "rule", "rules"), strings.Join(ids[reason], ", "))
		if reason != "" {
			line += " (" + reason + ")"
		}
		lines = append(lines, line)
	}
	return lines
}

// terminalSafe keeps untrusted text from driving the terminal: control characters other than
// newline and tab are shown escaped (\x1b), CR/LF pairs become newlines, and invalid UTF-8
// becomes U+FFFD.
func terminalSafe(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, c := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case c == '\n' || c == '\t':
			b.WriteRune(c)
		case c == '\r':
			b.WriteByte('\n')
		case unicode.IsControl(c) || c == '\u2028' || c == '\u2029':
			fmt.Fprintf(&b, "\\u%04x", c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// oneLine is terminalSafe for text that must stay on one line (addresses, ids, paths).
func oneLine(s string) string {
	return strings.NewReplacer("\n", `\n`, "\t", " ").Replace(terminalSafe(s))
}
