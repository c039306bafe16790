package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint"
	"github.com/opexhq/terraform-provider-opex/lint/config"
	"github.com/opexhq/terraform-provider-opex/lint/report"
)

// basic is the lint package's test plan: its terraform_data.leak carries a copy of a sensitive
// value, which the echo-input test rule interpolates into its message.
const basic = "../../testdata/plans/basic.json"

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	t.Chdir(t.TempDir()) // no .opexlint.hcl around
	abs := func(p string) string {
		t.Helper()
		a, err := filepath.Abs(filepath.Join(testDir, p))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	policy := abs("testdata/policy")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string // prefix of the one-line error
		stdout string // substring
	}{
		{"no findings at or above", []string{"check", "--fail-on", "low", abs("testdata/plans/empty.json")}, 0, "", "0 findings"},
		{"findings at or above", []string{"check", "--policy", policy, "--fail-on", "low", abs(basic)}, 1, "", "echo-input"},
		{"fail-on none", []string{"check", "--policy", policy, "--fail-on", "none", abs(basic)}, 0, "", "echo-input"},
		{"flags after PATH", []string{"check", abs(basic), "--policy", policy, "--fail-on", "low", "--format", "json"}, 1, "", `"rule_id": "echo-input"`},
		{"no PATH", []string{"check"}, 2, "opexlint: check: want exactly one PATH", ""},
		{"two PATHs", []string{"check", "a", "b"}, 2, "opexlint: check: want exactly one PATH", ""},
		{"unknown flag", []string{"check", "--nope", "x"}, 2, "opexlint: check: flag provided but not defined: -nope (see opexlint check -h)", ""},
		{"bad format", []string{"check", "--format", "xml", "x"}, 2, `opexlint: --format "xml" is not one of text, json, sarif, junit, github, markdown`, ""},
		{"bad fail-on", []string{"check", "--fail-on", "urgent", "x"}, 2, `opexlint: --fail-on "urgent" is not one of critical, high, medium, low, none`, ""},
		{"bad timeout", []string{"check", "--timeout", "0s", "x"}, 2, "opexlint: --timeout must be positive", ""},
		{"missing input", []string{"check", "missing.json"}, 2, "opexlint: missing.json: no such file or directory", ""},
		{"policy error", []string{"check", "--policy", abs("../../engine/testdata/http"), abs(basic)}, 2, "opexlint: " + abs("../../engine/testdata/http") + "/policy.rego:11: http.send is not available", ""},
		{"timeout", []string{"check", "--policy", abs("../../engine/testdata/slow"), "--timeout", "200ms", abs(basic)}, 2, "opexlint: policy evaluation did not finish within --timeout 200ms", ""},
		{"unknown command", []string{"lint"}, 2, `opexlint: unknown command "lint"`, ""},
		{"no command", nil, 2, "Usage: opexlint", ""},
		{"help", []string{"check", "-h"}, 0, "", "Usage: opexlint check [flags] PATH"},
		{"version", []string{"version"}, 0, "", "opexlint dev\n"},
		{"rules bad format", []string{"rules", "--format", "sarif"}, 2, `opexlint: --format "sarif" is not one of text, json, markdown`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			if tc.stderr != "" && !strings.HasPrefix(errOut, tc.stderr) {
				t.Fatalf("stderr = %q, want prefix %q", errOut, tc.stderr)
			}
			if tc.code == 2 && tc.name != "no command" && strings.Count(errOut, "\n") != 1 {
				t.Fatalf("error is not one line: %q", errOut)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Fatalf("stdout lacks %q:\n%s", tc.stdout, out)
			}
		})
	}
}

var testDir, _ = os.Getwd()

func TestOutputFileAndRedaction(t *testing.T) {
	t.Chdir(t.TempDir())
	plan := filepath.Join(testDir, basic)
	policy := filepath.Join(testDir, "testdata/policy")
	for _, format := range report.Formats {
		out := filepath.Join(t.TempDir(), "report."+format)
		code, stdout, stderr := runCmd(t, "check", "--policy", policy, "--format", format, "--output", out, "--fail-on", "none", "--debug", plan)
		if code != 0 || stdout != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %s", format, code, stdout, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || len(b) == 0 {
			t.Fatalf("%s: report file: %v", format, err)
		}
		if bytes.Contains(b, []byte("hunter2-SECRET")) || strings.Contains(stderr, "hunter2-SECRET") {
			t.Fatalf("%s: the sensitive value was printed", format)
		}
		if !strings.Contains(stderr, "opexlint: debug: ") {
			t.Fatalf("--debug printed nothing: %q", stderr)
		}
	}
}

