package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// --- JSON ---------------------------------------------------------------------------------

// objectKeys returns the keys of the JSON object at the start of dec, in document order, and
// decodes each value into vals.
func objectKeys(t *testing.T, data []byte) ([]string, map[string]json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %v %v", tok, err)
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		vals[tok.(string)] = raw
	}
	return keys, vals
}

// TestJSONSchemaKeys pins the documented JSON report (DESIGN.md plus schema_version): key
// names and order, by_severity with all four keys, findings as [] and a trailing newline.
func TestJSONSchemaKeys(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			r := fx.report()
			r.Summary.BySeverity = map[string]int{"high": r.Summary.BySeverity["high"]} // missing keys still written
			out := render(t, "json", r, Options{})
			if !bytes.HasSuffix(out, []byte("}\n")) {
				t.Error("JSON report does not end with a newline")
			}
			keys, top := objectKeys(t, out)
			if want := []string{"schema_version", "tool", "summary", "findings"}; !reflect.DeepEqual(keys, want) {
				t.Errorf("top-level keys %v, want %v", keys, want)
			}
			var version string
			if err := json.Unmarshal(top["schema_version"], &version); err != nil || version != SchemaVersion {
				t.Errorf("schema_version = %s, want %q", top["schema_version"], SchemaVersion)
			}
			if keys, _ := objectKeys(t, top["tool"]); !reflect.DeepEqual(keys, []string{"name", "version"}) {
				t.Errorf("tool keys %v", keys)
			}
			keys, summary := objectKeys(t, top["summary"])
			if want := []string{"resource_changes", "actions", "blast_radius", "findings", "by_severity", "waived"}; !reflect.DeepEqual(keys, want) {
				t.Errorf("summary keys %v, want %v", keys, want)
			}
			if keys, _ := objectKeys(t, summary["actions"]); !reflect.DeepEqual(keys, []string{"create", "update", "delete", "replace"}) {
				t.Errorf("actions keys %v", keys)
			}
			if keys, _ := objectKeys(t, summary["by_severity"]); !reflect.DeepEqual(keys, Severities) {
				t.Errorf("by_severity keys %v, want %v", keys, Severities)
			}
			var findings []json.RawMessage
			if err := json.Unmarshal(top["findings"], &findings); err != nil || findings == nil {
				t.Fatalf("findings = %s (%v), want an array", top["findings"], err)
			}
			if len(findings) != len(r.Findings) {
				t.Errorf("%d findings written, want %d", len(findings), len(r.Findings))
			}
			core := []string{"rule_id", "severity", "title", "message", "principle", "focus_area"}
			optional := []string{"address", "file", "line"}
			waiver := []string{"waiver_reason", "waiver_until", "waiver_source"}
			for i, raw := range findings {
				keys, _ := objectKeys(t, raw)
				if !reflect.DeepEqual(keys[:len(core)], core) {
					t.Errorf("finding %d starts with %v, want %v", i, keys, core)
				}
				if !slices.Contains(keys, "waived") {
					t.Errorf("finding %d has no waived key: %v", i, keys)
				}
				for _, k := range keys {
					if !slices.Contains(core, k) && !slices.Contains(optional, k) && !slices.Contains(waiver, k) && k != "waived" {
						t.Errorf("finding %d has undocumented key %q", i, k)
					}
				}
			}
		})
	}
	if out := render(t, "json", emptyReport(), Options{}); !bytes.Contains(out, []byte(`"findings": []`)) {
		t.Errorf("a report without findings must write \"findings\": [], got\n%s", out)
	}
}

// --- SARIF --------------------------------------------------------------------------------

var (
	sarifSchemaOnce sync.Once
	sarifSchema     *jsonschema.Schema
	sarifSchemaErr  error
)

