// Package ci_test checks the CI integration files of the repository: the GitHub Action
// (action.yml and scripts/action), the pre-commit hook, the goreleaser configuration, the CI
// recipes in examples/ci and the guides in templates/guides. No network: the scripts run against
// fake opexlint, gh and go commands that record their arguments.
package ci_test

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// contractFlags are the flags of `opexlint check` in DESIGN.md; each takes a value.
var contractFlags = map[string]bool{
	"--dir": true, "--config": true, "--policy": true, "--format": true, "--output": true,
	"--fail-on": true, "--environment": true, "--param": true,
}

var (
	contractFormats = map[string]bool{"text": true, "json": true, "sarif": true, "junit": true, "github": true, "markdown": true}
	contractLevels  = map[string]bool{"critical": true, "high": true, "medium": true, "low": true, "none": true}
)

// root is the repository root, two levels above this package.
func root(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot find the test's source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// yamlFiles are every YAML file this package vouches for, relative to the root.
var yamlFiles = []string{
	"action.yml",
	".pre-commit-hooks.yaml",
	".goreleaser.yml",
	"examples/ci/github-actions/opex.yml",
	"examples/ci/gitlab-ci/.gitlab-ci.yml",
	"examples/ci/atlantis/atlantis.yaml",
	"examples/ci/atlantis/repos.yaml",
}

func readFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeYAML parses rel strictly (duplicate keys are errors in yaml.v3) into v.
func decodeYAML(t *testing.T, rel string, v any) {
	t.Helper()
	if err := yaml.Unmarshal(readFile(t, rel), v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

func TestYAMLFilesParse(t *testing.T) {
	for _, rel := range yamlFiles {
		t.Run(rel, func(t *testing.T) {
			var doc any // a mapping, or a list for .pre-commit-hooks.yaml
			decodeYAML(t, rel, &doc)
			switch d := doc.(type) {
			case map[string]any:
				if len(d) == 0 {
					t.Fatalf("%s is an empty mapping", rel)
				}
			case []any:
				if len(d) == 0 {
					t.Fatalf("%s is an empty list", rel)
				}
			default:
				t.Fatalf("%s: the document is a %T, want a mapping or a list", rel, doc)
			}
		})
	}
}

type actionInput struct {
	Description string  `yaml:"description"`
	Required    bool    `yaml:"required"`
	Default     *string `yaml:"default"`
}

type actionOutput struct {
	Description string `yaml:"description"`
	Value       string `yaml:"value"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	With             map[string]string `yaml:"with"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
}

type action struct {
	Name        string                  `yaml:"name"`
	Description string                  `yaml:"description"`
	Inputs      map[string]actionInput  `yaml:"inputs"`
	Outputs     map[string]actionOutput `yaml:"outputs"`
	Runs        struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

func loadAction(t *testing.T) action {
	t.Helper()
	var a action
	decodeYAML(t, "action.yml", &a)
	return a
}

var exprRef = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

func TestActionInputsAndOutputs(t *testing.T) {
	a := loadAction(t)
	if a.Name == "" || a.Description == "" {
		t.Error("action.yml needs a name and a description")
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	// The inputs the issue and the README promise.
	for _, name := range []string{"path", "dir", "format", "reports", "fail-on", "environment", "config",
		"policy", "params", "version", "comment", "upload-sarif", "summary", "working-directory", "github-token"} {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("input %q is missing", name)
		}
	}
	for name, in := range a.Inputs {
		if strings.TrimSpace(in.Description) == "" {
			t.Errorf("input %q has no description", name)
		}
		if !in.Required && in.Default == nil {
			t.Errorf("optional input %q has no default", name)
		}
	}
	for _, name := range []string{"exit-code", "sarif-file", "markdown-file", "json-file", "findings", "report-dir"} {
		out, ok := a.Outputs[name]
		if !ok {
			t.Errorf("output %q is missing", name)
			continue
		}
		if strings.TrimSpace(out.Description) == "" {
			t.Errorf("output %q has no description", name)
		}
		if !strings.Contains(out.Value, "steps.run.outputs."+name) {
			t.Errorf("output %q = %q, want it from steps.run.outputs.%s", name, out.Value, name)
		}
	}

	// Every input is used by a step (in an expression or an if:), and every inputs.X a step
	// uses is declared.
	raw := string(readFile(t, "action.yml"))
	_, runs, ok := strings.Cut(raw, "\nruns:")
	if !ok {
		t.Fatal("action.yml has no runs: section")
	}
	used := map[string]bool{}
	for _, ref := range regexp.MustCompile(`inputs\.([a-z0-9-]+)`).FindAllStringSubmatch(runs, -1) {
		used[ref[1]] = true
		if _, ok := a.Inputs[ref[1]]; !ok {
			t.Errorf("a step uses inputs.%s, which is not declared", ref[1])
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %q is declared but no step uses it", name)
		}
	}

	var sawUpload, sawComment bool
	ids := map[string]bool{}
	for i, s := range a.Runs.Steps {
		if s.ID != "" {
			ids[s.ID] = true
		}
		switch {
		case s.Run != "":
			if s.Shell != "bash" {
				t.Errorf("step %d (%s) runs a script without shell: bash", i, s.Name)
			}
			// Inputs reach scripts through env, never spliced into the script text.
			if exprRef.MatchString(s.Run) {
				t.Errorf("step %d (%s) puts an expression into its run script: use env", i, s.Name)
			}
			for _, m := range regexp.MustCompile(`scripts/action/[a-z-]+\.sh`).FindAllString(s.Run, -1) {
				if _, err := os.Stat(filepath.Join(root(t), m)); err != nil {
					t.Errorf("step %d (%s) runs %s: %v", i, s.Name, m, err)
				}
				sawComment = sawComment || strings.HasSuffix(m, "comment.sh")
			}
		case s.Uses != "":
			if !regexp.MustCompile(`^[\w.-]+/[\w./-]+@v\d+`).MatchString(s.Uses) {
				t.Errorf("step %d uses %q: pin a major version", i, s.Uses)
			}
			if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
				sawUpload = true
				if !strings.Contains(s.With["sarif_file"], "steps.run.outputs.sarif-file") {
					t.Errorf("upload-sarif step uploads %q, want the run step's sarif-file", s.With["sarif_file"])
				}
			}
		default:
			t.Errorf("step %d (%s) neither runs nor uses anything", i, s.Name)
		}
	}
	if !sawUpload || !sawComment {
		t.Errorf("action.yml must upload SARIF (%v) and comment (%v)", sawUpload, sawComment)
	}
	for _, m := range regexp.MustCompile(`steps\.([a-z-]+)\.outputs`).FindAllStringSubmatch(raw, -1) {
		if !ids[m[1]] {
			t.Errorf("steps.%s is referenced but no step has that id", m[1])
		}
	}

	// The README documents every input and output.
	readme := string(readFile(t, "examples/ci/github-actions/README.md"))
	for name := range a.Inputs {
		if !strings.Contains(readme, "| `"+name+"` |") {
			t.Errorf("examples/ci/github-actions/README.md does not document input %q", name)
		}
	}
	for name := range a.Outputs {
		if !strings.Contains(readme, "`"+name+"`") {
			t.Errorf("examples/ci/github-actions/README.md does not mention output %q", name)
		}
	}
}

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Steps []actionStep `yaml:"steps"`
	} `yaml:"jobs"`
}

func TestGitHubWorkflowUsesTheAction(t *testing.T) {
	a := loadAction(t)
	var w workflow
	decodeYAML(t, "examples/ci/github-actions/opex.yml", &w)
	if _, ok := w.On["pull_request"]; !ok {
		t.Error("the workflow should run on pull_request")
	}
	if w.Permissions["pull-requests"] != "write" || w.Permissions["security-events"] != "write" {
		t.Errorf("permissions %v: the comment needs pull-requests: write, SARIF security-events: write", w.Permissions)
	}
	var uses int
	var script strings.Builder
	for job, j := range w.Jobs {
		for _, s := range j.Steps {
			script.WriteString(s.Run + "\n")
			if !strings.HasPrefix(s.Uses, "opexhq/terraform-provider-opex@") {
				continue
			}
			uses++
			for k := range s.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("job %s passes %q, which action.yml does not declare", job, k)
				}
			}
		}
	}
	if uses == 0 {
		t.Fatal("no step uses the opexlint action")
	}
	// The demo's plan commands (examples/demo/run.sh), in the same order.
	assertDemoPlanCommands(t, "github workflow", script.String())
}