func TestPanicBecomesExit2(t *testing.T) {
	t.Chdir(t.TempDir())
	orig := lintRun
	defer func() { lintRun = orig }()
	lintRun = func(context.Context, lint.Options) (*report.Report, error) {
		var m map[string]int
		m["boom"]++ //nolint:staticcheck // a deliberate nil map write: the runtime panic under test
		return nil, nil
	}
	code, _, errOut := runCmd(t, "check", "whatever.json")
	if code != 2 || !strings.HasPrefix(errOut, "opexlint: internal error (assignment to entry in nil map); this is a bug, please report it at https://") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lintRun = func(context.Context, lint.Options) (*report.Report, error) { panic("value from the plan: hunter2") }
	code, _, errOut = runCmd(t, "check", "whatever.json")
	if code != 2 || strings.Contains(errOut, "hunter2") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	code, out, errOut := runCmd(t, "init")
	if code != 0 || out != "wrote .opexlint.hcl\n" {
		t.Fatalf("init: exit %d %q %q", code, out, errOut)
	}
	if _, err := config.Load(filepath.Join(dir, ".opexlint.hcl")); err != nil {
		t.Fatalf("written file does not load: %v", err)
	}
	code, _, errOut = runCmd(t, "init")
	if code != 2 || errOut != "opexlint: .opexlint.hcl already exists (use --force to overwrite)\n" {
		t.Fatalf("second init: exit %d %q", code, errOut)
	}
	if code, _, errOut = runCmd(t, "init", "--force"); code != 0 {
		t.Fatalf("init --force: exit %d %q", code, errOut)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	if code, out, _ = runCmd(t, "init", sub); code != 0 || out != "wrote "+filepath.Join(sub, ".opexlint.hcl")+"\n" {
		t.Fatalf("init DIR: exit %d %q", code, out)
	}
	// The written config is picked up from the working directory.
	if code, _, errOut = runCmd(t, "check", "--fail-on", "low", filepath.Join(testDir, "testdata/plans/empty.json")); code != 0 {
		t.Fatalf("check with the default config: exit %d %q", code, errOut)
	}
}

func TestRulesCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	policy := filepath.Join(testDir, "testdata/policy")
	code, out, errOut := runCmd(t, "rules", "--format", "json", "--policy", policy)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Rules []struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, r := range doc.Rules {
		ids[r.ID] = r.Severity
	}
	if ids["echo-input"] != "low" || ids["expired-waiver"] != "medium" {
		t.Fatalf("rules = %v", ids)
	}
	for _, f := range []string{"text", "markdown"} {
		code, out, _ := runCmd(t, "rules", "--policy", policy, "--format", f)
		if code != 0 || !strings.Contains(out, "echo-input") {
			t.Fatalf("rules --format %s: exit %d\n%s", f, code, out)
		}
	}
}

// TestBinary builds the command with a version stamp and checks real exit statuses.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "opexlint")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=1.2.3", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "opexlint 1.2.3\n" {
		t.Fatalf("version: %q %v", out, err)
	}
	cmd := exec.Command(bin, "check", "--policy", "testdata/policy", "--fail-on", "low", "--format", "json", basic)
	cmd.Dir = testDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("check: %v: %s", err, stderr.String())
	}
	if !strings.Contains(string(out), `"version": "1.2.3"`) {
		t.Fatalf("report lacks the version:\n%s", out)
	}
	err = exec.Command(bin, "check", "nope.json").Run()
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("missing input: %v", err)
	}
}

// TestMemorySettings checks the collector settings of a check of a plan file: a soft limit of
// at least 1 GiB while the plan is read and evaluated, no collection and a quarter more room
// once it is evaluated, and the settings of the process restored on return (tests and other
// callers of run share the process). GOMEMLIMIT leaves all of it to the runtime.
func TestMemorySettings(t *testing.T) {
	plan := filepath.Join(testDir, basic)
	gcPercent := func() int {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	beforeGC, beforeLimit := gcPercent(), debug.SetMemoryLimit(-1)
	orig := lintRun
	t.Cleanup(func() { lintRun = orig })
	for _, tc := range []struct {
		gomemlimit       string
		limit, evaluated int64 // limit while evaluating, after; 0: untouched
	}{
		{"", 1 << 30, 1<<30 + 1<<28},
		{"512MiB", 0, 0},
	} {
		t.Setenv("GOMEMLIMIT", tc.gomemlimit)
		var limit, evaluated int64
		gcOff := false
		lintRun = func(ctx context.Context, o lint.Options) (*report.Report, error) {
			limit = debug.SetMemoryLimit(-1)
			if o.Evaluated != nil {
				o.Evaluated()
				evaluated, gcOff = debug.SetMemoryLimit(-1), gcPercent() == -1
			}
			return orig(ctx, o)
		}
		if code, _, stderr := runCmd(t, "check", "--fail-on", "none", plan); code != 0 {
			t.Fatalf("GOMEMLIMIT=%q: exit %d: %s", tc.gomemlimit, code, stderr)
		}
		if tc.limit == 0 {
			if limit != beforeLimit || evaluated != 0 {
				t.Errorf("GOMEMLIMIT=%q: limit %d then %d, want the process's %d untouched", tc.gomemlimit, limit, evaluated, beforeLimit)
			}
		} else if limit != tc.limit || evaluated != tc.evaluated || !gcOff {
			t.Errorf("limit %d, after evaluation %d (collector off: %v); want %d, then %d with the collector off", limit, evaluated, gcOff, tc.limit, tc.evaluated)
		}
		if gc, l := gcPercent(), debug.SetMemoryLimit(-1); gc != beforeGC || l != beforeLimit {
			t.Errorf("GOMEMLIMIT=%q: GOGC %d and limit %d after the run, want %d and %d restored", tc.gomemlimit, gc, l, beforeGC, beforeLimit)
		}
	}
}
