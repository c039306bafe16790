package policies_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/format"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/opexhq/terraform-provider-opex/policies"
)

// minCoverage is the lowest Rego coverage of lib/ and rules/ that the suite accepts.
const minCoverage = 90.0

// TestRego runs every *_test.rego in the library through OPA's tester, as `opa test -c policies`
// would, and fails on any failing test or when coverage of lib/ and rules/ drops below minCoverage.
func TestRego(t *testing.T) {
	ctx := context.Background()
	modules, store, err := tester.Load([]string{"."}, nil)
	if err != nil {
		t.Fatalf("loading policies: %v", err)
	}
	cov := cover.New()
	runner := tester.NewRunner().
		SetStore(store).
		SetModules(modules).
		SetCoverageQueryTracer(cov).
		SetCoverageRuns(nil).
		SetTimeout(60 * time.Second).
		CapturePrintOutput(true)
	if f := os.Getenv("OPEX_REGO_RUN"); f != "" {
		runner = runner.Filter(f)
	}

	var results []*tester.Result
	err = storage.Txn(ctx, store, storage.TransactionParams{}, func(txn storage.Transaction) error {
		ch, err := runner.RunTests(ctx, txn)
		if err != nil {
			return err
		}
		for r := range ch {
			results = append(results, r)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("running Rego tests: %v", err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests found")
	}
	passed := 0
	for _, r := range results {
		switch {
		case r.Error != nil:
			t.Errorf("%s.%s (%s): error: %v", r.Package, r.Name, r.Location, r.Error)
		case r.Fail:
			t.Errorf("%s.%s (%s): FAIL%s", r.Package, r.Name, r.Location, output(r))
		case r.Skip:
			t.Logf("%s.%s: skipped", r.Package, r.Name)
		default:
			passed++
		}
	}
	t.Logf("%d/%d Rego tests passed", passed, len(results))
	if os.Getenv("OPEX_REGO_RUN") != "" {
		return // coverage of a filtered run means nothing
	}

	report := cov.Report(modules)
	covered, notCovered := 0, 0
	var files []string
	for name := range report.Files {
		files = append(files, name)
	}
	sort.Strings(files)
	for _, name := range files {
		rel := filepath.ToSlash(name)
		if !ownedSource(rel) {
			continue
		}
		fr := report.Files[name]
		covered += fr.CoveredLines
		notCovered += fr.NotCoveredLines
		if fr.NotCoveredLines > 0 {
			var rows []string
			for _, rg := range fr.NotCovered {
				rows = append(rows, fmt.Sprintf("%d-%d", rg.Start.Row, rg.End.Row))
			}
			t.Logf("coverage %s: %.1f%% (not covered: %s)", rel, fr.Coverage, strings.Join(rows, ","))
		}
	}
	if covered+notCovered == 0 {
		t.Fatal("coverage report holds no line of lib/ or rules/")
	}
	pct := 100 * float64(covered) / float64(covered+notCovered)
	t.Logf("Rego coverage of lib/ and rules/: %.1f%% (%d/%d lines)", pct, covered, covered+notCovered)
	if pct < minCoverage {
		t.Errorf("Rego coverage %.1f%% is below %.0f%%", pct, minCoverage)
	}
}

// ownedSource: a non-test Rego file of lib/ or rules/ (the readiness checks have their own owner
// and are only run, not measured, here).
func ownedSource(p string) bool {
	p = strings.TrimPrefix(p, "./")
	return (strings.HasPrefix(p, "lib/") || strings.HasPrefix(p, "rules/")) &&
		strings.HasSuffix(p, ".rego") && !strings.HasSuffix(p, "_test.rego")
}

func output(r *tester.Result) string {
	if len(r.Output) == 0 {
		return ""
	}
	return "\n" + string(r.Output)
}

var (
	paramUse      = regexp.MustCompile(`lib\.param\("([a-z_]+)"\)`)
	ruleIDPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	severities    = map[string]bool{"critical": true, "high": true, "medium": true, "low": true}
)

// ruleModules parses the embedded rules with their annotations, keyed by package path.
func ruleModules(t *testing.T) map[string]*ast.Module {
	t.Helper()
	srcs, err := policies.Modules("rules")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*ast.Module{}
	for name, src := range srcs {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[m.Package.Path.String()] = m
	}
	return out
}

// TestRuleMetadata checks every rule's METADATA block against the README conventions and the
// pillar catalog.
func TestRuleMetadata(t *testing.T) {
	cat, err := policies.LoadCatalog()
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	principles := map[string]bool{}
	for _, id := range cat.PrincipleIDs() {
		principles[id] = true
	}
	areas := map[string]bool{}
	for _, id := range cat.FocusAreaIDs() {
		areas[id] = true
	}

	defaults := defaultParams(t)
	mods := ruleModules(t)
	srcs, err := policies.Modules("rules")
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) != 22 {
		t.Errorf("found %d rule packages, want 22", len(mods))
	}
	seen := map[string]string{}
	for pkg, m := range mods {
		file := m.Package.Location.File
		var ann *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				ann = a
			}
		}
		if ann == nil {
			t.Errorf("%s: no package-scoped METADATA block", file)
			continue
		}
		str := func(k string) string {
			s, _ := ann.Custom[k].(string)
			return strings.TrimSpace(s)
		}
		id := str("id")
		if !ruleIDPattern.MatchString(id) {
			t.Errorf("%s: custom.id %q is not kebab-case", file, id)
		}
		if want := "data.opex.rules." + strings.ReplaceAll(id, "-", "_"); pkg != want {
			t.Errorf("%s: package %s does not match id %q (want %s)", file, pkg, id, want)
		}
		if base := strings.TrimSuffix(filepath.Base(file), ".rego"); base != id {
			t.Errorf("%s: file name does not match id %q", file, id)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("%s: id %q already used by %s", file, id, other)
		}
		seen[id] = file
		if strings.TrimSpace(ann.Title) == "" {
			t.Errorf("%s: no title", file)
		}
		if len(strings.TrimSpace(ann.Description)) < 40 {
			t.Errorf("%s: description too short to explain the rationale", file)
		}
		if !severities[str("severity")] {
			t.Errorf("%s: severity %q not in critical|high|medium|low", file, str("severity"))
		}
		if !principles[str("principle")] {
			t.Errorf("%s: principle %q not in the catalog", file, str("principle"))
		}
		if !areas[str("focus_area")] {
			t.Errorf("%s: focus_area %q not in the catalog", file, str("focus_area"))
		}
		if str("remediation") == "" {
			t.Errorf("%s: empty remediation", file)
		}
		if str("example") == "" {
			t.Errorf("%s: empty example", file)
		}
		if _, ok := ann.Custom["requires_plan"].(bool); !ok {
			t.Errorf("%s: requires_plan must be true or false", file)
		}
		if p, ok := ann.Custom["params"]; ok {
			params, ok := p.(map[string]any)
			if !ok {
				t.Errorf("%s: params must map parameter names to descriptions", file)
			}
			for name := range params {
				if !defaults[name] {
					t.Errorf("%s: parameter %q has no default in data.opex.params.defaults", file, name)
				}
			}
		}
		declared := map[string]any{}
		if p, ok := ann.Custom["params"].(map[string]any); ok {
			declared = p
		}
		for _, used := range paramUse.FindAllStringSubmatch(srcs[file], -1) {
			if _, ok := declared[used[1]]; !ok {
				t.Errorf("%s: reads parameter %q but does not list it under params", file, used[1])
			}
		}
		if !hasDeny(m) {
			t.Errorf("%s: no deny rule", file)
		}
	}
}