// validateSARIF checks out against the OASIS SARIF 2.1.0 schema, formats asserted. It skips
// the test when the schema is not next to the repository.
func validateSARIF(t testing.TB, out []byte) {
	t.Helper()
	if err := sarifValidator(t)(out); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// sarifValidator compiles the schema once and returns a function that validates a document.
func sarifValidator(t testing.TB) func([]byte) error {
	t.Helper()
	path := sarifSchemaPath(t)
	if path == "" {
		t.Skip("SARIF schema not found (../shared/schemas/sarif-schema-2.1.0.json)")
	}
	sarifSchemaOnce.Do(func() {
		f, err := os.Open(path)
		if err != nil {
			sarifSchemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			sarifSchemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(sarifSchemaURI, doc); err != nil {
			sarifSchemaErr = err
			return
		}
		sarifSchema, sarifSchemaErr = c.Compile(sarifSchemaURI)
	})
	if sarifSchemaErr != nil {
		t.Fatalf("compiling the SARIF schema: %v", sarifSchemaErr)
	}
	return func(out []byte) error {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			return fmt.Errorf("SARIF output is not JSON: %w", err)
		}
		if err := sarifSchema.Validate(inst); err != nil {
			return fmt.Errorf("SARIF output is not valid SARIF 2.1.0: %w", err)
		}
		return nil
	}
}

func TestSARIFValid(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			validateSARIF(t, render(t, "sarif", fx.report(), Options{}))
		})
	}
	// The validator is not vacuous: it rejects what the writer must never produce.
	out := render(t, "sarif", planReport(), Options{})
	for _, bad := range [][2]string{
		{`"level": "error"`, `"level": "fatal"`},
		{`"kind": "inSource"`, `"kind": "inline"`},
		{`"startLine": 12`, `"startLine": 0`},
		{`"helpUri": "https://github.com/opexhq/terraform-provider-opex/blob/main/docs/rules/large-batch.md"`, `"helpUri": "large batch"`},
	} {
		broken := bytes.Replace(out, []byte(bad[0]), []byte(bad[1]), 1)
		if bytes.Equal(broken, out) {
			t.Fatalf("fixture output lacks %s", bad[0])
		}
		if sarifValidator(t)(broken) == nil {
			t.Errorf("the schema accepted %s", bad[1])
		}
	}
}

// sarifDoc is the subset of SARIF the tests read back.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, InformationURI string
				Rules                         []struct {
					ID, HelpURI          string
					Help                 struct{ Text, Markdown string }
					DefaultConfiguration struct {
						Enabled bool
						Level   string
					}
					Properties map[string]any
				}
			}
		}
		Invocations []struct{ ExecutionSuccessful bool }
		Results     []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Region           *struct{ StartLine int }
				}
				LogicalLocations []struct{ FullyQualifiedName, Kind string }
			}
			PartialFingerprints map[string]string
			Suppressions        []struct{ Kind, Status, Justification string }
		}
	}
}

func readSARIF(t *testing.T, out []byte) sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	return doc
}

