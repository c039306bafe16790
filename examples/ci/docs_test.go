package ci_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// guideFuncs mirror the template functions tfplugindocs gives guide templates; codefile and
// tffile read files relative to the repository root as tfplugindocs does.
func guideFuncs(t *testing.T) template.FuncMap {
	codefile := func(format, file string) (string, error) {
		b, err := os.ReadFile(filepath.Join(root(t), file))
		if err != nil {
			return "", err
		}
		return "```" + format + "\n" + strings.TrimRight(string(b), "\n") + "\n```", nil
	}
	return template.FuncMap{
		"codefile":      codefile,
		"tffile":        func(file string) (string, error) { return codefile("terraform", file) },
		"lower":         strings.ToLower,
		"upper":         strings.ToUpper,
		"plainmarkdown": func(s string) string { return s },
		"prefixlines":   func(prefix, s string) string { return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix) },
		"split":         strings.Split,
		"title":         strings.ToTitle,
		"trimspace":     strings.TrimSpace,
	}
}

var guides = []string{"getting-started", "json-report", "waivers", "configuration", "custom-rules", "conftest-opa"}

// renderGuide renders templates/guides/<name>.md.tmpl as tfplugindocs would (no data).
func renderGuide(t *testing.T, name string) string {
	t.Helper()
	rel := "templates/guides/" + name + ".md.tmpl"
	tmpl, err := template.New(name).Funcs(guideFuncs(t)).Parse(string(readFile(t, rel)))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, nil); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return out.String()
}

func TestGuidesRender(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root(t), "templates/guides/*.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(guides) {
		t.Errorf("templates/guides has %d guides, this test knows %d: update the list", len(files), len(guides))
	}
	links := regexp.MustCompile(`\]\(([a-z-]+)\.md\)`)
	for _, name := range guides {
		t.Run(name, func(t *testing.T) {
			doc := renderGuide(t, name)
			// Registry front matter: page_title, subcategory, description.
			if !strings.HasPrefix(doc, "---\n") {
				t.Fatal("no front matter")
			}
			end := strings.Index(doc[4:], "\n---\n")
			if end < 0 {
				t.Fatal("front matter is not closed")
			}
			var fm map[string]string
			if err := yaml.Unmarshal([]byte(doc[4:4+end]), &fm); err != nil {
				t.Fatalf("front matter: %v", err)
			}
			for _, k := range []string{"page_title", "subcategory", "description"} {
				if strings.TrimSpace(fm[k]) == "" {
					t.Errorf("front matter has no %s", k)
				}
			}
			body := doc[4+end+5:]
			if !strings.HasPrefix(strings.TrimSpace(body), "# ") {
				t.Error("the guide should start with a # heading")
			}
			if strings.Count(body, "```")%2 != 0 {
				t.Error("unbalanced code fences")
			}
			for _, m := range links.FindAllStringSubmatch(body, -1) {
				if !slices.Contains(guides, m[1]) {
					t.Errorf("link to %s.md, which is not a guide", m[1])
				}
			}
		})
	}
}