func hasDeny(m *ast.Module) bool {
	for _, r := range m.Rules {
		if r.Head.Name == "deny" || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.Compare(ast.Var("deny")) == 0) {
			return true
		}
	}
	return false
}

// defaultParams evaluates data.opex.params.defaults from the embedded library.
func defaultParams(t *testing.T) map[string]bool {
	t.Helper()
	rs := evalEmbedded(t, "data.opex.params.defaults", map[string]any{})
	out := map[string]bool{}
	if len(rs) == 1 {
		if m, ok := rs[0].Expressions[0].Value.(map[string]any); ok {
			for k := range m {
				out[k] = true
			}
		}
	}
	return out
}

// evalEmbedded evaluates query against the embedded library (what opexlint ships).
func evalEmbedded(t testing.TB, query string, input any) rego.ResultSet {
	t.Helper()
	srcs, err := policies.Modules("lib", "rules")
	if err != nil {
		t.Fatal(err)
	}
	opts := []func(*rego.Rego){rego.Query(query), rego.Input(input)}
	for name, src := range srcs {
		opts = append(opts, rego.Module(name, src))
	}
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		t.Fatalf("eval %s: %v", query, err)
	}
	return rs
}

// loadFromDisk evaluates query with the policy directory loaded from disk, as
// `opa eval -d policies -i plan.json QUERY` does (tests and catalog included).
func loadFromDisk(t testing.TB, query string, input any) rego.ResultSet {
	t.Helper()
	rs, err := rego.New(rego.Query(query), rego.Load([]string{"."}, nil), rego.Input(input)).Eval(context.Background())
	if err != nil {
		t.Fatalf("eval %s: %v", query, err)
	}
	return rs
}