func TestSARIFContent(t *testing.T) {
	r := planReport()
	opts := Options{RulesDocBase: "https://docs.example.com/rules/"}
	doc := readSARIF(t, render(t, "sarif", r, opts))
	if doc.Version != "2.1.0" || doc.Schema == "" {
		t.Errorf("version %q, $schema %q", doc.Version, doc.Schema)
	}
	run := doc.Runs[0]
	d := run.Tool.Driver
	if d.Name != "opexlint" || d.Version != "1.2.3" || d.InformationURI == "" {
		t.Errorf("driver %q %q %q", d.Name, d.Version, d.InformationURI)
	}
	// One descriptor per rule, including expired-waiver, which only a finding names.
	var ids []string
	for _, rule := range d.Rules {
		ids = append(ids, rule.ID)
		if want := "https://docs.example.com/rules/" + rule.ID + ".md"; rule.HelpURI != want {
			t.Errorf("%s: helpUri %q, want %q", rule.ID, rule.HelpURI, want)
		}
		if !strings.Contains(rule.Help.Markdown, rule.HelpURI) || rule.Help.Text == "" {
			t.Errorf("%s: help lacks text or the docs link: %+v", rule.ID, rule.Help)
		}
		for _, k := range []string{"severity", "principle", "focus_area", "tags"} {
			if _, ok := rule.Properties[k]; !ok {
				t.Errorf("%s: properties lack %s", rule.ID, k)
			}
		}
	}
	wantIDs := []string{"expired-waiver", "large-batch", "missing-alarm", "missing-tags", "no-rollback",
		"off-hours-schedule", "runbook-required", "stateful-destroy"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("rules %v, want %v", ids, wantIDs)
	}
	if rule := d.Rules[slices.Index(ids, "off-hours-schedule")]; rule.DefaultConfiguration.Enabled {
		t.Error("a disabled rule is reported as enabled")
	}
	if rule := d.Rules[slices.Index(ids, "stateful-destroy")]; !strings.Contains(rule.Help.Text, "Remediation: Add `lifecycle") {
		t.Errorf("help text lacks the remediation: %q", rule.Help.Text)
	}
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("invocations %+v", run.Invocations)
	}

	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(r.Findings))
	}
	levels := map[string]string{}
	for _, res := range run.Results {
		if d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d points at %s", res.RuleID, res.RuleIndex, d.Rules[res.RuleIndex].ID)
		}
		levels[res.RuleID] = res.Level
		if len(res.Locations) != 1 {
			t.Errorf("result %s has %d locations", res.RuleID, len(res.Locations))
			continue
		}
		loc := res.Locations[0]
		if p := loc.PhysicalLocation; p != nil {
			if p.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasSuffix(p.ArtifactLocation.URI, ".json") {
				t.Errorf("result %s located at %+v, want a .tf file under %%SRCROOT%%", res.RuleID, p.ArtifactLocation)
			}
		} else if len(loc.LogicalLocations) != 1 {
			t.Errorf("result %s has neither a physical nor a logical location", res.RuleID)
		}
		if res.PartialFingerprints["opexlint/v1"] == "" {
			t.Errorf("result %s has no fingerprint", res.RuleID)
		}
	}
	want := map[string]string{"stateful-destroy": "error", "large-batch": "error", "no-rollback": "error",
		"missing-alarm": "warning", "expired-waiver": "warning", "missing-tags": "note"}
	if !reflect.DeepEqual(levels, want) {
		t.Errorf("levels %v, want %v", levels, want)
	}

	byMessage := map[string]int{}
	for i, res := range run.Results {
		byMessage[res.Message.Text] = i
	}
	// The finding without a file is located logically by its address.
	res := run.Results[byMessage["queue jobs has no dead-letter queue alarm"]]
	if l := res.Locations[0]; l.PhysicalLocation != nil || l.LogicalLocations[0].FullyQualifiedName != "aws_sqs_queue.jobs" {
		t.Errorf("finding without a file located at %+v", l)
	}
	// A file name with a space is a valid relative URI reference.
	res = run.Results[byMessage[r.Findings[2].Message]]
	if got := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "app/api%20gateway.tf" {
		t.Errorf("uri %q, want app/api%%20gateway.tf", got)
	}
	// Waivers: a .tf comment is inSource, .opexlint.hcl is external; both carry the reason.
	for msg, kind := range map[string]string{r.Findings[6].Message: "external", r.Findings[7].Message: "inSource"} {
		res := run.Results[byMessage[msg]]
		if len(res.Suppressions) != 1 || res.Suppressions[0].Kind != kind || res.Suppressions[0].Justification == "" {
			t.Errorf("%q: suppressions %+v, want one %s with a justification", msg, res.Suppressions, kind)
		}
	}
	for _, res := range run.Results {
		if res.Suppressions != nil && !strings.Contains(res.Message.Text, "aws_s3_bucket.logs") && !strings.Contains(res.Message.Text, "replica") {
			t.Errorf("unwaived finding %q has suppressions", res.Message.Text)
		}
	}
}