// fencedBlock returns the first ```lang block after heading in doc, with the indentation of
// its fence (a block inside a list item) removed from every line.
func fencedBlock(t *testing.T, doc, heading, lang string) string {
	t.Helper()
	i := strings.Index(doc, heading)
	if i < 0 {
		t.Fatalf("no %q section", heading)
	}
	lines := strings.Split(doc[i:], "\n")
	for n, l := range lines {
		if strings.TrimSpace(l) != "```"+lang {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		var body []string
		for _, b := range lines[n+1:] {
			if strings.TrimSpace(b) == "```" {
				return strings.Join(body, "\n")
			}
			body = append(body, strings.TrimPrefix(b, indent))
		}
		t.Fatalf("the ```%s block after %q is not closed", lang, heading)
	}
	t.Fatalf("no ```%s block after %q", lang, heading)
	return ""
}

func compileSchema(t *testing.T, src string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://github.com/opexhq/terraform-provider-opex/docs/guides/json-report.md"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	return s
}

func validateJSON(s *jsonschema.Schema, src []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// TestJSONReportGuide checks the guide's schema against its own example and against the
// report writer's golden files (lint/report/testdata), so the documentation cannot drift from
// what opexlint writes.
func TestJSONReportGuide(t *testing.T) {
	doc := renderGuide(t, "json-report")
	schema := compileSchema(t, fencedBlock(t, doc, "## JSON Schema", "json"))
	example := fencedBlock(t, doc, "## Example", "json")
	if err := validateJSON(schema, []byte(example)); err != nil {
		t.Errorf("the guide's example does not match its schema: %v", err)
	}
	// Every field of the example is in the field table, and the other way round.
	var ex struct {
		Summary  map[string]any   `json:"summary"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(example), &ex); err != nil {
		t.Fatal(err)
	}
	for k := range ex.Summary {
		if !strings.Contains(doc, "| `summary."+k+"` |") {
			t.Errorf("summary.%s is not in the field table", k)
		}
	}
	for _, f := range ex.Findings {
		for k := range f {
			if !strings.Contains(doc, "| `findings[]."+k+"` |") {
				t.Errorf("findings[].%s is not in the field table", k)
			}
		}
	}
	// A report that breaks the schema is rejected (the schema is not vacuous).
	for _, bad := range []string{
		`{"schema_version": "1.0", "tool": {"name": "opexlint", "version": "x"}, "summary": {}, "findings": []}`,
		`{"schema_version": "2.0", "tool": {"name": "opexlint", "version": "x"}, "summary": {"resource_changes": 0, "actions": {"create": 0, "update": 0, "delete": 0, "replace": 0}, "blast_radius": 0, "findings": 0, "by_severity": {"critical": 0, "high": 0, "medium": 0, "low": 0}, "waived": 0}, "findings": []}`,
		`{"schema_version": "1.0", "tool": {"name": "opexlint", "version": "x"}, "summary": {"resource_changes": 0, "actions": {"create": 0, "update": 0, "delete": 0, "replace": 0}, "blast_radius": 0, "findings": 0, "by_severity": {"critical": 0, "high": 0, "medium": 0, "low": 0}, "waived": 0}, "findings": null}`,
	} {
		if validateJSON(schema, []byte(bad)) == nil {
			t.Errorf("the schema accepts %s", bad)
		}
	}

	golden, _ := filepath.Glob(filepath.Join(root(t), "lint/report/testdata/*.json"))
	if len(golden) == 0 {
		t.Log("no golden JSON reports in lint/report/testdata yet")
	}
	for _, g := range golden {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJSON(schema, b); err != nil {
			t.Errorf("%s does not match the documented schema: %v", g, err)
		}
	}
}

// TestCustomPolicyExample runs the example rule's tests as `opa test` would and checks its
// metadata follows the library's conventions.
func TestCustomPolicyExample(t *testing.T) {
	dir := filepath.Join(root(t), "examples/ci/policy")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	results, err := tester.Run(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) < 5 {
		t.Errorf("ran %d Rego tests, want the example's tests", len(results))
	}
	for _, r := range results {
		if r.Fail || r.Error != nil {
			t.Errorf("%s.%s failed: %v", r.Package, r.Name, r.Error)
		}
	}

	src := readFile(t, "examples/ci/policy/ecs_deploy_capacity.rego")
	mod, err := ast.ParseModuleWithOpts("ecs_deploy_capacity.rego", string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	var custom map[string]any
	for _, a := range mod.Annotations {
		if a.Scope == "package" {
			custom = a.Custom
			if a.Title == "" || a.Description == "" {
				t.Error("METADATA needs title and description")
			}
		}
	}
	if custom == nil {
		t.Fatal("no package-scoped METADATA")
	}
	id, _ := custom["id"].(string)
	if want := strings.TrimPrefix(mod.Package.Path.String(), "data.opex.rules."); strings.ReplaceAll(id, "-", "_") != want {
		t.Errorf("custom.id %q does not match package %s", id, mod.Package.Path)
	}
	for _, k := range []string{"severity", "principle", "focus_area", "remediation"} {
		if s, _ := custom[k].(string); strings.TrimSpace(s) == "" {
			t.Errorf("custom.%s is missing", k)
		}
	}
	if _, ok := custom["params"].(map[string]any)["min_healthy_percent"]; !ok {
		t.Error("custom.params must declare min_healthy_percent, which the rule reads")
	}
}

func TestTerraformChecksExampleSyntax(t *testing.T) {
	rel := "examples/ci/terraform-checks/main.tf"
	f, diags := hclsyntax.ParseConfig(readFile(t, rel), rel, hclFirstPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	body := f.Body.(*hclsyntax.Body)
	kinds := map[string]int{}
	for _, b := range body.Blocks {
		kinds[b.Type+" "+strings.Join(b.Labels, ".")]++
	}
	for _, want := range []string{"resource opex_readiness_review.production", "data opex_readiness_checks.builtin",
		"data opex_pillar.ops", "resource terraform_data.release"} {
		if kinds[want] != 1 {
			t.Errorf("%s: no %s block", rel, want)
		}
	}
	if n := strings.Count(string(readFile(t, rel)), "\ncheck \""); n < 2 {
		t.Errorf("%s has %d check blocks, want several", rel, n)
	}
	if !strings.Contains(string(readFile(t, rel)), "precondition {") {
		t.Errorf("%s has no precondition", rel)
	}
}

// accEnv builds the provider into a plugin directory and returns a plan function that runs the
// demo's commands (plan -out, show -json into plan.json) with dev_overrides pointing at it.
func accEnv(t *testing.T) func(t *testing.T, config string) (string, string, error) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	if _, err := os.Stat(tf); err != nil {
		t.Fatalf("TF_ACC_TERRAFORM_PATH: %v", err)
	}
	pluginDir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-opex"), ".")
	build.Dir = root(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"opexhq/opex\" = %q\n  }\n  direct {}\n}\n", pluginDir)
	if err := os.WriteFile(rc, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return func(t *testing.T, config string) (string, string, error) {
		work := t.TempDir()
		if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		// No init: the overridden provider needs none, terraform_data is built in, and init would
		// query the registry for opexhq/opex, which this machine cannot reach.
		for _, args := range [][]string{{"plan", "-input=false", "-no-color", "-out=plan.tfplan"}, {"show", "-json", "plan.tfplan"}} {
			cmd := exec.Command(tf, args...)
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
			cmd.Stdout, cmd.Stderr = &out, &out
			if args[0] == "show" {
				f, err := os.Create(filepath.Join(work, "plan.json"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdout = f
			}
			if err := cmd.Run(); err != nil {
				return work, out.String(), err
			}
		}
		return work, out.String(), nil
	}
}

// TestAccTerraformChecksExample plans examples/ci/terraform-checks with the real terraform (or
// tofu) and the provider built from this repository: the preconditions pass as written, and fail
// naming the rollback-plan check once the review's rollback plan is removed. The plan then goes
// through the action's scripts.
func TestAccTerraformChecksExample(t *testing.T) {
	plan := accEnv(t)
	src := string(readFile(t, "examples/ci/terraform-checks/main.tf"))

	t.Run("ready", func(t *testing.T) {
		work, out, err := plan(t, src)
		if err != nil {
			t.Fatalf("plan failed: %v\n%s", err, out)
		}
		if !strings.Contains(out, "opex_readiness_review.production will be created") ||
			!strings.Contains(out, "terraform_data.release will be created") {
			t.Errorf("plan output lacks the review and the release:\n%s", out)
		}
		actionOnRealPlan(t, work)
	})
	t.Run("no rollback plan", func(t *testing.T) {
		line := regexp.MustCompile(`(?m)^\s*rollback_plan\s*=.*\n`)
		if !line.MatchString(src) {
			t.Fatal("main.tf no longer sets rollback_plan")
		}
		_, out, err := plan(t, line.ReplaceAllString(src, ""))
		if err == nil {
			t.Fatalf("plan succeeded without a rollback plan:\n%s", out)
		}
		if !strings.Contains(out, "Resource precondition failed") || !strings.Contains(out, "rollback-plan") {
			t.Errorf("want a failed precondition naming rollback-plan:\n%s", out)
		}
	})
}

// actionOnRealPlan runs the action's scripts with an opexlint built from this repository on the
// plan in work, as the GitHub workflow does: reports, outputs, job summary, then the comment
// (through a fake gh) and the pre-commit wrapper on the same configuration.
func actionOnRealPlan(t *testing.T, work string) {
	need(t, "bash", "jq")
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "opexlint"), "./lint/cmd/opexlint")
	build.Dir = root(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building opexlint: %v\n%s", err, out)
	}
	outputs := filepath.Join(t.TempDir(), "outputs")
	summary := filepath.Join(t.TempDir(), "summary")
	status, stdout, stderr := runScript(t, work, []string{
		"OPEXLINT=" + filepath.Join(bin, "opexlint"), "GITHUB_OUTPUT=" + outputs, "GITHUB_STEP_SUMMARY=" + summary,
		"RUNNER_TEMP=" + t.TempDir(), "INPUT_PATH=plan.json", "INPUT_DIR=.", "INPUT_ENVIRONMENT=production",
		"INPUT_FORMAT=github", "INPUT_REPORTS=json,junit", "INPUT_UPLOAD_SARIF=true", "INPUT_COMMENT=true", "INPUT_SUMMARY=true",
	}, filepath.Join(root(t), "scripts/action/run.sh"))
	if status != 0 {
		t.Fatalf("run.sh: status %d\nstdout: %s\nstderr: %s", status, stdout, stderr)
	}
	out := readOutputs(t, outputs)
	report, err := os.ReadFile(out["json-file"])
	if err != nil {
		t.Fatal(err)
	}
	schema := compileSchema(t, fencedBlock(t, renderGuide(t, "json-report"), "## JSON Schema", "json"))
	if err := validateJSON(schema, report); err != nil {
		t.Errorf("opexlint's JSON report does not match the documented schema: %v", err)
	}
	var r struct {
		Findings []struct {
			Severity string `json:"severity"`
			Waived   bool   `json:"waived"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(report, &r); err != nil {
		t.Fatal(err)
	}
	wantExit := "0"
	for _, f := range r.Findings {
		if !f.Waived && (f.Severity == "critical" || f.Severity == "high") {
			wantExit = "1"
		}
	}
	if out["exit-code"] != wantExit {
		t.Errorf("exit-code = %s, want %s for findings %+v", out["exit-code"], wantExit, r.Findings)
	}
	if sarif, err := os.ReadFile(out["sarif-file"]); err != nil || !bytes.Contains(sarif, []byte(`"version": "2.1.0"`)) {
		t.Errorf("sarif-file %s: %v", out["sarif-file"], err)
	}
	md, err := os.ReadFile(out["markdown-file"])
	if err != nil || !bytes.HasPrefix(md, []byte("<!-- opexlint -->")) {
		t.Fatalf("markdown-file %s: %v, want the marker first", out["markdown-file"], err)
	}
	if s, _ := os.ReadFile(summary); !bytes.Equal(s, md) {
		t.Error("the job summary is not the Markdown report")
	}

	ghDir := t.TempDir()
	writeExe(t, filepath.Join(ghDir, "bin", "gh"), fakeGh)
	if err := os.WriteFile(filepath.Join(ghDir, "comments.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	status, stdout, stderr = runScript(t, work, []string{
		"PATH=" + filepath.Join(ghDir, "bin") + string(os.PathListSeparator) + os.Getenv("PATH"),
		"GITHUB_REPOSITORY=acme/infra", "GH_TOKEN=t", "PR_NUMBER=3", "FAKE_DIR=" + ghDir,
		"FAKE_COMMENTS=" + filepath.Join(ghDir, "comments.json"),
	}, filepath.Join(root(t), "scripts/action/comment.sh"), out["markdown-file"])
	if status != 0 || !strings.Contains(stdout, "commented on pull request #3") {
		t.Errorf("comment.sh: status %d\nstdout: %s\nstderr: %s", status, stdout, stderr)
	}

	status, stdout, stderr = runScript(t, work, []string{"OPEXLINT=" + filepath.Join(bin, "opexlint")},
		filepath.Join(root(t), "scripts/pre-commit/opexlint.sh"), "--environment", "production", "main.tf")
	if status > 1 || strings.TrimSpace(stdout) == "" {
		t.Errorf("pre-commit wrapper: status %d\nstdout: %s\nstderr: %s", status, stdout, stderr)
	}
}

// plannedAfter returns the planned "after" object of address in the plan JSON in work.
func plannedAfter(t *testing.T, work, address string) map[string]any {
	t.Helper()
	var p struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				After map[string]any `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	b, err := os.ReadFile(filepath.Join(work, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	for _, rc := range p.ResourceChanges {
		if rc.Address == address {
			return rc.Change.After
		}
	}
	t.Fatalf("%s is not in the plan", address)
	return nil
}

// shiftDates moves the example dates of a guide snippet relative to today, so that the test
// does not expire with them: review dates into the past by days, deadlines into the future.
func shiftDates(src string) string {
	today := time.Now().UTC()
	for attr, date := range map[string]time.Time{
		"last_reviewed": today.AddDate(0, 0, -10),
		"review_by":     today.AddDate(1, 0, 0),
		"until":         today.AddDate(0, 1, 0),
	} {
		re := regexp.MustCompile(`(?m)^(\s*` + attr + `\s*=\s*)"\d{4}-\d{2}-\d{2}"`)
		src = re.ReplaceAllString(src, `${1}"`+date.Format("2006-01-02")+`"`)
	}
	return src
}

type lintReport struct {
	Findings []struct {
		RuleID string `json:"rule_id"`
		File   string `json:"file"`
		Line   int    `json:"line"`
		Waived bool   `json:"waived"`
	} `json:"findings"`
}

// lintPlan runs step 3's command on the plan in work and returns the exit status and report.
func lintPlan(t *testing.T, opexlint, work string) (int, lintReport) {
	t.Helper()
	cmd := exec.Command(opexlint, "check", "--environment", "production", "--dir", ".", "--format", "json", "plan.json")
	cmd.Dir = work
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	status := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		status = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if status > 1 {
		t.Fatalf("opexlint: exit %d: %s", status, stderr.String())
	}
	var r lintReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return status, r
}

// TestAccGettingStartedGuide follows the getting-started guide with its own snippets: step 2's
// configuration plans with a failing review that step 3's opexlint command reports at the
// review's line; twelve stand-in instances (step 5) add a large batch; step 6's fixes and waiver
// turn the run green.
func TestAccGettingStartedGuide(t *testing.T) {
	plan := accEnv(t)
	guide := renderGuide(t, "getting-started")
	config := shiftDates(fencedBlock(t, guide, "## 2. Declare", "terraform"))
	priority := shiftDates(fencedBlock(t, guide, "## 6. Back to green", "terraform"))
	waiver := shiftDates(fencedBlock(t, guide, "## 6. Back to green", "hcl"))
	const instances = "\nresource \"terraform_data\" \"api\" {\n  count = 12\n  input = \"api-${count.index}\"\n}\n"

	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "opexlint"), "./lint/cmd/opexlint")
	build.Dir = root(t)
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building opexlint: %v\n%s", err, b)
	}
	opexlint := filepath.Join(bin, "opexlint")
	findings := func(r lintReport, rule string) (n, waived int) {
		for _, f := range r.Findings {
			if f.RuleID == rule {
				n++
				if f.Waived {
					waived++
				}
			}
		}
		return n, waived
	}

	// Steps 2, 3 and 5.
	work, out, err := plan(t, config+instances)
	if err != nil {
		t.Fatalf("step 2's configuration does not plan: %v\n%s", err, out)
	}
	if passed := plannedAfter(t, work, "opex_readiness_review.production")["passed"]; passed != false {
		t.Errorf("step 2: review passed = %v, want false as the guide says", passed)
	}
	status, r := lintPlan(t, opexlint, work)
	if status != 1 {
		t.Errorf("step 3: opexlint exit %d, want 1", status)
	}
	before, _, ok := strings.Cut(config, `resource "opex_readiness_review"`)
	if !ok {
		t.Fatal("the guide's configuration has no opex_readiness_review")
	}
	reviewLine := 1 + strings.Count(before, "\n")
	for _, f := range r.Findings {
		if f.RuleID == "readiness-review-failed" && (f.File != "main.tf" || f.Line != reviewLine) {
			t.Errorf("readiness-review-failed at %s:%d, want main.tf:%d", f.File, f.Line, reviewLine)
		}
	}
	if n, _ := findings(r, "readiness-review-failed"); n != 1 {
		t.Errorf("step 3: %d readiness-review-failed findings, want 1: %+v", n, r.Findings)
	}
	if n, _ := findings(r, "large-batch"); n != 1 {
		t.Errorf("step 5: %d large-batch findings, want 1: %+v", n, r.Findings)
	}

	// Step 6: the priority, referenced by the review, a rollback plan, and the waiver.
	fixed := strings.Replace(config+"\n"+priority+"\n"+instances, "  min_score   = 80\n",
		"  min_score   = 80\n  priorities  = [opex_priority.availability]\n"+
			"  rollback_plan = \"Redeploy the previous version with the rollback runbook.\"\n", 1)
	if !strings.Contains(fixed, "priorities  = [opex_priority.availability]") {
		t.Fatal("the review in step 2 no longer has `min_score   = 80`: update this test")
	}
	work, out, err = plan(t, fixed)
	if err != nil {
		t.Fatalf("step 6's configuration does not plan: %v\n%s", err, out)
	}
	if passed := plannedAfter(t, work, "opex_readiness_review.production")["passed"]; passed != true {
		t.Errorf("step 6: review passed = %v, want true\n%s", passed, out)
	}
	if err := os.WriteFile(filepath.Join(work, ".opexlint.hcl"), []byte(waiver+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	status, r = lintPlan(t, opexlint, work)
	if status != 0 {
		t.Errorf("step 6: opexlint exit %d, want 0: %+v", status, r.Findings)
	}
	if n, w := findings(r, "large-batch"); n != 1 || w != 1 {
		t.Errorf("step 6: large-batch %d findings, %d waived; want it waived", n, w)
	}
	if n, _ := findings(r, "readiness-review-failed"); n != 0 {
		t.Errorf("step 6: the review still fails: %+v", r.Findings)
	}
}

type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ignore  []struct {
			Goos   string `yaml:"goos"`
			Goarch string `yaml:"goarch"`
		} `yaml:"ignore"`
	} `yaml:"builds"`
	Archives []struct {
		ID           string   `yaml:"id"`
		IDs          []string `yaml:"ids"`
		Formats      []string `yaml:"formats"`
		NameTemplate string   `yaml:"name_template"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
		ExtraFiles   []struct {
			Glob         string `yaml:"glob"`
			NameTemplate string `yaml:"name_template"`
		} `yaml:"extra_files"`
	} `yaml:"checksum"`
	ProjectName string `yaml:"project_name"`
}

func TestGoreleaserConfig(t *testing.T) {
	var c goreleaserConfig
	decodeYAML(t, ".goreleaser.yml", &c)
	if c.Version != 2 || c.ProjectName != "terraform-provider-opex" {
		t.Fatalf("version %d, project %q: want goreleaser v2 and terraform-provider-opex", c.Version, c.ProjectName)
	}
	builds := map[string]int{}
	for i, b := range c.Builds {
		builds[b.ID] = i
		if !slices.Contains(b.Env, "CGO_ENABLED=0") {
			t.Errorf("build %s is not static (CGO_ENABLED=0)", b.ID)
		}
		if !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.version={{ .Version }}") {
			t.Errorf("build %s does not set main.version", b.ID)
		}
	}
	prov, lint := c.Builds[builds["provider"]], c.Builds[builds["opexlint"]]
	if prov.Main != "." || prov.Binary != "{{ .ProjectName }}_v{{ .Version }}" {
		t.Errorf("provider build %+v: want main . and binary terraform-provider-opex_v<version>", prov)
	}
	if lint.Main != "./lint/cmd/opexlint" || lint.Binary != "opexlint" {
		t.Errorf("opexlint build %+v", lint)
	}
	for _, os := range []string{"linux", "darwin", "windows"} {
		for _, arch := range []string{"amd64", "arm64"} {
			for _, b := range []string{"provider", "opexlint"} {
				bb := c.Builds[builds[b]]
				ignored := slices.ContainsFunc(bb.Ignore, func(i struct {
					Goos   string `yaml:"goos"`
					Goarch string `yaml:"goarch"`
				}) bool {
					return i.Goos == os && i.Goarch == arch
				})
				if !slices.Contains(bb.Goos, os) || !slices.Contains(bb.Goarch, arch) || ignored {
					t.Errorf("build %s misses %s/%s", b, os, arch)
				}
			}
		}
	}
	var provArchive bool
	for _, a := range c.Archives {
		if slices.Contains(a.IDs, "provider") {
			provArchive = true
			if !slices.Equal(a.Formats, []string{"zip"}) || a.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" {
				t.Errorf("provider archive %+v: want zip named terraform-provider-opex_<version>_<os>_<arch>", a)
			}
		}
	}
	if !provArchive {
		t.Error("no archive for the provider build")
	}
	if c.Checksum.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS" || c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum %+v: want SHA256SUMS", c.Checksum)
	}
	if len(c.Checksum.ExtraFiles) != 1 || c.Checksum.ExtraFiles[0].Glob != "terraform-registry-manifest.json" ||
		c.Checksum.ExtraFiles[0].NameTemplate != "{{ .ProjectName }}_{{ .Version }}_manifest.json" {
		t.Errorf("checksum extra_files %+v: want the registry manifest", c.Checksum.ExtraFiles)
	}
	if _, err := os.Stat(filepath.Join(root(t), "terraform-registry-manifest.json")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(string(readFile(t, ".goreleaser.yml")), "# signs:") {
		t.Error("the signing hook should be present, commented")
	}
}

