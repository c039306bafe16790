package readiness

import (
	"context"
	"encoding/json"
	"io/fs"
	"math"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/opexhq/terraform-provider-opex/policies"
)

// readinessModules parses every module under policies/readiness, tests included.
func readinessModules(t *testing.T) map[string]*ast.Module {
	t.Helper()
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(policies.FS(), "readiness", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".rego" {
			return err
		}
		b, err := fs.ReadFile(policies.FS(), p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(b), parseOpts)
		if err != nil {
			return err
		}
		mods[p] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return mods
}

// TestRegoReadinessChecks runs the checks' _test.rego files with OPA's tester, in the sandbox the
// provider uses, and reports line coverage of the checks.
func TestRegoReadinessChecks(t *testing.T) {
	mods := readinessModules(t)
	cov := cover.New()
	ch, err := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithCapabilities(policies.SandboxCapabilities()).WithDefaultRegoVersion(ast.RegoV1)).
		SetDefaultRegoVersion(ast.RegoV1).
		SetCoverageQueryTracer(cov).
		RaiseBuiltinErrors(true).
		SetModules(mods).
		RunTests(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		if !r.Pass() {
			t.Errorf("%s.%s: %s", r.Package, r.Name, r.String())
		}
	}
	if n == 0 {
		t.Fatal("no Rego tests found under policies/readiness")
	}
	checks := map[string]*ast.Module{}
	for p, m := range mods {
		if !strings.HasSuffix(p, "_test.rego") {
			checks[p] = m
		}
	}
	rep := cov.Report(checks)
	t.Logf("%d Rego tests; coverage of the readiness checks: %.1f%% (%d lines not covered)", n, rep.Coverage, rep.NotCoveredLines)
	if rep.Coverage < 95 {
		for f, fr := range rep.Files {
			for _, r := range fr.NotCovered {
				t.Logf("not covered: %s:%d-%d", f, r.Start.Row, r.End.Row)
			}
		}
		t.Errorf("coverage %.1f%% is below 95%%", rep.Coverage)
	}
}

// TestEveryCheckHasTests keeps a check from landing without its _test.rego.
func TestEveryCheckHasTests(t *testing.T) {
	mods := readinessModules(t)
	tested := map[string]bool{}
	for p, m := range mods {
		if strings.HasSuffix(p, "_test.rego") {
			tested[strings.TrimSuffix(m.Package.Path.String(), "_test")] = true
		}
	}
	checks, err := BuiltIns()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if !tested[c.Package] {
			t.Errorf("check %s (%s) has no %s_test package", c.ID, c.Package, c.Package)
		}
	}
}

func TestBuiltInMetadata(t *testing.T) {
	checks, err := BuiltIns()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := policies.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	kebab := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	want := []string{"controls-increase", "environment-as-code", "escalation-notifies-users", "game-day-recent", "owners-stakeholders",
		"priorities-current", "rollback-plan", "runbook-coverage", "runbook-review-current", "telemetry-present"}
	ids := map[string]bool{}
	for _, c := range checks {
		ids[c.ID] = true
		if !kebab.MatchString(c.ID) {
			t.Errorf("%s: id is not kebab-case", c.ID)
		}
		if c.Package != "data.opex.readiness."+strings.ReplaceAll(c.ID, "-", "_") {
			t.Errorf("%s: package %s does not follow opex.readiness.<id_with_underscores>", c.ID, c.Package)
		}
		if _, ok := cat.Principle(c.Principle); !ok {
			t.Errorf("%s: principle %q is not in catalog/pillar.json", c.ID, c.Principle)
		}
		if c.Description == "" || c.Remediation == "" {
			t.Errorf("%s: description and remediation are required", c.ID)
		}
	}
	for _, id := range want {
		if !ids[id] {
			t.Errorf("built-in check %s is missing", id)
		}
	}
}