// assertDemoPlanCommands checks that text runs terraform plan -out and show -json as the demo
// does, after terraform init.
func assertDemoPlanCommands(t *testing.T, what, text string) {
	t.Helper()
	want := []string{`terraform init -input=false`, `terraform plan -input=false`, `-out=plan.tfplan`, `terraform show -json plan.tfplan > plan.json`}
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Errorf("%s: %q missing (after position %d)", what, w, at)
			return
		}
		at += i + len(w)
	}
	// The demo plans without init (its only providers are dev_overrides and built in); a real
	// stack has registry providers, so the recipes init first.
	demo := string(readFile(t, "examples/demo/run.sh"))
	for _, w := range []string{`plan -input=false`, `-out=`, `show -json`} {
		if !strings.Contains(demo, w) {
			t.Errorf("examples/demo/run.sh no longer runs %q: update the recipes and this test", w)
		}
	}
}

type gitlabJob struct {
	Stage        string   `yaml:"stage"`
	Needs        []string `yaml:"needs"`
	BeforeScript []string `yaml:"before_script"`
	Script       []string `yaml:"script"`
	Artifacts    struct {
		When    string            `yaml:"when"`
		Paths   []string          `yaml:"paths"`
		Reports map[string]string `yaml:"reports"`
	} `yaml:"artifacts"`
}