// TestSARIFFingerprintStable: moving a finding to another line, even one its message names,
// keeps its fingerprint; another address or message changes it.
func TestSARIFFingerprintStable(t *testing.T) {
	base := Finding{RuleID: "no-rollback", Severity: "high", Address: "aws_lambda_function.api",
		File: "main.tf", Line: 40, Message: "alias live declared at main.tf:40 shifts all traffic (line 40)"}
	moved := base
	moved.Line, moved.File = 52, "lambda.tf"
	moved.Message = "alias live declared at main.tf:52 shifts all traffic (line 52)"
	if fingerprint(base) != fingerprint(moved) {
		t.Error("fingerprint changed when only line numbers changed")
	}
	other := base
	other.Address = "aws_lambda_function.worker"
	if fingerprint(base) == fingerprint(other) {
		t.Error("fingerprint ignores the address")
	}
	other = base
	other.Message = "alias canary declared at main.tf:40 shifts all traffic"
	if fingerprint(base) == fingerprint(other) {
		t.Error("fingerprint ignores the message")
	}
	a := readSARIF(t, render(t, "sarif", planReport(), Options{}))
	b := readSARIF(t, render(t, "sarif", planReport(), Options{}))
	for i := range a.Runs[0].Results {
		if !reflect.DeepEqual(a.Runs[0].Results[i].PartialFingerprints, b.Runs[0].Results[i].PartialFingerprints) {
			t.Fatal("fingerprints differ between runs")
		}
	}
}

func TestSARIFHelpURIOverride(t *testing.T) {
	cases := map[string]string{
		"https://policies.example.com/custom": "https://policies.example.com/custom",
		"not a url":                           DefaultRulesDocBase + "my%20rule.md",
		"javascript:alert(1)":                 DefaultRulesDocBase + "my%20rule.md",
	}
	for helpURI, want := range cases {
		if got := ruleDocURL(Rule{ID: "my rule", HelpURI: helpURI}, Options{}); got != want {
			t.Errorf("HelpURI %q: got %q, want %q", helpURI, got, want)
		}
	}
}

// --- JUnit --------------------------------------------------------------------------------

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// parseJUnit reads a JUnit report back and checks that every count matches its test cases.
func parseJUnit(t testing.TB, out []byte) junitDoc {
	t.Helper()
	var doc junitDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, out)
	}
	var tests, failures, skipped int
	for _, s := range doc.Suites {
		var f, sk int
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("case %q in suite %q has classname %q", c.Name, s.Name, c.Classname)
			}
			if c.Failure != nil && c.Skipped != nil {
				t.Errorf("case %s/%s both failed and skipped", s.Name, c.Name)
			}
			if c.Failure != nil {
				f++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Skipped != sk || s.Errors != 0 {
			t.Errorf("suite %s counts tests=%d failures=%d skipped=%d, cases say %d/%d/%d",
				s.Name, s.Tests, s.Failures, s.Skipped, len(s.Cases), f, sk)
		}
		tests, failures, skipped = tests+len(s.Cases), failures+f, skipped+sk
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Skipped != skipped {
		t.Errorf("testsuites counts %d/%d/%d, suites say %d/%d/%d", doc.Tests, doc.Failures, doc.Skipped, tests, failures, skipped)
	}
	return doc
}