// TestGoreleaserCheck runs `goreleaser check` when `make release-check` has built it into bin/.
func TestGoreleaserCheck(t *testing.T) {
	bin := filepath.Join(root(t), "bin", "goreleaser")
	if _, err := os.Stat(bin); err != nil {
		t.Skip("bin/goreleaser is not built (make release-check builds it)")
	}
	cmd := exec.Command(bin, "check")
	cmd.Dir = root(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("goreleaser check: %v\n%s", err, out)
	}
}

var hclFirstPos = hcl.Pos{Line: 1, Column: 1, Byte: 0}

// fencedBlockContaining returns the first ```lang block of doc that contains marker.
func fencedBlockContaining(t *testing.T, doc, lang, marker string) string {
	t.Helper()
	i := strings.Index(doc, marker)
	if i < 0 {
		t.Fatalf("no %q in the guide", marker)
	}
	start := strings.LastIndex(doc[:i], "```"+lang+"\n")
	if start < 0 {
		t.Fatalf("%q is not in a ```%s block", marker, lang)
	}
	return fencedBlock(t, doc[start:], "```"+lang, lang)
}

// syntheticPlan is a plan JSON of n created terraform_data resources.
func syntheticPlan(n int) map[string]any {
	var rcs []any
	for i := range n {
		rcs = append(rcs, map[string]any{
			"address": fmt.Sprintf("terraform_data.api[%d]", i), "mode": "managed", "type": "terraform_data",
			"name": "api", "index": i, "change": map[string]any{"actions": []any{"create"}, "before": nil,
				"after": map[string]any{"input": "x"}, "after_unknown": map[string]any{"id": true}},
		})
	}
	return map[string]any{"format_version": "1.2", "resource_changes": rcs}
}