// demoPlan is a plain plan (no opex key) that triggers several rules.
func demoPlan() map[string]any {
	rc := func(addr, typ string, actions []string, after any) map[string]any {
		return map[string]any{"address": addr, "mode": "managed", "type": typ, "name": "x",
			"change": map[string]any{"actions": actions, "before": map[string]any{}, "after": after, "after_unknown": map[string]any{}}}
	}
	return map[string]any{
		"format_version": "1.2",
		"resource_changes": []any{
			rc("aws_db_instance.orders", "aws_db_instance", []string{"delete", "create"}, map[string]any{"identifier": "orders", "deletion_protection": false, "multi_az": false, "skip_final_snapshot": true, "tags": map[string]any{"env": "prod"}}),
			rc("aws_s3_bucket.logs", "aws_s3_bucket", []string{"update"}, map[string]any{"bucket": "logs", "force_destroy": true}),
			rc("aws_instance.unchanged", "aws_instance", []string{"no-op"}, map[string]any{"tags": map[string]any{"env": "prod"}}),
		},
	}
}

// TestOpaEval proves `opa eval -d policies -i plan.json data.opex.rules` on a plain plan: every
// rule package evaluates, deny is a set of {msg, address} objects, and the expected rules fire.
func TestOpaEval(t *testing.T) {
	rs := loadFromDisk(t, "data.opex.rules", demoPlan())
	if len(rs) != 1 {
		t.Fatalf("got %d results, want 1", len(rs))
	}
	pkgs, ok := rs[0].Expressions[0].Value.(map[string]any)
	if !ok {
		t.Fatalf("data.opex.rules is %T, want an object", rs[0].Expressions[0].Value)
	}
	fired := map[string][]string{}
	rules := 0
	for pkg, v := range pkgs {
		if strings.HasSuffix(pkg, "_test") {
			continue // the packages of *_test.rego files, loaded by `opa eval -d policies` too
		}
		rules++
		deny, ok := v.(map[string]any)["deny"].([]any)
		if !ok {
			t.Errorf("%s: deny is missing or not a set", pkg)
			continue
		}
		for _, d := range deny {
			obj, ok := d.(map[string]any)
			if !ok {
				t.Errorf("%s: result %v is not an object", pkg, d)
				continue
			}
			msg, _ := obj["msg"].(string)
			if msg == "" {
				t.Errorf("%s: result without msg: %v", pkg, obj)
			}
			addr, _ := obj["address"].(string)
			fired[pkg] = append(fired[pkg], addr)
		}
	}
	if rules != 22 {
		t.Errorf("data.opex.rules has %d rule packages, want 22", rules)
	}
	want := map[string]string{
		"stateful_delete":              "aws_db_instance.orders",
		"destroy_before_create":        "aws_db_instance.orders",
		"deletion_protection_disabled": "aws_db_instance.orders",
		"skip_final_snapshot":          "aws_db_instance.orders",
		"single_az_production":         "aws_db_instance.orders",
		"bucket_versioning_disabled":   "aws_s3_bucket.logs",
	}
	for pkg, addr := range want {
		found := false
		for _, a := range fired[pkg] {
			found = found || a == addr
		}
		if !found {
			t.Errorf("%s: no finding for %s (got %v)", pkg, addr, fired[pkg])
		}
	}
	for pkg, addrs := range fired {
		for _, a := range addrs {
			if a == "aws_instance.unchanged" {
				t.Errorf("%s fired on a no-op change", pkg)
			}
		}
	}
}