func TestJUnitParsesBack(t *testing.T) {
	doc := parseJUnit(t, render(t, "junit", planReport(), Options{}))
	type outcome struct{ kind, detail string }
	got := map[string]outcome{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				got[s.Name+" "+c.Name] = outcome{"failure", c.Failure.Type}
			case c.Skipped != nil:
				got[s.Name+" "+c.Name] = outcome{"skipped", c.Skipped.Message}
			default:
				got[s.Name+" "+c.Name] = outcome{"pass", ""}
			}
		}
	}
	want := map[string]outcome{
		"expired-waiver .opexlint.hcl:14":                       {"failure", "medium"},
		"large-batch plan":                                      {"failure", "high"},
		"missing-alarm aws_sqs_queue.jobs":                      {"failure", "medium"},
		`no-rollback aws_lambda_function.api["eu-west-1"]`:      {"failure", "high"},
		"stateful-destroy module.db.aws_db_instance.main":       {"failure", "critical"},
		"stateful-destroy module.db.aws_db_instance.replica[0]": {"skipped", "waived: replicas are rebuilt nightly (modules/db/main.tf:28)"},
		"missing-tags aws_s3_bucket.logs":                       {"skipped", "waived: tagged by the organisation's tag policy (until 2027-01-31, .opexlint.hcl:9)"},
		"off-hours-schedule plan":                               {"skipped", "disabled by configuration"},
		"runbook-required plan":                                 {"pass", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("test cases:\n got %v\nwant %v", got, want)
	}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure == nil {
				continue
			}
			if c.Failure.Message == "" || (s.Name != "expired-waiver" && !strings.Contains(c.Failure.Body, "Remediation: ")) {
				t.Errorf("%s/%s: failure lacks message or remediation: %+v", s.Name, c.Name, c.Failure)
			}
			if s.Name == "no-rollback" && !strings.Contains(c.Failure.Body, "at app/api gateway.tf:40") {
				t.Errorf("failure body lacks file:line: %q", c.Failure.Body)
			}
			if s.Name == "missing-alarm" && strings.Count(c.Failure.Body, "[medium]") != 2 {
				t.Errorf("two findings on one resource should share one failure: %q", c.Failure.Body)
			}
		}
	}

	hcl := parseJUnit(t, render(t, "junit", hclReport(), Options{}))
	for _, s := range hcl.Suites {
		if s.Name == "large-batch" {
			if c := s.Cases[0]; c.Skipped == nil || c.Name != "configuration" || !strings.Contains(c.Skipped.Message, "requires a plan") {
				t.Errorf("skipped rule in HCL mode: %+v", c)
			}
		}
	}
}

// --- GitHub -------------------------------------------------------------------------------

func TestGitHubEscaping(t *testing.T) {
	cases := []struct{ in, data, property string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"%0A literal", "%250A literal", "%250A literal"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"key: value", "key: value", "key%3A value"},
		{"a,b", "a,b", "a%2Cb"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"title=x,line=1", "title=x,line=1", "title=x%2Cline=1"},
	}
	for _, c := range cases {
		if got := githubDataEscaper.Replace(c.in); got != c.data {
			t.Errorf("data %q: got %q, want %q", c.in, got, c.data)
		}
		if got := githubPropertyEscaper.Replace(c.in); got != c.property {
			t.Errorf("property %q: got %q, want %q", c.in, got, c.property)
		}
	}
}

// githubAnnotation parses one workflow command line.
var githubAnnotation = regexp.MustCompile(`^::(error|warning|notice) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::(.*)$`)