func TestGitLabRecipe(t *testing.T) {
	var doc map[string]yaml.Node
	decodeYAML(t, "examples/ci/gitlab-ci/.gitlab-ci.yml", &doc)
	jobs := map[string]gitlabJob{}
	for name, node := range doc {
		if name == "stages" || name == "variables" || name == "workflow" || name == "default" {
			continue
		}
		var j gitlabJob
		if err := node.Decode(&j); err != nil {
			t.Fatalf("job %s: %v", name, err)
		}
		jobs[name] = j
	}
	plan, lint := jobs["plan"], jobs["opexlint"]
	assertDemoPlanCommands(t, "gitlab plan job", strings.Join(plan.Script, "\n"))
	if len(lint.Needs) != 1 || lint.Needs[0] != "plan" {
		t.Errorf("opexlint job needs %v, want [plan]", lint.Needs)
	}
	if lint.Artifacts.When != "always" {
		t.Error("the opexlint job must keep its reports when it fails (artifacts.when: always)")
	}
	if !strings.HasSuffix(lint.Artifacts.Reports["codequality"], "gl-code-quality-report.json") ||
		!strings.HasSuffix(lint.Artifacts.Reports["junit"], ".xml") {
		t.Errorf("reports %v: want codequality and junit", lint.Artifacts.Reports)
	}
	script := strings.Join(lint.Script, "\n")
	if !regexp.MustCompile(`opexlint-codequality\.sh"? opexlint\.json`).MatchString(script) {
		t.Error("the opexlint job must convert the JSON report with opexlint-codequality.sh")
	}
	for _, f := range []string{"--format json", "--format junit"} {
		if !strings.Contains(script, f) {
			t.Errorf("the opexlint job does not write %s", f)
		}
	}
}

type atlantisWorkflow struct {
	Plan struct {
		Steps []yaml.Node `yaml:"steps"`
	} `yaml:"plan"`
}