func TestWeightAndScore(t *testing.T) {
	// No priorities: weights are the severity weights.
	if w := Weight("critical", "operate", nil); w != 8 {
		t.Errorf("critical weight = %v, want 8", w)
	}
	prio := []Priority{{FocusArea: "operate", Weight: 100}, {FocusArea: "operate", Weight: 10}, {FocusArea: "prepare", Weight: 25}}
	if w := Weight("high", "operate", prio); w != 8 { // 4 × 100/50: the heaviest priority wins
		t.Errorf("high/operate weight = %v, want 8", w)
	}
	if w := Weight("medium", "prepare", prio); w != 1 { // 2 × 25/50
		t.Errorf("medium/prepare weight = %v, want 1", w)
	}
	if w := Weight("low", "evolve", prio); w != 1 { // no priority: 1 × 50/50
		t.Errorf("low/evolve weight = %v, want 1", w)
	}
	results := []Result{
		{Severity: "high", FocusArea: "operate", Status: StatusPass},          // 8
		{Severity: "medium", FocusArea: "prepare", Status: StatusFail},        // 1
		{Severity: "low", FocusArea: "evolve", Status: StatusWaived},          // 1
		{Severity: "critical", FocusArea: "organization", Status: StatusFail}, // 8
	}
	// passed + waived = 8 + 1 of 18 → 50.
	if s := Score(results, prio); s != 50 {
		t.Errorf("score = %d, want 50", s)
	}
	// Rounding: 2 of 3 equal weights → 66.67 → 67.
	three := []Result{{Severity: "low", Status: StatusPass}, {Severity: "low", Status: StatusPass}, {Severity: "low", Status: StatusFail}}
	if s := Score(three, nil); s != 67 {
		t.Errorf("score = %d, want 67", s)
	}
	if s := Score(nil, nil); s != 100 {
		t.Errorf("empty score = %d, want 100", s)
	}
}

func TestValidate(t *testing.T) {
	ok := "package opex.readiness.custom.dr\n\ndeny contains \"no DR region\" if not input.workload.tags.dr_region\n"
	if err := Validate(ok); err != nil {
		t.Errorf("valid module: %v", err)
	}
	cases := map[string]struct{ src, want string }{
		"parse error with line":  {"package p\n\ndeny contains msg if {\n  msg := sprintf(\"%s\", [input.x]\n}\n", `rego:[45]: rego_parse_error`},
		"http.send is sandboxed": {"package p\n\ndeny contains \"x\" if {\n  http.send({\"method\": \"get\", \"url\": \"http://example.com\"})\n}\n", `rego:4.*undefined function http.send`},
		"opa.runtime sandboxed":  {"package p\n\ndeny contains \"x\" if opa.runtime().env.HOME\n", `rego:3.*undefined function opa.runtime`},
		"dns sandboxed":          {"package p\n\ndeny contains \"x\" if net.lookup_ip_addr(\"example.com\")\n", `rego:3.*undefined function net.lookup_ip_addr`},
		"no deny":                {"package p\n\nallow := true\n", `defines no .deny contains msg`},
		"deny not a set":         {"package p\n\ndeny := \"x\"\n", `rego:3: deny must be a set rule`},
		"rego v0 syntax":         {"package p\n\ndeny[msg] { msg := \"x\" }\n", `rego:3`},
	}
	for name, c := range cases {
		err := Validate(c.src)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !regexp.MustCompile(c.want).MatchString(err.Error()) {
			t.Errorf("%s: error %q does not match %q", name, err, c.want)
		}
	}
}

