package ci_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// TestAccGettingStartedGuide follows the getting-started guide with its own snippets: the
// configuration of step 2 plans with a failing review that opexlint reports at the review's
// line, and the fixes of step 6 make the review pass.
func TestAccGettingStartedGuide(t *testing.T) {
	plan := accEnv(t)
	guide := renderGuide(t, "getting-started")
	config := fencedBlock(t, guide, "## 2. Declare", "terraform")
	priority := fencedBlock(t, guide, "## 6. Back to green", "terraform")

	work, out, err := plan(t, config)
	if err != nil {
		t.Fatalf("step 2's configuration does not plan: %v\n%s", err, out)
	}
	if passed := plannedAfter(t, work, "opex_readiness_review.production")["passed"]; passed != false {
		t.Errorf("step 2: review passed = %v, want false as the guide says", passed)
	}

	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "opexlint"), "./lint/cmd/opexlint")
	build.Dir = root(t)
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building opexlint: %v\n%s", err, b)
	}
	// Step 3's command.
	cmd := exec.Command(filepath.Join(bin, "opexlint"), "check", "--environment", "production", "--dir", ".", "--format", "json", "plan.json")
	cmd.Dir = work
	report, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("step 3: opexlint: %v (want exit status 1)\n%s", err, report)
	}
	var r struct {
		Findings []struct {
			RuleID string `json:"rule_id"`
			File   string `json:"file"`
			Line   int    `json:"line"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(report, &r); err != nil {
		t.Fatal(err)
	}
	reviewLine := 1 + strings.Count(config[:strings.Index(config, `resource "opex_readiness_review"`)], "\n")
	found := false
	for _, f := range r.Findings {
		if f.RuleID == "readiness-review-failed" {
			found = true
			if f.File != "main.tf" || f.Line != reviewLine {
				t.Errorf("readiness-review-failed at %s:%d, want main.tf:%d", f.File, f.Line, reviewLine)
			}
		}
	}
	if !found {
		t.Errorf("step 3: no readiness-review-failed finding in %s", report)
	}

	// Step 6: the priority, referenced by the review, and a rollback plan.
	fixed := strings.Replace(config+"\n"+priority+"\n", "  min_score   = 80\n",
		"  min_score   = 80\n  priorities  = [opex_priority.availability]\n"+
			"  rollback_plan = \"Redeploy the previous version with the rollback runbook.\"\n", 1)
	if fixed == config+"\n"+priority+"\n" {
		t.Fatal("the review in step 2 no longer has `min_score   = 80`: update this test")
	}
	work, out, err = plan(t, fixed)
	if err != nil {
		t.Fatalf("step 6's configuration does not plan: %v\n%s", err, out)
	}
	if passed := plannedAfter(t, work, "opex_readiness_review.production")["passed"]; passed != true {
		t.Errorf("step 6: review passed = %v, want true\n%s", passed, out)
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
