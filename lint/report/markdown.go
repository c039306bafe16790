package report

import (
	"bytes"
	"fmt"
	"strings"
)

// markdownEscaper makes untrusted text inert inside a GitHub-flavoured Markdown table cell or
// paragraph: backslash first (so an input "\|" cannot turn our escape into a literal pipe),
// then Markdown punctuation, HTML, and line breaks (a raw newline would end the table row).
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`,
	"|", `\|`,
	"`", "\\`",
	"*", `\*`,
	"_", `\_`,
	"[", `\[`,
	"]", `\]`,
	"~", `\~`,
	"&", "&amp;",
	"<", "&lt;",
	">", "&gt;",
	"\r\n", "<br>",
	"\n", "<br>",
	"\r", "<br>",
)

// markdownInline escapes s for one line of Markdown (a table cell, a list item, a heading).
func markdownInline(s string) string {
	return markdownEscaper.Replace(s)
}

// markdownMarker lets a CI bot find and update its previous comment instead of adding one.
const markdownMarker = "<!-- opexlint -->"

// markdownLimit keeps the comment under GitHub's 65,536-character limit for comments (counted
// in bytes here, which is never fewer than characters); markdownNoteReserve leaves room for the
// note that says how many findings were cut.
const (
	markdownLimit       = 65000
	markdownNoteReserve = 300
)

var severityEmoji = map[string]string{"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "🔵"}

func writeMarkdown(buf *bytes.Buffer, r *Report, opts Options) error {
	rules, index := ruleCatalog(r)
	ruleLink := func(id string) string {
		rule := Rule{ID: id}
		if i, ok := index[id]; ok {
			rule = rules[i]
		}
		return "[" + markdownInline(id) + "](" + markdownURL(ruleDocURL(rule, opts)) + ")"
	}

	buf.WriteString(markdownMarker + "\n")
	failOn := nonEmpty(r.FailOn, "none")
	n := activeAtOrAbove(r, failOn)
	switch {
	case r.Failed:
		fmt.Fprintf(buf, "### ❌ opexlint failed: %s at or above `%s`\n\n", plural(n, "finding", "findings"), markdownCode(failOn))
	case SeverityRank(failOn) == 0:
		fmt.Fprintf(buf, "### ✅ opexlint passed (fail-on `%s`)\n\n", markdownCode(failOn))
	default:
		fmt.Fprintf(buf, "### ✅ opexlint passed: no findings at or above `%s`\n\n", markdownCode(failOn))
	}

	s := r.Summary
	if r.Mode == "hcl" {
		buf.WriteString("**Configuration only** (no plan): change counts and blast radius need a plan.\n\n")
	} else {
		fmt.Fprintf(buf, "**%s:** %d to create · %d to update · %d to delete · %d to replace · blast radius **%s**\n\n",
			plural(s.ResourceChanges, "resource change", "resource changes"),
			s.Actions.Create, s.Actions.Update, s.Actions.Delete, s.Actions.Replace, formatNumber(s.BlastRadius))
		if other := s.Actions.OtherText(); other != "" {
			fmt.Fprintf(buf, "Other actions, counted as changes: %s\n\n", markdownInline(other))
		}
	}
	var counts []string
	for _, sev := range Severities {
		counts = append(counts, fmt.Sprintf("%s %d %s", severityEmoji[sev], s.BySeverity[sev], sev))
	}
	fmt.Fprintf(buf, "**%s:** %s · %d waived\n", plural(s.Findings, "finding", "findings"), strings.Join(counts, " · "), s.Waived)

	// The tail (skipped rules, footer) is rendered first so that the findings tables can be cut
	// to fit a pull-request comment without losing it.
	var tail bytes.Buffer
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&tail, "\n<details>\n<summary>%s not evaluated</summary>\n\n", plural(len(r.Skipped), "rule", "rules"))
		for _, sk := range r.Skipped {
			fmt.Fprintf(&tail, "- %s — %s\n", ruleLink(sk.ID), markdownInline(nonEmpty(sk.Reason, "skipped")))
		}
		tail.WriteString("\n</details>\n")
	}
	footer := markdownInline(r.Tool.Name)
	if r.Tool.Version != "" {
		footer += " " + markdownInline(r.Tool.Version)
	}
	fmt.Fprintf(&tail, "\n<sub>%s · fail-on %s</sub>\n", footer, markdownInline(failOn))

	budget := markdownLimit - tail.Len() - markdownNoteReserve
	omitted := 0
	// section writes one table; rows that would overflow the budget are counted, not written,
	// and a table that cannot hold a single row is left out whole.
	section := func(heading, header string, rows []string, closing string) {
		if omitted > 0 || buf.Len()+len(heading)+len(header)+len(rows[0])+len(closing) > budget {
			omitted += len(rows)
			return
		}
		buf.WriteString(heading + header)
		for i, row := range rows {
			if buf.Len()+len(row)+len(closing) > budget {
				omitted += len(rows) - i
				break
			}
			buf.WriteString(row)
		}
		buf.WriteString(closing)
	}

	var active, waived []Finding
	for _, f := range r.Findings {
		if f.Waived {
			waived = append(waived, f)
		} else {
			active = append(active, f)
		}
	}
	// One table per severity, in severity order (findings are already sorted), then any
	// finding whose severity is not one of the four.
	for start := 0; start < len(active); {
		sev := active[start].Severity
		end := start
		for end < len(active) && active[end].Severity == sev {
			end++
		}
		label := markdownInline(nonEmpty(sev, "unknown severity"))
		if SeverityRank(sev) > 0 {
			label = severityEmoji[sev] + " " + strings.ToUpper(label[:1]) + label[1:]
		}
		var rows []string
		for _, f := range active[start:end] {
			rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s |\n", ruleLink(f.RuleID), markdownCell(f.Address),
				markdownCell(location(f)), markdownCell(nonEmpty(f.Message, f.Title))))
		}
		section(fmt.Sprintf("\n#### %s (%d)\n\n", label, end-start),
			"| Rule | Resource | Location | Message |\n| --- | --- | --- | --- |\n", rows, "")
		start = end
	}

	if len(waived) > 0 {
		var rows []string
		for _, f := range waived {
			rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %s |\n", markdownCell(f.Severity), ruleLink(f.RuleID),
				markdownCell(f.Address), markdownCell(location(f)), markdownCell(nonEmpty(f.Message, f.Title)),
				markdownCell(waiverText(f))))
		}
		section(fmt.Sprintf("\n<details>\n<summary>%s</summary>\n\n", plural(len(waived), "waived finding", "waived findings")),
			"| Severity | Rule | Resource | Location | Message | Waiver |\n| --- | --- | --- | --- | --- | --- |\n",
			rows, "\n</details>\n")
	}

	if omitted > 0 {
		fmt.Fprintf(buf, "\n_%s not shown: a pull-request comment is limited to 65,536 characters. "+
			"The text, JSON and SARIF reports list every finding._\n", plural(omitted, "more finding", "more findings"))
	}
	buf.Write(tail.Bytes())
	return nil
}

// markdownCell is markdownInline with an explicit placeholder for empty cells.
func markdownCell(s string) string {
	if s == "" {
		return "—"
	}
	return markdownInline(s)
}

// markdownCode keeps a value safe inside a `code span`: backticks cannot be escaped there, so
// they are dropped, and line breaks become spaces.
func markdownCode(s string) string {
	return strings.NewReplacer("`", "", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
}

// markdownURL percent-encodes the characters that would end a Markdown link destination or
// a table cell.
func markdownURL(u string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "|", "%7C",
		"\n", "", "\r", "", "`", "%60").Replace(u)
}