func TestAtlantisRecipe(t *testing.T) {
	var server struct {
		Repos []struct {
			ID               string   `yaml:"id"`
			Workflow         string   `yaml:"workflow"`
			AllowedOverrides []string `yaml:"allowed_overrides"`
			AllowedWorkflows []string `yaml:"allowed_workflows"`
		} `yaml:"repos"`
		Workflows map[string]atlantisWorkflow `yaml:"workflows"`
	}
	decodeYAML(t, "examples/ci/atlantis/repos.yaml", &server)
	var repo struct {
		Version  int `yaml:"version"`
		Projects []struct {
			Name     string `yaml:"name"`
			Dir      string `yaml:"dir"`
			Workflow string `yaml:"workflow"`
		} `yaml:"projects"`
	}
	decodeYAML(t, "examples/ci/atlantis/atlantis.yaml", &repo)
	if repo.Version != 3 {
		t.Errorf("atlantis.yaml version = %d, want 3", repo.Version)
	}
	for _, p := range repo.Projects {
		if _, ok := server.Workflows[p.Workflow]; !ok {
			t.Errorf("project %s uses workflow %q, which repos.yaml does not define", p.Name, p.Workflow)
		}
	}
	for _, r := range server.Repos {
		for _, w := range append([]string{r.Workflow}, r.AllowedWorkflows...) {
			if _, ok := server.Workflows[w]; !ok {
				t.Errorf("repos.yaml names workflow %q, which it does not define", w)
			}
		}
	}
	for name, w := range server.Workflows {
		// Built-in steps are plain strings; run steps are {run: "…"}; plan must come before opexlint.
		var order []string
		for _, n := range w.Plan.Steps {
			switch n.Kind {
			case yaml.ScalarNode:
				order = append(order, n.Value)
			case yaml.MappingNode:
				var m map[string]any
				if err := n.Decode(&m); err != nil {
					t.Fatal(err)
				}
				if run, ok := m["run"].(string); ok {
					order = append(order, run)
				}
			}
		}
		joined := strings.Join(order, "\n")
		iPlan, iShow, iLint := indexOf(order, "plan"), strings.Index(joined, "show -json"), strings.Index(joined, "opexlint check")
		if iPlan < 0 || iShow < 0 || iLint < 0 || iShow > iLint {
			t.Errorf("workflow %s: want plan, then show -json, then opexlint check; got %q", name, order)
		}
		if !strings.Contains(joined, `"$SHOWFILE"`) {
			t.Errorf("workflow %s: opexlint should lint $SHOWFILE", name)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

type hook struct {
	ID            string `yaml:"id"`
	Name          string `yaml:"name"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	PassFilenames *bool  `yaml:"pass_filenames"`
	RequireSerial bool   `yaml:"require_serial"`
}

func TestPreCommitHooksFile(t *testing.T) {
	var hooks []hook
	decodeYAML(t, ".pre-commit-hooks.yaml", &hooks)
	if len(hooks) != 1 || hooks[0].ID != "opexlint" {
		t.Fatalf("want one hook with id opexlint, got %+v", hooks)
	}
	h := hooks[0]
	if h.Language != "script" {
		t.Errorf("language = %q, want script (the entry is a script in this repository)", h.Language)
	}
	if st, err := os.Stat(filepath.Join(root(t), h.Entry)); err != nil || st.Mode()&0o111 == 0 {
		t.Errorf("entry %s must exist and be executable (%v)", h.Entry, err)
	}
	re, err := regexp.Compile(h.Files)
	if err != nil {
		t.Fatalf("files %q: %v", h.Files, err)
	}
	for name, want := range map[string]bool{"main.tf": true, "modules/db/main.tf": true, "main.tf.json": false, "x.tfvars": false, "README.md": false} {
		if re.MatchString(name) != want {
			t.Errorf("files %q matches %s = %v, want %v", h.Files, name, !want, want)
		}
	}
	if h.PassFilenames != nil && !*h.PassFilenames {
		t.Error("the wrapper needs the file names")
	}
}

// opexlintCommands finds `opexlint check …` commands in text (YAML values, Markdown, shell).
func opexlintCommands(text string) [][]string {
	text = strings.ReplaceAll(text, "\\\n", " ")
	var cmds [][]string
	for _, line := range strings.Split(text, "\n") {
		for {
			i := strings.Index(line, "opexlint check")
			if i < 0 {
				break
			}
			line = line[i+len("opexlint check"):]
			cmds = append(cmds, shellWords(line))
		}
	}
	return cmds
}

// shellWords splits s like a shell would, stopping at the first operator, redirection, comment
// or Markdown backtick outside quotes.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			flush()
		case strings.ContainsRune("|;&><#`)", r):
			flush()
			return words
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	flush()
	return words
}

// checkInvocation returns what is wrong with the arguments of one `opexlint check`.
func checkInvocation(args []string) []string {
	var problems []string
	positional := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional++
			continue
		}
		name, value, hasValue := strings.Cut(a, "=")
		if !contractFlags[name] {
			problems = append(problems, "flag "+name+" is not in the opexlint contract")
			if !hasValue && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++ // its value, so that it is not taken for PATH
			}
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				problems = append(problems, "flag "+name+" has no value")
				continue
			}
			i++
			value = args[i]
		}
		if strings.Contains(value, "$") {
			continue // a variable: checked where it is set
		}
		if name == "--format" && !contractFormats[value] {
			problems = append(problems, "--format "+value+" is not a contract format")
		}
		if name == "--fail-on" && !contractLevels[value] {
			problems = append(problems, "--fail-on "+value+" is not a contract level")
		}
		if name == "--param" && !strings.Contains(value, "=") {
			problems = append(problems, "--param "+value+" is not KEY=VALUE")
		}
	}
	if positional > 1 {
		problems = append(problems, "more than one PATH")
	}
	return problems
}