// TestConftest emulates `conftest test --all-namespaces -p policies plan.json`: conftest queries
// data.<namespace>.deny for every package and accepts strings or objects with a string msg.
func TestConftest(t *testing.T) {
	// Load and compile the directory once, as conftest does, then query each namespace.
	modules, store, err := tester.Load([]string{"."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	compiler := ast.NewCompiler()
	if compiler.Compile(modules); compiler.Failed() {
		t.Fatal(compiler.Errors)
	}
	for _, m := range ruleModules(t) {
		ns := strings.TrimPrefix(m.Package.Path.String(), "data.")
		rs, err := rego.New(rego.Compiler(compiler), rego.Store(store), rego.Query("data."+ns+".deny"), rego.Input(demoPlan())).Eval(context.Background())
		if err != nil {
			t.Errorf("%s: %v", ns, err)
			continue
		}
		if len(rs) != 1 {
			t.Errorf("%s: deny undefined", ns)
			continue
		}
		results, ok := rs[0].Expressions[0].Value.([]any)
		if !ok {
			t.Errorf("%s: deny is %T, want a set", ns, rs[0].Expressions[0].Value)
			continue
		}
		for _, r := range results {
			switch v := r.(type) {
			case string:
			case map[string]any:
				if _, ok := v["msg"].(string); !ok {
					t.Errorf("%s: result without a string msg: %v", ns, v)
				}
			default:
				t.Errorf("%s: result %v is neither a string nor an object", ns, r)
			}
		}
	}
}

// TestCorpus evaluates the library on every real plan in ../shared/corpus/plans: no evaluation
// error, and no finding on an address whose only actions are no-op or read.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "plans")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	corpusQuery, err := embeddedRego(t, rego.Query("data.opex.rules")).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	perRule := map[string]int{}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var plan map[string]any
		if err := json.Unmarshal(b, &plan); err != nil {
			t.Logf("%s: not a JSON object, skipped", e.Name())
			continue
		}
		n++
		changed := map[string]bool{}
		drifted := map[string]bool{}
		collect := func(key string, into map[string]bool) {
			list, _ := plan[key].([]any)
			for _, x := range list {
				rc, _ := x.(map[string]any)
				ch, _ := rc["change"].(map[string]any)
				acts, _ := ch["actions"].([]any)
				for _, a := range acts {
					if a != "no-op" && a != "read" {
						into[fmt.Sprint(rc["address"])] = true
					}
				}
			}
		}
		collect("resource_changes", changed)
		collect("resource_drift", drifted)
		rs, err := corpusQuery.Eval(context.Background(), rego.EvalInput(plan))
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		pkgs, _ := rs[0].Expressions[0].Value.(map[string]any)
		for pkg, v := range pkgs {
			deny, _ := v.(map[string]any)["deny"].([]any)
			perRule[pkg] += len(deny)
			for _, d := range deny {
				if os.Getenv("OPEX_VERBOSE") != "" {
					t.Logf("%s: %s: %v", e.Name(), pkg, d.(map[string]any)["msg"])
				}
				addr, ok := d.(map[string]any)["address"].(string)
				if !ok {
					continue
				}
				if pkg == "manual_drift" {
					if !drifted[addr] {
						t.Errorf("%s: manual-drift finding on %s, which has no drift", e.Name(), addr)
					}
				} else if !changed[addr] {
					t.Errorf("%s: %s fired on %s, which the plan does not change", e.Name(), pkg, addr)
				}
			}
		}
	}
	t.Logf("evaluated %d corpus plans; findings per rule: %v", n, perRule)
}

