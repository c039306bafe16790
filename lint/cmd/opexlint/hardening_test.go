package main

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
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/opexhq/terraform-provider-opex/lint/report"
)

// secretsDir holds a plan with distinctive secrets in every place Terraform marks sensitive,
// a .tf directory with a sensitive variable default, and a policy that interpolates the whole
// input into finding messages and addresses.
const secretsDir = "testdata/hardening/secrets"

// planted matches every planted secret: the opex-secret-… strings and the sensitive number.
var planted = regexp.MustCompile(`opex-secret-[a-z0-9-]+|987654321`)

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(filepath.Join(testDir, p))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func assertNoSecret(t *testing.T, where, s string) {
	t.Helper()
	if m := planted.FindString(s); m != "" {
		t.Errorf("%s contains the sensitive value %q", where, m)
	}
}

// TestSecretsNeverPrinted (issue 5 item 3): with a policy that prints the whole input, no
// report format, no --debug line and no error message carries a value Terraform marks
// sensitive: resource attributes before and after, nested blocks, whole sensitive objects,
// numbers, drift, sensitive variables and outputs (before and after), prior state, and a
// non-sensitive copy of a sensitive value. HCL mode: a sensitive variable's default.
func TestSecretsNeverPrinted(t *testing.T) {
	t.Chdir(t.TempDir())
	plan := abs(t, secretsDir+"/plan.json")
	pol := abs(t, secretsDir+"/policy")
	src, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(planted.FindAll(src, -1)); n < 20 {
		t.Fatalf("the test plan plants only %d secrets", n)
	}
	for _, input := range []struct{ name, path string }{
		{"plan", plan},
		{"hcl", abs(t, secretsDir+"/tf")},
	} {
		for _, format := range report.Formats {
			t.Run(input.name+"/"+format, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "report")
				code, stdout, stderr := runCmd(t, "check", "--policy", pol, "--format", format, "--debug", "--output", out, input.path)
				noCrash(t, stdout, stderr)
				if code != 1 {
					t.Fatalf("exit %d (the dump policy's critical findings should fail the run): %s", code, stderr)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				assertNoSecret(t, format+" report", string(b))
				assertNoSecret(t, "--debug stderr", stderr)
				// Not vacuous: the findings that tried to print the secrets are in the report.
				if !bytes.Contains(b, []byte("dump-everything")) || !strings.Contains(stderr, "opexlint: debug: ") {
					t.Fatalf("report lacks the dump findings or --debug printed nothing:\n%s\n%s", b, stderr)
				}
				if input.name == "plan" && format == "json" && !bytes.Contains(b, []byte("(sensitive value)")) {
					t.Fatalf("the JSON report does not show the mask:\n%s", b)
				}
			})
		}
	}

	// Broken variants of the plan: errors point at the problem without echoing the values
	// around it.
	t.Run("errors", func(t *testing.T) {
		s := string(src)
		cut := strings.Index(s, "opex-secret-attribute-before-2222") + len("opex-secret-attr")
		for name, broken := range map[string]string{
			"truncated inside a secret": s[:cut],
			"junk after a secret":       strings.Replace(s, `"opex-secret-output-6666"`, `"opex-secret-output-6666" junk`, 1),
			"invalid UTF-8 in a secret": strings.Replace(s, "opex-secret-nested-3333", "opex-secret-nested-\xff3333", 1),
			"wrong type next to secret": strings.Replace(s, `"actions": ["delete", "create"]`, `"actions": "opex-secret-action-1414"`, 1),
			"secret as an object key":   strings.Replace(s, `"password": "opex-secret-attribute-before-2222"`, `"opex-secret-key-1515": }`, 1),
		} {
			p := filepath.Join(t.TempDir(), "plan.json")
			if err := os.WriteFile(p, []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runCmd(t, "check", "--policy", pol, "--debug", p)
			noCrash(t, stdout, stderr)
			if code != 2 {
				t.Errorf("%s: exit %d, want 2: %s", name, code, stderr)
			}
			assertNoSecret(t, name+": error", stderr+stdout)
		}
	})
}