func TestGitHubAnnotations(t *testing.T) {
	r := planReport()
	out := string(render(t, "github", r, Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var annotations []string
	for _, l := range lines {
		if strings.HasPrefix(l, "::") {
			annotations = append(annotations, l)
		}
	}
	if len(annotations) != len(r.Findings) {
		t.Fatalf("%d annotations for %d findings:\n%s", len(annotations), len(r.Findings), out)
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "opexlint FAIL (fail-on high): ") || !strings.Contains(last, "8 findings") {
		t.Errorf("summary line %q", last)
	}
	commands := map[string]int{}
	for _, a := range annotations {
		m := githubAnnotation.FindStringSubmatch(a)
		if m == nil {
			t.Errorf("malformed workflow command %q", a)
			continue
		}
		commands[m[1]]++
	}
	// critical+high unwaived → error (3); medium → warning (3); waived → notice (2).
	if want := map[string]int{"error": 3, "warning": 3, "notice": 2}; !reflect.DeepEqual(commands, want) {
		t.Errorf("commands %v, want %v", commands, want)
	}
	want := `::error file=app/api gateway.tf,line=40,title=no-rollback%3A No rollback path::aws_lambda_function.api["eu-west-1"]: 100%25 of traffic shifts at once,%0Ano rollback: alias ` + "`live`" + ` <script>alert(1)</script> | see main.tf:40`
	if !slices.Contains(annotations, want) {
		t.Errorf("missing escaped annotation\n%s\nin\n%s", want, out)
	}
	// Low findings are notices even when not waived.
	if out := string(render(t, "github", hclReport(), Options{})); !strings.Contains(out, "::notice file=storage/s3.tf,line=7,title=missing-tags") {
		t.Errorf("low finding not a notice:\n%s", out)
	}
}

// --- Markdown -----------------------------------------------------------------------------

// unescapedPipes counts '|' not escaped by a backslash (a backslash escapes the next byte).
func unescapedPipes(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// checkMarkdownTables asserts that every table row has as many cells as its header and that the
// tables hold exactly one row per finding; it returns the data rows.
func checkMarkdownTables(t testing.TB, md string, findings int) []string {
	t.Helper()
	var rows []string
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			continue
		}
		header := unescapedPipes(lines[i])
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "| ---") || unescapedPipes(lines[i+1]) != header {
			t.Fatalf("table at line %d has no delimiter row:\n%s", i+1, md)
		}
		for i += 2; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			if got := unescapedPipes(lines[i]); got != header {
				t.Fatalf("row at line %d has %d unescaped pipes, header %d:\n%s", i+1, got, header, lines[i])
			}
			if !strings.HasSuffix(lines[i], " |") {
				t.Fatalf("row at line %d does not end its last cell: %q", i+1, lines[i])
			}
			rows = append(rows, lines[i])
		}
		if i < len(lines) && lines[i] != "" {
			t.Fatalf("table ends at line %d without a blank line: %q", i+1, lines[i])
		}
	}
	if len(rows) != findings {
		t.Fatalf("%d table rows for %d findings:\n%s", len(rows), findings, md)
	}
	return rows
}

// markdownTags are the only HTML tags the Markdown report may contain; anything else in the
// output came from a finding and was not escaped.
var markdownTags = strings.NewReplacer("<!-- opexlint -->", "", "<br>", "", "<details>", "", "</details>", "",
	"<summary>", "", "</summary>", "", "<sub>", "", "</sub>", "")

func checkMarkdownHTML(t testing.TB, md string) {
	t.Helper()
	if rest := markdownTags.Replace(md); strings.Contains(rest, "<") {
		i := strings.Index(rest, "<")
		t.Fatalf("unescaped HTML in the Markdown report: %q", rest[max(0, i-20):min(len(rest), i+40)])
	}
}