// yamlStrings returns every string scalar of a YAML document.
func yamlStrings(n *yaml.Node, out *[]string) {
	if n.Kind == yaml.ScalarNode {
		*out = append(*out, n.Value)
	}
	for _, c := range n.Content {
		yamlStrings(c, out)
	}
}

func TestOpexlintInvocationsUseContractFlags(t *testing.T) {
	r := root(t)
	sources := map[string]string{}
	for _, rel := range yamlFiles {
		var n yaml.Node
		decodeYAML(t, rel, &n)
		var values []string
		yamlStrings(&n, &values)
		sources[rel] = strings.Join(values, "\n")
	}
	// The Markdown that shows commands: READMEs of the recipes and the guides.
	for _, pattern := range []string{"examples/ci/*/README.md", "examples/ci/README.md", "templates/guides/*.md.tmpl"} {
		files, err := filepath.Glob(filepath.Join(r, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			rel, _ := filepath.Rel(r, f)
			sources[rel] = string(readFile(t, rel))
		}
	}
	total := 0
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, args := range opexlintCommands(sources[name]) {
			total++
			for _, p := range checkInvocation(args) {
				t.Errorf("%s: opexlint check %s: %s", name, strings.Join(args, " "), p)
			}
		}
	}
	if total < 10 {
		t.Errorf("found only %d opexlint check commands: the scanner is broken", total)
	}
}

func TestCheckInvocationRejectsUnknownFlags(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		want int
	}{
		{"opexlint check --dir . --format sarif --output x.sarif plan.json", 0},
		{"opexlint check --fail-on=medium --param max_changes=40 --policy p ./infra", 0},
		{`opexlint check --environment "$ENV" --format "$F" plan.json | tee log`, 0},
		{"opexlint check --severity high plan.json", 1},
		{"opexlint check --format yaml plan.json", 1},
		{"opexlint check --fail-on warning plan.json", 1},
		{"opexlint check --param max_changes plan.json", 1},
		{"opexlint check a b", 1},
		{"opexlint check --dir", 1},
	} {
		cmds := opexlintCommands(tc.cmd)
		if len(cmds) != 1 {
			t.Fatalf("%s: found %d commands", tc.cmd, len(cmds))
		}
		if got := checkInvocation(cmds[0]); len(got) != tc.want {
			t.Errorf("%s: problems %q, want %d", tc.cmd, got, tc.want)
		}
	}
}