// TestFutureActionIsAChange (issue 5 item 2): an action Terraform may add later (as it added
// forget) is not malformed input: the plan lints (exit 0 or 1), the change is counted, and
// the report says that opexlint treated an unknown action as a change.
func TestFutureActionIsAChange(t *testing.T) {
	t.Chdir(t.TempDir())
	put(t, "future.json", `{"format_version": "1.9", "resource_changes": [
 {"address": "terraform_data.a", "mode": "managed", "type": "terraform_data", "name": "a", "change": {"actions": ["forget"], "before": {"input": "a"}, "after": null}},
 {"address": "terraform_data.b", "mode": "managed", "type": "terraform_data", "name": "b", "change": {"actions": ["frobnicate"], "before": {"input": "b"}, "after": {"input": "b"}}},
 {"address": "terraform_data.c", "mode": "managed", "type": "terraform_data", "name": "c", "change": {"actions": ["create"], "before": null, "after": {"input": "c"}}}
]}`)
	code, out, errOut := runCmd(t, "check", "--format", "json", "future.json")
	noCrash(t, out, errOut)
	if code != 0 && code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Summary struct {
			ResourceChanges int `json:"resource_changes"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("invalid JSON report: %v\n%s", err, out)
	}
	if doc.Summary.ResourceChanges != 3 {
		t.Errorf("summary.resource_changes = %d, want 3: forget and frobnicate are changes too", doc.Summary.ResourceChanges)
	}
	_, text, _ := runCmd(t, "check", "future.json")
	for _, action := range []string{"frobnicate"} {
		if !strings.Contains(out, action) || !strings.Contains(text, action) {
			t.Errorf("neither the JSON nor the text report says that the unknown action %q was treated as a change:\n%s\n%s", action, out, text)
		}
	}
}

// sandboxPolicy writes a one-rule policy directory; body is the rule's deny set.
func sandboxPolicy(t *testing.T, id, body string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), id)
	policy(t, dir, id, body)
	return dir
}

// TestPolicySandbox (issue 5 item 4): a --policy rule cannot reach the network, the process
// environment or files. The embedded library is compiled with the same capabilities (one
// compiler, engine.New), so what a --policy rule cannot call, the library cannot either.
func TestPolicySandbox(t *testing.T) {
	t.Chdir(t.TempDir())
	put(t, "ok.json", `{"format_version": "1.2", "resource_changes": [{"address": "terraform_data.a", "mode": "managed", "type": "terraform_data", "name": "a", "change": {"actions": ["create"], "before": null, "after": {"input": "a"}}}]}`)
	const envSecret = "opex-secret-environment-1616"
	t.Setenv("OPEX_SANDBOX_TOKEN", envSecret)
	fileSecret := "opex-secret-file-1717"
	secretFile := filepath.Join(t.TempDir(), "credentials.json")
	if err := os.WriteFile(secretFile, []byte(`{"enum": ["`+fileSecret+`"]}`), 0o600); err != nil {
		t.Fatal(err)
	}

	// Builtins that reach outside: rejected when the policy compiles, with its file:line.
	for _, tc := range []struct{ name, call string }{
		{"http.send", `http.send({"method": "GET", "url": "http://127.0.0.1:9/"})`},
		{"net.lookup_ip_addr", `net.lookup_ip_addr("example.com")`},
		{"opa.runtime", `opa.runtime().env.OPEX_SANDBOX_TOKEN`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sandboxPolicy(t, "reach-out", "deny contains {\"msg\": sprintf(\"%v\", [x])} if {\n\tx := "+tc.call+"\n}\n")
			code, out, errOut := runCmd(t, "check", "--policy", dir, "ok.json")
			noCrash(t, out, errOut)
			want := fmt.Sprintf("opexlint: %s/policy.rego:11: %s is not available to opex policies (no network, environment or file access)\n", dir, tc.name)
			if code != 2 || errOut != want {
				t.Fatalf("exit %d, stderr %q\nwant %q", code, errOut, want)
			}
		})
	}

	// Every way a policy could name the environment or a file without a forbidden builtin:
	// data paths that do not exist, data files next to the policy (not loaded: a --policy
	// directory contributes .rego modules only, so nothing but code can enter data.*), and
	// JSON-schema references to file:// and http:// URLs.
	t.Run("no environment, files or network through data and schemas", func(t *testing.T) {
		dir := sandboxPolicy(t, "probe", fmt.Sprintf(`import data.files.etc.passwd as etc_passwd

default passwd := "undefined"

passwd := etc_passwd

default env := "undefined"

env := data.env.OPEX_SANDBOX_TOKEN

default leak := "undefined"

leak := data.leak

deny contains {"msg": sprintf("passwd %%v env %%v leak %%v", [passwd, env, leak])}

deny contains {"msg": sprintf("input keys %%v", [object.keys(input)])}

deny contains {"msg": sprintf("file schema: %%v", [r])} if {
	r := json.match_schema({"x": 1}, {"$ref": %[1]q})
}

deny contains {"msg": sprintf("file exists: %%v", [r])} if {
	r := json.verify_schema({"$ref": %[1]q})
}

deny contains {"msg": sprintf("remote schema: %%v", [r])} if {
	r := json.verify_schema({"$ref": "http://127.0.0.1:9/schema.json"})
}
`, "file://"+secretFile))
		put(t, filepath.Join(dir, "data.json"), `{"leak": "opex-secret-datajson-1818"}`)
		put(t, filepath.Join(dir, "env", "data.json"), `{"OPEX_SANDBOX_TOKEN": "opex-secret-datajson-1819"}`)
		code, out, errOut := runCmd(t, "check", "--policy", dir, "--format", "json", "--fail-on", "none", "--debug", "ok.json")
		noCrash(t, out, errOut)
		for _, s := range []string{out, errOut} {
			assertNoSecret(t, "output", s)
			if strings.Contains(s, envSecret) || strings.Contains(s, fileSecret) {
				t.Errorf("a policy read the environment or a file:\n%s", s)
			}
		}
		if code == 2 {
			// Rejecting the schema builtins at compile time is as good as a safe schema loader.
			if !strings.Contains(errOut, "is not available to opex policies") {
				t.Fatalf("exit 2 for another reason: %s", errOut)
			}
			return
		}
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(out, "passwd undefined env undefined leak undefined") {
			t.Errorf("data.* is not empty of files, environment and data files:\n%s", out)
		}
		if strings.Contains(out, "file exists: [true") {
			t.Errorf("json.verify_schema resolved a file:// reference: policies can probe and read local JSON files")
		}
		if strings.Contains(out, "remote schema: [true") {
			t.Errorf("json.verify_schema fetched an http:// reference")
		}
	})
}

// TestAdversarialPlansBounded (issue 5 item 4): hostile but well-formed plans (very many tiny
// changes, very long strings, very wide objects) either lint or are stopped by --timeout,
// within a bounded time and a few GB of memory, with the embedded library. Each case runs the
// built binary so that a hang is killed and reported instead of stalling the package, and the
// peak memory is the process's maximum resident set (rusage), which counts everything the Go
// runtime's MemStats would, plus what it does not see.
func TestAdversarialPlansBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plans of tens of MB")
	}
	bin := builtBinary(t)
	t.Chdir(t.TempDir())
	const limitMB = 3 << 10
	const timeout = 20 * time.Second
	// Loading, masking and reporting come on top of --timeout, which bounds evaluation only.
	const deadline = 3 * timeout
	var many strings.Builder
	many.WriteString(`{"format_version": "1.2", "resource_changes": [`)
	for i := 0; i < 200000; i++ {
		if i > 0 {
			many.WriteByte(',')
		}
		fmt.Fprintf(&many, `{"address": "terraform_data.r[%d]", "mode": "managed", "type": "terraform_data", "name": "r", "index": %d, "change": {"actions": ["create"], "before": null, "after": {"input": "x"}}}`, i, i)
	}
	many.WriteString("]}")
	long := strings.Repeat("ab", 5<<20) // 10 MB per string
	wide := make(map[string]string, 300000)
	for i := 0; i < 300000; i++ {
		wide[fmt.Sprintf("k%d", i)] = "v"
	}
	wideJSON, _ := json.Marshal(wide)
	for _, tc := range []struct{ name, plan string }{
		{"200k resource changes", many.String()},
		{"long strings", `{"format_version": "1.2", "resource_changes": [` +
			`{"address": "aws_s3_bucket.` + long[:1<<20] + `", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "change": {"actions": ["delete"], "before": {"bucket": "` + long + `", "tags": {"` + long + `": "` + long + `"}}, "after": null}}]}`},
		{"long sensitive string", `{"format_version": "1.2", "resource_changes": [` +
			`{"address": "aws_db_instance.d", "mode": "managed", "type": "aws_db_instance", "name": "d", "change": {"actions": ["update"], "before": {"identifier": "d", "password": "` + long + `"}, "after": {"identifier": "d", "password": "` + long + `"}, "before_sensitive": {"password": true}, "after_sensitive": {"password": true}}}]}`},
		{"300k-key object", `{"format_version": "1.2", "resource_changes": [{"address": "aws_instance.w", "mode": "managed", "type": "aws_instance", "name": "w", "change": {"actions": ["create"], "before": null, "after": {"tags": ` + string(wideJSON) + `}}}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			put(t, "plan.json", tc.plan)
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "check", "--format", "json", "--output", "report.json", "--timeout", timeout.String(), "plan.json")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			err := cmd.Run()
			took := time.Since(start)
			code := cmd.ProcessState.ExitCode()
			peakMB := int64(0)
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				peakMB = ru.Maxrss >> 10 // KB on Linux
			}
			t.Logf("%s: exit %d in %s, peak RSS %d MB, plan %d MB", tc.name, code, took.Round(time.Millisecond), peakMB, len(tc.plan)>>20)
			if ctx.Err() != nil {
				t.Fatalf("still running after %s with --timeout %s: killed (%v)", deadline, timeout, err)
			}
			noCrash(t, stdout.String(), stderr.String())
			switch code {
			case 0, 1:
				b, err := os.ReadFile("report.json")
				if err != nil || !json.Valid(b) {
					t.Fatalf("report: %v", err)
				}
			case 2:
				if stderr.String() != "opexlint: policy evaluation did not finish within --timeout "+timeout.String()+"\n" {
					t.Fatalf("exit 2 for another reason: %s", stderr.String())
				}
			default:
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if peakMB > limitMB {
				t.Errorf("peak memory %d MB exceeds %d MB", peakMB, limitMB)
			}
		})
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// builtBinary builds opexlint once per test process.
func builtBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "opexlint-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "opexlint")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = testDir
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// TestDeterministicOutput (issue 5 item 5): the same input gives byte-identical output in
// every format across 20 runs, and across GOMAXPROCS 1, 2 and 8 in the built binary. Inputs:
// a configuration directory (HCL mode) with findings in several files, a module with
// for_each, count instances, a current and an expired inline waiver, plus a config-file
// waiver; and the secrets plan located through that directory. The dump policy prints the
// whole input, so any map-order or masking nondeterminism shows up in the messages.
func TestDeterministicOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command 276 times")
	}
	bin := builtBinary(t)
	t.Chdir(t.TempDir())
	put(t, ".opexlint.hcl", "fail_on = \"low\"\nwaiver {\n  rule    = \"missing-prevent-destroy\"\n  address = \"module.store.**\"\n  reason  = \"stores are rebuilt from the event log\"\n}\n")
	tf := abs(t, "testdata/hardening/determinism")
	pol := abs(t, secretsDir+"/policy")
	for _, input := range []struct {
		name string
		args []string
	}{
		{"hcl", []string{"--policy", pol, tf}},
		{"plan", []string{"--policy", pol, "--dir", tf, abs(t, secretsDir+"/plan.json")}},
	} {
		for _, format := range report.Formats {
			t.Run(input.name+"/"+format, func(t *testing.T) {
				args := append([]string{"check", "--format", format}, input.args...)
				var first string
				for i := 0; i < 20; i++ {
					code, out, errOut := runCmd(t, args...)
					if code != 1 {
						t.Fatalf("run %d: exit %d: %s", i, code, errOut)
					}
					if i == 0 {
						first = out
						if !strings.Contains(first, "dump-everything") || !strings.Contains(first, "missing-prevent-destroy") {
							t.Fatalf("report lacks the expected findings:\n%s", first)
						}
						continue
					}
					if out != first {
						t.Fatalf("run %d differs from run 0:\n%s\n---\n%s", i, first, out)
					}
				}
				for _, procs := range []string{"1", "2", "8"} {
					cmd := exec.Command(bin, args...)
					cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs)
					var stdout, stderr bytes.Buffer
					cmd.Stdout, cmd.Stderr = &stdout, &stderr
					err := cmd.Run()
					if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 {
						t.Fatalf("GOMAXPROCS=%s: %v: %s", procs, err, stderr.String())
					}
					if stdout.String() != first {
						t.Fatalf("GOMAXPROCS=%s differs from the in-process run:\n%s\n---\n%s", procs, first, stdout.String())
					}
				}
			})
		}
	}
}

// TestMain removes the binary builtBinary made.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