// readyInput is the fixture every built-in check accepts (the same as fixtures_test.rego).
func readyInput(t *testing.T) map[string]any {
	t.Helper()
	b, err := fs.ReadFile(policies.FS(), "readiness/fixtures_test.rego")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ast.ParseModuleWithOpts("fixtures_test.rego", string(b), parseOpts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ast.JSON(m.Rules[0].Head.Value.Value)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(v)
	var in map[string]any
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestReviewWithCustomChecksAndWaivers(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, []Custom{{
		Key: "dr-region", Title: "DR region", FocusArea: "prepare", Principle: "anticipate-failure", Severity: "low",
		Rego: "package opex.readiness.custom.dr_region\n\ndeny contains \"workload has no dr_region tag\" if not input.workload.tags.dr_region\n",
	}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
	in := readyInput(t)
	out, err := e.Review(ctx, in, now, nil, nil, 80)
	if err != nil {
		t.Fatal(err)
	}
	var custom Result
	for _, r := range out.Results {
		if r.Check == "dr-region" {
			custom = r
		} else if r.Status != StatusPass {
			t.Errorf("built-in %s: %s %s", r.Check, r.Status, r.Message)
		}
	}
	if custom.Status != StatusFail || custom.Message != "workload has no dr_region tag" || custom.Title != "DR region" {
		t.Errorf("custom result = %+v", custom)
	}
	// Only the low custom check fails: 100 × (total − 1) / total with total = sum of severity weights.
	total := 0
	for _, c := range e.Checks() {
		total += severityWeight[c.Severity]
	}
	if want := int(math.Round(100 * float64(total-1) / float64(total))); out.Score != want || !out.Passed {
		t.Errorf("score %d passed %v, want %d and passed", out.Score, out.Passed, want)
	}

	in["workload"].(map[string]any)["tags"] = map[string]any{"dr_region": "eu-west-1"}
	out, _ = e.Review(ctx, in, now, nil, nil, 80)
	if out.Score != 100 || !out.Passed {
		t.Errorf("after the fix: score %d passed %v", out.Score, out.Passed)
	}

	// A critical failure fails the review whatever the score; an active waiver lifts it, an
	// expired one no longer does and says so.
	in["runbooks"] = []any{}
	out, _ = e.Review(ctx, in, now, nil, nil, 0)
	if out.Passed {
		t.Error("a failed critical check must fail the review")
	}
	waivers := []Waiver{{Check: "runbook-coverage", Reason: "runbook in review", Until: "2026-06-01"}}
	out, _ = e.Review(ctx, in, now, waivers, nil, 0)
	if r := find(out.Results, "runbook-coverage"); r.Status != StatusWaived || !strings.Contains(r.Message, "waived until 2026-06-01: runbook in review") || !out.Passed {
		t.Errorf("waiver valid through its day: %+v passed=%v", r, out.Passed)
	}
	out, _ = e.Review(ctx, in, now.AddDate(0, 0, 1), waivers, nil, 0)
	if r := find(out.Results, "runbook-coverage"); r.Status != StatusFail || !strings.Contains(r.Message, "waiver expired on 2026-06-01") || out.Passed {
		t.Errorf("expired waiver: %+v passed=%v", r, out.Passed)
	}
}

func find(rs []Result, id string) Result {
	for _, r := range rs {
		if r.Check == id {
			return r
		}
	}
	return Result{}
}

func TestNewRejects(t *testing.T) {
	ctx := context.Background()
	cases := map[string]struct {
		custom []Custom
		want   string
	}{
		"http.send":   {[]Custom{{Key: "net", Rego: "package x\n\ndeny contains \"x\" if http.send({\"method\": \"get\", \"url\": \"http://10.0.0.1\"}).status_code != 200\n"}}, `undefined function http.send`},
		"built-in id": {[]Custom{{Key: "telemetry-present", Rego: "package x\n\ndeny contains \"x\" if false\n"}}, `key is already used`},
		"same package": {[]Custom{
			{Key: "a", Rego: "package x\n\ndeny contains \"a\" if false\n"},
			{Key: "b", Rego: "package x\n\ndeny contains \"b\" if false\n"},
		}, `package opex?x? is already used by check "a"|package x is already used by check "a"`},
		"built-in package": {[]Custom{{Key: "c", Rego: "package opex.readiness.telemetry_present\n\ndeny contains \"c\" if false\n"}}, `already used by check "telemetry-present"`},
	}
	for name, c := range cases {
		_, err := New(ctx, c.custom)
		if err == nil || !regexp.MustCompile(c.want).MatchString(err.Error()) {
			t.Errorf("%s: error %v, want %q", name, err, c.want)
		}
	}
}

// TestChecksIgnorePlans: the library also runs under conftest --all-namespaces and opa eval
// over plans; a plan is not a review input, so no readiness check may report on it.
func TestChecksIgnorePlans(t *testing.T) {
	e, err := New(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	plan := map[string]any{"format_version": "1.2", "resource_changes": []any{
		map[string]any{"address": "aws_s3_bucket.b", "change": map[string]any{"actions": []any{"create"}}},
	}}
	got, err := e.Evaluate(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	for id, msgs := range got {
		if len(msgs) > 0 {
			t.Errorf("%s reports on a plan: %v", id, msgs)
		}
	}
	// The same engine does report on a review input missing everything.
	got, _ = e.Evaluate(context.Background(), map[string]any{"now": "2026-06-01"})
	if len(got["runbook-coverage"]) == 0 || len(got["owners-stakeholders"]) == 0 {
		t.Errorf("an empty review must fail: %v", got)
	}
}