// TestLargePlan checks that evaluation stays linear in the size of the plan: no rule may scan the
// plan once per resource. It evaluates synthetic plans of 400 and 2,000 changes (with the
// companions rules look up: alarms, versioning, schedules, tags) and compares the number of
// evaluation steps, which unlike time does not depend on the machine's load, then times a plan of
// 5,000 changes. OPEX_PROFILE=1 logs the hottest expressions.
func TestLargePlan(t *testing.T) {
	ctx := context.Background()
	pq, err := embeddedRego(t, rego.Query("[data.opex.rules, data.opex.lib.blast_radius]")).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	run := func(n int, tracer topdown.QueryTracer) time.Duration {
		input, err := ast.InterfaceToValue(map[string]any{"resource_changes": syntheticChanges(n)})
		if err != nil {
			t.Fatal(err)
		}
		opts := []rego.EvalOption{rego.EvalParsedInput(input)}
		if tracer != nil {
			opts = append(opts, rego.EvalQueryTracer(tracer))
		}
		start := time.Now()
		rs, err := pq.Eval(ctx, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 {
			t.Fatal("no result")
		}
		return time.Since(start)
	}
	steps := func(n int) int64 {
		c := &stepCounter{}
		run(n, c)
		return c.n
	}
	small, large := steps(400), steps(2000)
	ratio := float64(large) / float64(small)
	t.Logf("evaluation steps: %d for 400 changes, %d for 2,000 (x%.2f)", small, large, ratio)
	// Linear work gives a ratio near 5; one scan of the plan per resource gives 25.
	if ratio > 6 {
		t.Errorf("5x the changes took %.2fx the evaluation steps: a rule is probably quadratic", ratio)
	}
	t.Logf("5,000 changes evaluated in %s", run(5000, nil))
	if os.Getenv("OPEX_PROFILE") != "" {
		prof := profiler.New()
		run(5000, prof)
		for _, st := range prof.ReportTopNResults(20, []string{"total_time_ns"}) {
			t.Logf("  %v %s evals=%d", time.Duration(st.ExprTimeNs), st.Location, st.NumEval)
		}
	}
}

// stepCounter counts evaluation events.
type stepCounter struct{ n int64 }

func (*stepCounter) Enabled() bool               { return true }
func (c *stepCounter) TraceEvent(topdown.Event)  { c.n++ }
func (*stepCounter) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

// syntheticChanges builds n created resources of mixed types (up to 500 distinct) in ten module
// instances.
func syntheticChanges(n int) []any {
	types := []string{"aws_instance", "aws_s3_bucket", "aws_s3_bucket_versioning", "aws_db_instance", "aws_cloudwatch_metric_alarm", "aws_autoscaling_group", "aws_autoscaling_schedule", "aws_security_group"}
	rcs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		typ := types[i%len(types)]
		if i%2 == 1 { // many distinct types, so that per-type grouping is exercised too
			typ = fmt.Sprintf("custom_type_%d", i%500)
		}
		name := fmt.Sprintf("r%d", i)
		after := map[string]any{"name": name, "bucket": name, "tags": map[string]any{"env": "prod"},
			"dimensions": map[string]any{"Name": fmt.Sprintf("r%d", i-4)}}
		rcs = append(rcs, map[string]any{
			"address": fmt.Sprintf("module.m[%d].%s.%s", i%10, typ, name), "module_address": fmt.Sprintf("module.m[%d]", i%10),
			"mode": "managed", "type": typ, "name": name,
			"change": map[string]any{"actions": []string{"create"}, "before": nil, "after": after, "after_unknown": map[string]any{"id": true, "arn": true}},
		})
	}
	return rcs
}

// embeddedRego returns a rego object over the embedded library (what opexlint ships).
func embeddedRego(t testing.TB, opts ...func(*rego.Rego)) *rego.Rego {
	t.Helper()
	srcs, err := policies.Modules("lib", "rules")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range srcs {
		opts = append(opts, rego.Module(name, src))
	}
	return rego.New(opts...)
}