// TestConftestOPAGuideQueries evaluates the guide's opa queries and its HCP Terraform wrapper
// package against the library on disk, as plain opa would.
func TestConftestOPAGuideQueries(t *testing.T) {
	doc := renderGuide(t, "conftest-opa")
	wrapper := fencedBlockContaining(t, doc, "rego", "package terraform.policies.opex")
	libDirs := []string{filepath.Join(root(t), "policies/lib"), filepath.Join(root(t), "policies/rules")}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	eval := func(t *testing.T, query string, input any, modules ...func(*rego.Rego)) any {
		t.Helper()
		opts := append([]func(*rego.Rego){rego.Query(query), rego.Load(libDirs, func(abspath string, info os.FileInfo, depth int) bool {
			return !info.IsDir() && strings.HasSuffix(abspath, "_test.rego")
		}), rego.Input(input)}, modules...)
		rs, err := rego.New(opts...).Eval(ctx)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if len(rs) == 0 || len(rs[0].Expressions) == 0 {
			return nil
		}
		return rs[0].Expressions[0].Value
	}
	plan := syntheticPlan(30) // above the library's default max_changes

	// The flat list query of the guide.
	flat := strings.TrimSpace(regexp.MustCompile(`(?s)'(\[\{"rule".*?)'`).FindStringSubmatch(doc)[1])
	list, _ := eval(t, flat, plan).([]any)
	var direct []string
	for _, item := range list {
		m := item.(map[string]any)
		direct = append(direct, fmt.Sprintf("[%s] %s", m["rule"], m["msg"]))
	}
	if !slices.ContainsFunc(direct, func(s string) bool { return strings.HasPrefix(s, "[large_batch] ") }) {
		t.Fatalf("the flat query found no large_batch finding on 30 creates: %q", direct)
	}

	// The HCP Terraform wrapper sees the plan under input.plan and reports the same findings.
	got := eval(t, "data.terraform.policies.opex.deny", map[string]any{"plan": plan}, rego.Module("opex_gate.rego", wrapper))
	var wrapped []string
	for _, m := range got.([]any) {
		wrapped = append(wrapped, m.(string))
	}
	slices.Sort(direct)
	slices.Sort(wrapped)
	if !slices.Equal(direct, wrapped) {
		t.Errorf("wrapper %q, want %q", wrapped, direct)
	}

	// Parameters through the opex key, as the guide's jq line adds it.
	withParams := syntheticPlan(30)
	withParams["opex"] = map[string]any{"environment": "production", "params": map[string]any{"max_changes": 40}}
	if n := eval(t, "count(data.opex.rules.large_batch.deny)", withParams); fmt.Sprint(n) != "0" {
		t.Errorf("max_changes 40 via input.opex.params: %v large_batch findings, want 0", n)
	}
}