func TestMarkdownTableIntegrity(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			r := fx.report()
			md := string(render(t, "markdown", r, Options{}))
			if !strings.HasPrefix(md, "<!-- opexlint -->\n") {
				t.Error("the report does not start with the <!-- opexlint --> marker")
			}
			checkMarkdownTables(t, md, len(r.Findings))
			checkMarkdownHTML(t, md)
		})
	}
	md := string(render(t, "markdown", planReport(), Options{}))
	for _, want := range []string{
		"### ❌ opexlint failed: 3 findings at or above `high`",
		"**14 resource changes:** 5 to create · 4 to update · 2 to delete · 3 to replace · blast radius **23.5**",
		"#### 🔴 Critical (1)", "#### 🟠 High (2)", "#### 🟡 Medium (3)",
		"<summary>2 waived findings</summary>",
		`100% of traffic shifts at once,<br>no rollback: alias \` + "`live\\`" + ` &lt;script&gt;alert(1)&lt;/script&gt; \| see main.tf:40`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown report lacks %q", want)
		}
	}
	// Waived findings live only inside <details>.
	before, _, _ := strings.Cut(md, "<details>")
	if strings.Contains(before, "replicas are rebuilt nightly") || strings.Contains(before, "aws\\_s3\\_bucket.logs") {
		t.Error("a waived finding is outside <details>")
	}
	if hcl := string(render(t, "markdown", hclReport(), Options{})); !strings.Contains(hcl, "✅") ||
		!strings.Contains(hcl, "3 rules not evaluated") || !strings.Contains(hcl, "requires a plan") {
		t.Errorf("HCL-mode Markdown lacks the verdict or the skipped rules:\n%s", hcl)
	}
}

func TestMarkdownEscapeHostile(t *testing.T) {
	for _, s := range []string{`a|b`, `a\|b`, `a\\|b`, "a`|`b", "x\n| --- |\ny", "x\r\ny", "<img src=x onerror=alert(1)>", "[link](javascript:x)", `\`} {
		r := emptyReport()
		r.Findings = []Finding{{RuleID: s, Severity: "high", Message: s, Address: s, File: s, Line: 1}}
		md := string(render(t, "markdown", r, Options{}))
		checkMarkdownTables(t, md, 1)
		checkMarkdownHTML(t, md)
		if regexp.MustCompile(`(^|[^\\])\]\(javascript`).MatchString(md) {
			t.Errorf("%q produced a live link", s)
		}
	}
}

// --- text ---------------------------------------------------------------------------------

func TestTextColorAndTerminalSafety(t *testing.T) {
	r := planReport()
	r.Findings[0].Message = "evil \x1b]0;pwned\x07 title \x1b[2J"
	plain := string(render(t, "text", r, Options{}))
	if strings.Contains(plain, "\x1b") || strings.Contains(plain, "\x07") {
		t.Errorf("uncoloured text contains control characters:\n%q", plain)
	}
	if !strings.Contains(plain, `evil \u001b]0;pwned\u0007 title \u001b[2J`) {
		t.Errorf("control characters not shown escaped:\n%s", plain)
	}
	color := string(render(t, "text", r, Options{Color: true}))
	if !strings.Contains(color, ansiBold+ansiRed+"critical") || !strings.Contains(color, ansiYellow+"medium") {
		t.Errorf("coloured text lacks severity colours:\n%q", color)
	}
	if strings.Contains(color, "\x1b]0;") {
		t.Error("a message's escape sequence reached the coloured output")
	}
	for _, want := range []string{"Plan-wide\n", "waived: replicas are rebuilt nightly", "8 findings (1 critical, 3 high, 3 medium, 1 low); 2 waived"} {
		if !strings.Contains(plain, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if !strings.HasPrefix(plain, "Plan-wide\n") {
		t.Error("plan-wide findings are not first")
	}
	hcl := string(render(t, "text", hclReport(), Options{}))
	if !strings.Contains(hcl, "Skipped 3 rules: large-batch, no-rollback, stateful-destroy (requires a plan)") {
		t.Errorf("text report does not state the skipped rules:\n%s", hcl)
	}
}

// TestMarkdownFitsAComment: a plan with thousands of findings still yields a comment GitHub
// accepts, with whole rows, the verdict, a note on what was cut, and the footer.
func TestMarkdownFitsAComment(t *testing.T) {
	r := hclReport()
	r.Findings = nil
	for i := range 3000 {
		r.Findings = append(r.Findings, Finding{RuleID: "missing-alarm", Severity: Severities[i%4],
			Message: fmt.Sprintf("queue %04d has no alarm on ApproximateAgeOfOldestMessage", i),
			Address: fmt.Sprintf("aws_sqs_queue.q[%d]", i), File: "queues.tf", Line: i + 1, Waived: i%10 == 0})
	}
	md := string(render(t, "markdown", r, Options{}))
	if len(md) > 65536 {
		t.Fatalf("comment is %d bytes", len(md))
	}
	m := regexp.MustCompile(`\n_(\d+) more findings not shown: `).FindStringSubmatch(md)
	if m == nil {
		t.Fatalf("no note on omitted findings:\n%s", md[len(md)-2000:])
	}
	var omitted int
	fmt.Sscan(m[1], &omitted)
	rows := checkMarkdownTables(t, md, len(r.Findings)-omitted)
	if len(rows) < 100 {
		t.Errorf("only %d rows shown", len(rows))
	}
	for _, want := range []string{"### ✅ opexlint passed", "3 rules not evaluated", "<sub>opexlint 1.2.3 · fail-on high</sub>\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("truncated comment lacks %q", want)
		}
	}
	checkMarkdownHTML(t, md)
}