// TestRegoFormat checks that lib/ and rules/ are formatted as `opa fmt` writes them.
// OPEX_REGO_FMT=write rewrites the files instead.
func TestRegoFormat(t *testing.T) {
	for _, dir := range []string{"lib", "rules"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.rego"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out, err := format.SourceWithOpts(f, src, format.Opts{RegoVersion: ast.RegoV1})
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			if string(out) == string(src) {
				continue
			}
			if os.Getenv("OPEX_REGO_FMT") == "write" {
				if err := os.WriteFile(f, out, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s is not formatted (opa fmt -w, or OPEX_REGO_FMT=write go test -run TestRegoFormat)", f)
		}
	}
}

// TestAccTerraformPlan runs the library on plans written by a real `terraform show -json` (or
// tofu): a first plan that creates resources with a local-exec provisioner, in a module with
// for_each and with count, then, after the apply, a plan that replaces some of them in both
// orders and leaves the rest unchanged.
func TestAccTerraformPlan(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run acceptance tests")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	dir := t.TempDir()
	files := map[string]string{
		"main.tf": `
variable "rev" {
  default = "1"
}

resource "terraform_data" "setup" {
  input = "static"
  provisioner "local-exec" {
    command = "true"
  }
}

resource "terraform_data" "replaced" {
  count            = 2
  triggers_replace = [var.rev]
}

resource "terraform_data" "cbd" {
  triggers_replace = [var.rev]
  lifecycle {
    create_before_destroy = true
  }
}

module "m" {
  source = "./m"
  rev    = var.rev
}
`,
		"m/main.tf": `
variable "rev" {}

resource "terraform_data" "x" {
  for_each         = toset(["a", "b"])
  triggers_replace = [var.rev]
}
`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %s: %v\n%s%s", bin, strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return []byte(stdout.String())
	}
	findings := func(planFile string) map[string]map[string]bool {
		t.Helper()
		var plan map[string]any
		if err := json.Unmarshal(run("show", "-json", planFile), &plan); err != nil {
			t.Fatalf("show -json %s: %v", planFile, err)
		}
		rs := loadFromDisk(t, "data.opex.rules", plan)
		out := map[string]map[string]bool{}
		for pkg, v := range rs[0].Expressions[0].Value.(map[string]any) {
			deny, _ := v.(map[string]any)["deny"].([]any)
			for _, d := range deny {
				addr, _ := d.(map[string]any)["address"].(string)
				if out[pkg] == nil {
					out[pkg] = map[string]bool{}
				}
				out[pkg][addr] = true
			}
		}
		return out
	}

	run("init", "-input=false", "-no-color")
	run("plan", "-input=false", "-no-color", "-out=create.tfplan")
	got := findings("create.tfplan")
	if !got["imperative_provisioner"]["terraform_data.setup"] {
		t.Errorf("create plan: imperative-provisioner did not fire on terraform_data.setup: %v", got)
	}
	if len(got["destroy_before_create"]) > 0 {
		t.Errorf("create plan: destroy-before-create fired: %v", got["destroy_before_create"])
	}

	run("apply", "-input=false", "-no-color", "-auto-approve", "create.tfplan")
	run("plan", "-input=false", "-no-color", "-var", "rev=2", "-out=replace.tfplan")
	got = findings("replace.tfplan")
	want := []string{"terraform_data.replaced[0]", "terraform_data.replaced[1]", `module.m.terraform_data.x["a"]`, `module.m.terraform_data.x["b"]`}
	for _, addr := range want {
		if !got["destroy_before_create"][addr] {
			t.Errorf("replace plan: destroy-before-create did not fire on %s: %v", addr, got["destroy_before_create"])
		}
	}
	if len(got["destroy_before_create"]) != len(want) {
		t.Errorf("replace plan: destroy-before-create fired on %v, want exactly %v (not on the create_before_destroy one)", got["destroy_before_create"], want)
	}
	for pkg, addrs := range got {
		if addrs["terraform_data.setup"] {
			t.Errorf("replace plan: %s fired on terraform_data.setup, which is unchanged", pkg)
		}
	}
}