// TestCustomPolicyWithOpexlint runs the custom-rules guide's commands with an opexlint built from
// this repository: the rule is listed, fires with its parameter and not without a reason to.
func TestCustomPolicyWithOpexlint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds opexlint")
	}
	bin := filepath.Join(t.TempDir(), "opexlint")
	build := exec.Command("go", "build", "-o", bin, "./lint/cmd/opexlint")
	build.Dir = root(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building opexlint: %v\n%s", err, out)
	}
	policy := filepath.Join(root(t), "examples/ci/policy")
	work := t.TempDir()
	tf := "resource \"aws_ecs_service\" \"api\" {\n  name                               = \"api\"\n  desired_count                      = 4\n" +
		"  deployment_minimum_healthy_percent = 75\n}\n"
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(tf), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = work
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			if ee.ExitCode() > 1 {
				t.Fatalf("opexlint %s: exit %d: %s", strings.Join(args, " "), ee.ExitCode(), stderr.String())
			}
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	if _, out := run("rules", "--policy", policy, "--format", "json"); !strings.Contains(out, `"ecs-deploy-capacity"`) {
		t.Errorf("opexlint rules does not list ecs-deploy-capacity:\n%s", out)
	}
	count := func(out string) int {
		var r lintReport
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		n := 0
		for _, f := range r.Findings {
			if f.RuleID == "ecs-deploy-capacity" {
				n++
				if f.File != "main.tf" || f.Line != 1 {
					t.Errorf("finding at %s:%d, want main.tf:1", f.File, f.Line)
				}
			}
		}
		return n
	}
	if _, out := run("check", "--policy", policy, "--format", "json", "."); count(out) != 0 {
		t.Errorf("75%% is above the default minimum of 50, yet the rule fired:\n%s", out)
	}
	if _, out := run("check", "--policy", policy, "--param", "min_healthy_percent=100", "--format", "json", "."); count(out) != 1 {
		t.Errorf("with min_healthy_percent=100 the rule should fire once:\n%s", out)
	}
}
