package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opexhq/terraform-provider-opex/lint/report"
)

// The stand-in policy library of testdata/policy (not the real opex rules).
var testPolicy = []string{"testdata/policy/lib", "testdata/policy/rules"}

var today = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

func opts(path string, mod func(*Options)) Options {
	o := Options{Path: path, Library: map[string]string{}, PolicyDirs: testPolicy, WorkDir: "testdata/nowhere",
		Now: func() time.Time { return today }, Version: "test"}
	if mod != nil {
		mod(&o)
	}
	return o
}

func lines(r *report.Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%s %s %s %s:%d %q", f.Severity, f.RuleID, f.Address, f.File, f.Line, f.Message)
		if f.Waived {
			fmt.Fprintf(&b, " waived(%s, %s, %s)", f.WaiverReason, f.WaiverUntil, f.WaiverSource)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func mustRun(t *testing.T, o Options) *report.Report {
	t.Helper()
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

func TestPlanWithDir(t *testing.T) {
	r := mustRun(t, opts("testdata/plans/basic.json", func(o *Options) { o.Dir = "testdata/tf" }))
	want := `high big-batch  :0 "4 resources change, more than 3"
medium expired-waiver terraform_data.leak main.tf:21 "inline waiver of echo-input on terraform_data.leak expired on 2020-01-31; it no longer waives anything: fix the findings or renew it (reason was: temporary)"
medium unprotected-data module.app.terraform_data.b["k"] modules/app/main.tf:1 "module.app.terraform_data.b[\"k\"] can be destroyed (note: none)" waived(app data is rebuilt from source, , main.tf:15)
medium unprotected-data terraform_data.a main.tf:2 "terraform_data.a can be destroyed (note: none)"
medium unprotected-data terraform_data.leak main.tf:20 "terraform_data.leak can be destroyed (note: none)"
low echo-input module.app.terraform_data.b["k"] modules/app/main.tf:1 "input of module.app.terraform_data.b[\"k\"] is k"
low echo-input terraform_data.a main.tf:2 "input of terraform_data.a is hello" waived(greeting is public, , main.tf:1)
low echo-input terraform_data.c :0 "input of terraform_data.c is same"
low echo-input terraform_data.d main.tf:6 "input of terraform_data.d is kept" waived(kept on purpose, 2030-01-01, main.tf:7)
low echo-input terraform_data.leak main.tf:20 "input of terraform_data.leak is (sensitive value)"
`
	if got := lines(r); got != want {
		t.Fatalf("findings:\n%s\nwant:\n%s", got, want)
	}
	s := r.Summary
	if s.ResourceChanges != 4 || !reflect.DeepEqual(s.Actions, report.Actions{Create: 2, Update: 1, Replace: 1}) || s.BlastRadius != 4 ||
		s.Findings != 10 || s.Waived != 3 || s.BySeverity["high"] != 1 || s.BySeverity["medium"] != 4 || s.BySeverity["low"] != 5 || s.BySeverity["critical"] != 0 {
		t.Fatalf("summary = %+v", s)
	}
	if !r.Failed || r.FailOn != "high" || r.Mode != "plan" || len(r.Skipped) != 0 || r.Tool.Version != "test" {
		t.Fatalf("report = %+v", r)
	}
	if len(r.Rules) != 4 || r.Rules[1].ID != "echo-input" || r.Rules[1].HelpURI != RulesDocBase+"echo-input.md" || !r.Rules[1].Enabled {
		t.Fatalf("rules = %+v", r.Rules)
	}
}

func TestPlanWithoutDir(t *testing.T) {
	r := mustRun(t, opts("testdata/plans/basic.json", nil))
	for _, f := range r.Findings {
		if f.File != "" || f.Waived {
			t.Fatalf("finding without configuration has a location or waiver: %+v", f)
		}
	}
	if r.Summary.Findings != 10 {
		t.Fatalf("findings = %d\n%s", r.Summary.Findings, lines(r))
	}
}

func TestHCLMode(t *testing.T) {
	r := mustRun(t, opts("testdata/tf", nil))
	if r.Mode != "hcl" || len(r.Skipped) != 1 || r.Skipped[0].ID != "big-batch" || !strings.Contains(r.Skipped[0].Reason, "needs a plan") {
		t.Fatalf("mode %s, skipped %+v", r.Mode, r.Skipped)
	}
	for _, rr := range r.Rules {
		if rr.ID == "big-batch" && rr.Enabled {
			t.Fatal("big-batch listed as enabled in HCL mode")
		}
	}
	if r.Summary.ResourceChanges != 0 || !reflect.DeepEqual(r.Summary.Actions, report.Actions{}) {
		t.Fatalf("HCL mode reports plan counts: %+v", r.Summary)
	}
	got := lines(r)
	for _, want := range []string{
		`medium unprotected-data terraform_data.a main.tf:2 "terraform_data.a can be destroyed (note: none)"` + "\n",
		`medium unprotected-data module.app.terraform_data.b modules/app/main.tf:1 "module.app.terraform_data.b can be destroyed (note: none)" waived(app data is rebuilt from source, , main.tf:15)`,
		`low echo-input terraform_data.a main.tf:2 "input of terraform_data.a is hello" waived(greeting is public, , main.tf:1)`,
		`medium expired-waiver terraform_data.leak main.tf:21`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "big-batch") || strings.Contains(got, "unprotected-data terraform_data.d") {
		t.Errorf("unexpected findings:\n%s", got)
	}
	if _, err := Run(context.Background(), opts("testdata/tf", func(o *Options) { o.Dir = "testdata" })); err == nil ||
		!strings.Contains(err.Error(), "--dir is for plan input") {
		t.Fatalf("--dir with a directory PATH: %v", err)
	}
}

// writeConfig puts a .opexlint.hcl in a temp dir and returns its path.
func writeConfig(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), ".opexlint.hcl")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigWaiversAndRules(t *testing.T) {
	cfg := writeConfig(t, `
fail_on = "medium"
rule "echo-input" {
  enabled = false
}
rule "unprotected-data" {
  severity = "low"
}
waiver {
  rule    = "unprotected-data"
  address = "terraform_data.*"
  reason  = "sandbox"
}
waiver {
  rule    = "big-batch"
  reason  = "bulk import"
  until   = "2026-01-15"
}
`)
	r := mustRun(t, opts("testdata/plans/basic.json", func(o *Options) { o.ConfigFile = cfg }))
	want := fmt.Sprintf(`high big-batch  :0 "4 resources change, more than 3" waived(bulk import, 2026-01-15, %[1]s:14)
low unprotected-data module.app.terraform_data.b["k"] :0 "module.app.terraform_data.b[\"k\"] can be destroyed (note: none)"
low unprotected-data terraform_data.a :0 "terraform_data.a can be destroyed (note: none)" waived(sandbox, , %[1]s:9)
low unprotected-data terraform_data.d :0 "terraform_data.d can be destroyed (note: none)" waived(sandbox, , %[1]s:9)
low unprotected-data terraform_data.leak :0 "terraform_data.leak can be destroyed (note: none)" waived(sandbox, , %[1]s:9)
`, cfg)
	if got := lines(r); got != want {
		t.Fatalf("findings:\n%s\nwant:\n%s", got, want)
	}
	if r.Failed || r.FailOn != "medium" {
		t.Fatalf("failed=%v fail_on=%s: only low findings are active", r.Failed, r.FailOn)
	}
	if len(r.Skipped) != 1 || r.Skipped[0].ID != "echo-input" || r.Skipped[0].Reason != "disabled in "+cfg+":3" {
		t.Fatalf("skipped = %+v", r.Skipped)
	}

	// The day after until, the waiver expires: the finding is active again and an
	// expired-waiver finding points at the waiver.
	r = mustRun(t, opts("testdata/plans/basic.json", func(o *Options) {
		o.ConfigFile = cfg
		o.Now = func() time.Time { return today.Add(24 * time.Hour) }
	}))
	got := lines(r)
	if !strings.HasPrefix(got, `high big-batch  :0 "4 resources change, more than 3"`+"\n") ||
		!strings.Contains(got, fmt.Sprintf(`medium expired-waiver  %s:14 "waiver of big-batch expired on 2026-01-15; it no longer waives anything: fix the findings or renew it (reason was: bulk import)"`, cfg)) || !r.Failed {
		t.Fatalf("after expiry:\n%s", got)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown rule block", "rule \"echo-inptu\" {}\n", `:1: unknown rule "echo-inptu" in rule block (did you mean "echo-input"?)`},
		{"unknown waiver rule", "waiver {\n  rule = \"nope\"\n  reason = \"r\"\n}\n", `:1: waiver: unknown rule "nope"`},
		{"waive expired-waiver", "waiver {\n  rule = \"expired-waiver\"\n  reason = \"r\"\n}\n", `:1: waiver: expired-waiver findings cannot be waived`},
		{"unknown param", "params {\n  max_change = 1\n}\n", `:2: unknown parameter "max_change" (known: max_changes, note)`},
		{"param not read by rule", "rule \"echo-input\" {\n  params {\n    max_changes = 1\n  }\n}\n", `:3: rule "echo-input" does not read parameter "max_changes"`},
		{"bad policy dir", "policy_dirs = [\"nope\"]\n", `nope: no such file or directory`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := writeConfig(t, tc.src)
			_, err := Run(context.Background(), opts("testdata/plans/basic.json", func(o *Options) { o.ConfigFile = cfg }))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestInlineWaiverUnknownRule(t *testing.T) {
	dir := t.TempDir()
	src := "resource \"terraform_data\" \"a\" {}\n\n# opex:ignore echo-input,big-bach reason=\"x\"\nresource \"terraform_data\" \"b\" {}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), opts(dir, nil))
	want := filepath.ToSlash(filepath.Join(dir, "main.tf")) + `:3: # opex:ignore: unknown rule "big-bach" (did you mean "big-batch"?)`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
}

func TestParamPrecedence(t *testing.T) {
	bigBatch := func(r *report.Report) string {
		for _, f := range r.Findings {
			if f.RuleID == "big-batch" {
				return f.Message
			}
		}
		return ""
	}
	cfg := writeConfig(t, "params {\n  max_changes = 4\n}\n")
	ruleCfg := writeConfig(t, "params {\n  max_changes = 4\n}\nrule \"big-batch\" {\n  params {\n    max_changes = 1\n  }\n}\n")
	for _, tc := range []struct {
		name string
		plan string
		mod  func(*Options)
		want string
	}{
		{"library default", "basic.json", nil, "4 resources change, more than 3"},
		{"opex_environment in the plan beats the default", "with-env.json", nil, ""},
		{"config beats the plan", "with-env.json", func(o *Options) { o.ConfigFile = cfg }, "5 resources change, more than 4"},
		{"rule block beats config params", "with-env.json", func(o *Options) { o.ConfigFile = ruleCfg }, "5 resources change, more than 1"},
		{"flag beats config", "with-env.json", func(o *Options) { o.ConfigFile = cfg; o.Params = []string{"max_changes=2"} }, "5 resources change, more than 2"},
		{"flag value types", "basic.json", func(o *Options) { o.Params = []string{"max_changes=3.5"} }, "4 resources change, more than 3.5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRun(t, opts("testdata/plans/"+tc.plan, tc.mod))
			if got := bigBatch(r); got != tc.want {
				t.Fatalf("big-batch = %q, want %q", got, tc.want)
			}
		})
	}
	for _, bad := range []struct{ param, want string }{
		{"max_changes", `--param "max_changes": want KEY=VALUE`},
		{"=3", `--param "=3": want KEY=VALUE`},
		{"nope=1", "--param nope: unknown parameter (known: max_changes, note)"},
	} {
		_, err := Run(context.Background(), opts("testdata/plans/basic.json", func(o *Options) { o.Params = []string{bad.param} }))
		if err == nil || err.Error() != bad.want {
			t.Errorf("--param %s: error = %v, want %s", bad.param, err, bad.want)
		}
	}
	if v := paramValue(`"quoted"`); v != "quoted" {
		t.Errorf("quoted string param = %#v", v)
	}
	if v := paramValue(`plain text`); v != "plain text" {
		t.Errorf("plain param = %#v", v)
	}
	if v, ok := paramValue(`["a","b"]`).([]any); !ok || len(v) != 2 {
		t.Errorf("list param = %#v", v)
	}
	if v := paramValue(`1 2`); v != "1 2" {
		t.Errorf("two JSON values = %#v", v)
	}
	// Environment: flag > config.
	envCfg := writeConfig(t, "environment = \"staging\"\n")
	for _, tc := range []struct{ flag, want string }{{"", "staging"}, {"production", "production"}} {
		o := opts("testdata/plans/basic.json", func(o *Options) { o.ConfigFile = envCfg; o.Environment = tc.flag })
		o.PolicyDirs = append(o.PolicyDirs, "testdata/envpolicy")
		r := mustRun(t, o)
		found := false
		for _, f := range r.Findings {
			if f.RuleID == "show-env" && f.Message == "environment is "+tc.want {
				found = true
			}
		}
		if !found {
			t.Errorf("environment %q not seen by the policy:\n%s", tc.want, lines(r))
		}
	}
}

func TestFailOn(t *testing.T) {
	for _, tc := range []struct {
		level  string
		failed bool
	}{{"critical", false}, {"high", true}, {"medium", true}, {"low", true}, {"none", false}} {
		r := mustRun(t, opts("testdata/plans/basic.json", func(o *Options) { o.FailOn = tc.level }))
		if r.Failed != tc.failed {
			t.Errorf("--fail-on %s: failed = %v", tc.level, r.Failed)
		}
	}
	if _, err := Run(context.Background(), opts("testdata/plans/basic.json", func(o *Options) { o.FailOn = "urgent" })); err == nil {
		t.Error("--fail-on urgent accepted")
	}
}

const secret = "hunter2-SECRET"

func TestRedactionAllFormats(t *testing.T) {
	r := mustRun(t, opts("testdata/plans/basic.json", func(o *Options) { o.Dir = "testdata/tf" }))
	for _, format := range report.Formats {
		var b bytes.Buffer
		if err := report.Write(&b, format, r, report.Options{RulesDocBase: RulesDocBase}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if bytes.Contains(b.Bytes(), []byte(secret)) {
			t.Errorf("%s report contains the sensitive value", format)
		}
		if !bytes.Contains(b.Bytes(), []byte("leak")) {
			t.Errorf("%s report lacks the finding that carried the secret", format)
		}
	}
}

func TestDeterministic(t *testing.T) {
	prev := map[string][]byte{}
	for i := 0; i < 3; i++ {
		r := mustRun(t, opts("testdata/plans/basic.json", func(o *Options) { o.Dir = "testdata/tf" }))
		for _, format := range report.Formats {
			var b bytes.Buffer
			if err := report.Write(&b, format, r, report.Options{}); err != nil {
				t.Fatal(err)
			}
			if prev[format] != nil && !bytes.Equal(prev[format], b.Bytes()) {
				t.Fatalf("%s: run %d differs:\n%s\n---\n%s", format, i, prev[format], b.Bytes())
			}
			prev[format] = b.Bytes()
		}
	}
}

func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format_version": "1.2", "resource_changes": [`), 0o644)
	broken := filepath.Join(dir, "broken")
	os.MkdirAll(broken, 0o755)
	os.WriteFile(filepath.Join(broken, "main.tf"), []byte("resource \"terraform_data\" \"a\" {\n  input = \n}\n"), 0o644)
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{opts(filepath.Join(dir, "missing.json"), nil), "missing.json: no such file or directory"},
		{opts(bad, nil), bad + ":1:"},
		{opts(broken, nil), filepath.ToSlash(filepath.Join(broken, "main.tf")) + ":2:"},
		{opts("testdata/plans/basic.json", func(o *Options) { o.Dir = filepath.Join(dir, "nodir") }), "no such directory"},
		{opts("testdata/plans/basic.json", func(o *Options) { o.PolicyDirs = append(o.PolicyDirs, "engine/testdata/http") }),
			"engine/testdata/http/policy.rego:11: http.send is not available to opex policies"},
	} {
		_, err := Run(context.Background(), tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want %s", tc.o.Path, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("multi-line error %q", err)
		}
	}
}

func TestTimeout(t *testing.T) {
	start := time.Now()
	_, err := Run(context.Background(), opts("testdata/plans/basic.json", func(o *Options) {
		o.PolicyDirs = append(o.PolicyDirs, "engine/testdata/slow")
		o.Timeout = 300 * time.Millisecond
	}))
	if err == nil || err.Error() != "policy evaluation did not finish within --timeout 300ms" {
		t.Fatalf("error = %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("timeout not honoured")
	}
}

// corpusDir is ../shared/corpus relative to the repository root.
func corpusDir(t *testing.T, sub string) string {
	d := filepath.Join("..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus not present (%s)", d)
	}
	return d
}

func TestCorpusPlansWithEmbeddedLibrary(t *testing.T) {
	dir := corpusDir(t, "plans")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Skip("no corpus plans")
	}
	s, err := LoadSettings(context.Background(), Options{})
	if err != nil {
		t.Fatalf("embedded library: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r, err := Run(context.Background(), Options{Path: f, Settings: s, Version: "test"})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			var b bytes.Buffer
			if err := report.Write(&b, "json", r, report.Options{}); err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("invalid JSON report: %v", err)
			}
		})
	}
}
