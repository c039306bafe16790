package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
)

// JUnit XML in the de-facto schema CI reporters read (Jenkins, GitLab, Azure DevOps,
// dorny/test-reporter): one <testsuite> per rule, one <testcase> per rule × resource.
type junitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Skipped  int              `xml:"skipped,attr"`
	Suites   []junitTestSuite `xml:"testsuite"`
}

type junitTestSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Properties *junitProperties `xml:"properties"`
	Cases      []junitTestCase  `xml:"testcase"`
}

// junitProperties is omitted when empty: common JUnit schemas require at least one property.
type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func writeJUnit(buf *bytes.Buffer, r *Report, _ Options) error {
	rules, index := ruleCatalog(r)
	// A rule with no findings passes against the whole input: its test case is named after it.
	whole := wholeInput(r)

	byRule := make([][]Finding, len(rules))
	for _, f := range r.Findings {
		i := index[f.RuleID]
		byRule[i] = append(byRule[i], f)
	}
	skipped := map[string]string{}
	for _, s := range r.Skipped {
		skipped[s.ID] = nonEmpty(s.Reason, "skipped")
	}

	doc := junitTestSuites{Name: r.Tool.Name}
	for i, rule := range rules {
		suite := junitTestSuite{Name: rule.ID, Properties: junitRuleProperties(rule)}
		switch findings := byRule[i]; {
		case len(findings) > 0:
			suite.Cases = junitCases(rule, findings, whole)
		case skipped[rule.ID] != "":
			suite.Cases = []junitTestCase{{Classname: rule.ID, Name: whole,
				Skipped: &junitSkipped{Message: "not evaluated: " + skipped[rule.ID]}}}
		case !rule.Enabled:
			suite.Cases = []junitTestCase{{Classname: rule.ID, Name: whole,
				Skipped: &junitSkipped{Message: "disabled by configuration"}}}
		default:
			suite.Cases = []junitTestCase{{Classname: rule.ID, Name: whole}}
		}
		for _, c := range suite.Cases {
			suite.Tests++
			switch {
			case c.Failure != nil:
				suite.Failures++
			case c.Skipped != nil:
				suite.Skipped++
			}
		}
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Skipped += suite.Skipped
		doc.Suites = append(doc.Suites, suite)
	}

	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

// junitCases folds a rule's findings into one test case per resource (address; file location
// or the whole input when there is none). Any unwaived finding fails the case; a case whose
// findings are all waived is skipped with the waiver reasons.
func junitCases(rule Rule, findings []Finding, whole string) []junitTestCase {
	var order []string
	groups := map[string][]Finding{}
	for _, f := range findings {
		name := nonEmpty(f.Address, location(f), whole)
		if _, ok := groups[name]; !ok {
			order = append(order, name)
		}
		groups[name] = append(groups[name], f)
	}
	slices.Sort(order)

	cases := make([]junitTestCase, 0, len(order))
	for _, name := range order {
		fs := groups[name]
		c := junitTestCase{Classname: rule.ID, Name: name, File: fs[0].File}
		if fs[0].Line > 0 {
			c.Line = fs[0].Line
		}
		var active []Finding
		var reasons []string
		for _, f := range fs {
			if f.Waived {
				if reason := waiverText(f); !slices.Contains(reasons, reason) {
					reasons = append(reasons, reason)
				}
			} else {
				active = append(active, f)
			}
		}
		if len(active) == 0 {
			c.Skipped = &junitSkipped{Message: "waived: " + strings.Join(reasons, "; ")}
			cases = append(cases, c)
			continue
		}
		// Findings are sorted by severity, so the first active one is the most severe.
		msg := nonEmpty(active[0].Message, active[0].Title, rule.ID)
		if len(active) > 1 {
			msg = fmt.Sprintf("%d findings; first: %s", len(active), msg)
		}
		var body strings.Builder
		for _, f := range fs {
			fmt.Fprintf(&body, "[%s] %s", f.Severity, nonEmpty(f.Message, f.Title, rule.ID))
			if loc := location(f); loc != "" {
				body.WriteString("\n  at " + loc)
			}
			if f.Waived {
				body.WriteString("\n  waived: " + waiverText(f))
			}
			body.WriteString("\n")
		}
		if rule.Remediation != "" {
			body.WriteString("Remediation: " + rule.Remediation + "\n")
		}
		c.Failure = &junitFailure{Message: msg, Type: active[0].Severity, Body: body.String()}
		cases = append(cases, c)
	}
	return cases
}

func junitRuleProperties(rule Rule) *junitProperties {
	var props []junitProperty
	for _, p := range [][2]string{{"title", rule.Title}, {"severity", rule.Severity},
		{"principle", rule.Principle}, {"focus_area", rule.FocusArea}} {
		if p[1] != "" {
			props = append(props, junitProperty{Name: p[0], Value: p[1]})
		}
	}
	if len(props) == 0 {
		return nil
	}
	return &junitProperties{Property: props}
}
