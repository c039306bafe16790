package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzWriters feeds arbitrary finding strings to every writer: SARIF stays schema-valid, JSON
// valid, JUnit parses with consistent counts, the Markdown tables keep their shape and hold no
// HTML, the GitHub log has exactly one command line per finding, and the text has no control
// characters. Seeds: testdata/fuzz/FuzzWriters (run with go test -fuzz=FuzzWriters ./lint/report).
func FuzzWriters(f *testing.F) {
	f.Add("large-batch", "high", "Large batch", "34 resources change (limit 20)", "module.a.aws_x.y[\"k\"]", "main.tf", 12, false, "")
	f.Add("no-rollback", "critical", "t", "100% done,\nnext: <script>alert(1)</script> | `x`", "", "", 0, true, "agreed: a, b")
	f.Add("a|b", "medium", "x\r\ny", "%0A%25::error::x", "aws_x.y", "dir with space/a:b,c.tf", -3, true, "")
	f.Add("", "", "", "", "", "", 0, false, "")
	f.Fuzz(func(t *testing.T, ruleID, severity, title, message, address, file string, line int, waived bool, reason string) {
		r := &Report{
			Tool: Tool{Name: "opexlint", Version: "0.0.0"},
			Summary: Summary{ResourceChanges: 2, Actions: Actions{Create: 1, Delete: 1}, BlastRadius: 1.5,
				Findings: 2, BySeverity: map[string]int{severity: 1, "low": 1}},
			Findings: []Finding{
				{RuleID: ruleID, Severity: severity, Title: title, Message: message, Principle: title,
					FocusArea: title, Address: address, File: file, Line: line, Waived: waived,
					WaiverReason: reason, WaiverUntil: reason, WaiverSource: file + ":" + reason},
				{RuleID: "fixed-rule", Severity: "low", Title: "Fixed", Message: "fixed finding",
					Address: "aws_s3_bucket.b", File: "b.tf", Line: 1},
			},
			Rules: []Rule{{ID: ruleID, Title: title, Description: message, Severity: severity,
				Principle: address, FocusArea: address, Remediation: reason, HelpURI: file, Enabled: true}},
			Skipped: []SkippedRule{{ID: ruleID + "-plan", Reason: reason}},
			Mode:    "plan",
			FailOn:  "high",
			Failed:  SeverityRank(severity) >= 3 && !waived,
		}
		out := map[string][]byte{}
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := Write(&buf, format, r, Options{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out[format] = buf.Bytes()
		}

		var doc struct{ Findings []map[string]any }
		if err := json.Unmarshal(out["json"], &doc); err != nil || len(doc.Findings) != 2 {
			t.Fatalf("JSON: %v, %d findings\n%s", err, len(doc.Findings), out["json"])
		}

		if sarifSchemaPath(t) != "" {
			if err := sarifValidator(t)(out["sarif"]); err != nil {
				t.Fatalf("%v\n%s", err, out["sarif"])
			}
		} else if !json.Valid(out["sarif"]) {
			t.Fatalf("SARIF is not JSON:\n%s", out["sarif"])
		}

		junit := parseJUnit(t, out["junit"])
		if junit.Tests < 3 { // the fuzzed rule, fixed-rule, the skipped rule
			t.Fatalf("JUnit has %d test cases, want at least 3\n%s", junit.Tests, out["junit"])
		}

		md := string(out["markdown"])
		checkMarkdownTables(t, md, 2)
		checkMarkdownHTML(t, md)

		var commands, other int
		for _, l := range strings.Split(strings.TrimSuffix(string(out["github"]), "\n"), "\n") {
			if strings.HasPrefix(l, "::") {
				if githubAnnotation.FindStringSubmatch(l) == nil {
					t.Fatalf("malformed workflow command %q", l)
				}
				commands++
			} else {
				other++
			}
		}
		if commands != 2 || other != 2 { // two findings; the summary and the skipped line
			t.Fatalf("GitHub log: %d commands and %d other lines, want 2 and 2:\n%s", commands, other, out["github"])
		}

		text := string(out["text"])
		if strings.ContainsAny(text, "\x1b\r\x00") {
			t.Fatalf("text report carries control characters: %q", text)
		}
	})
}
