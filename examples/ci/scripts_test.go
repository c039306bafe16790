package ci_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// scripts are the shell scripts shipped for CI, relative to the root, with the shell that runs them.
var scripts = map[string]string{
	"scripts/action/install.sh":                     "bash",
	"scripts/action/run.sh":                         "bash",
	"scripts/action/comment.sh":                     "bash",
	"scripts/pre-commit/opexlint.sh":                "bash",
	"examples/ci/gitlab-ci/opexlint-codequality.sh": "sh",
}

func need(t *testing.T, cmds ...string) {
	t.Helper()
	for _, c := range cmds {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("%s is not installed", c)
		}
	}
}

func TestScriptsSyntax(t *testing.T) {
	need(t, "bash", "sh")
	for rel, shell := range scripts {
		path := filepath.Join(root(t), rel)
		st, err := os.Stat(path)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		if st.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable", rel)
		}
		if out, err := exec.Command(shell, "-n", path).CombinedOutput(); err != nil {
			t.Errorf("%s -n %s: %v\n%s", shell, rel, err, out)
		}
		// shellcheck, where installed, catches quoting and portability mistakes bash -n cannot.
		if sc, err := exec.LookPath("shellcheck"); err == nil {
			if out, err := exec.Command(sc, "--shell="+shell, path).CombinedOutput(); err != nil {
				t.Errorf("shellcheck %s: %v\n%s", rel, err, out)
			}
		}
	}
}

// writeExe writes an executable script.
func writeExe(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// fakeOpexlint records each call's arguments, one call per line with arguments separated by
// tabs, in $FAKE_LOG. `check` writes "<format> report" to --output (or stdout) — a JSON document
// for --format json — and exits with $FAKE_EXIT, or with $FAKE_EXIT_<dir> for a directory PATH.
const fakeOpexlint = `#!/usr/bin/env bash
(IFS=$'\t'; echo "$*") >>"$FAKE_LOG"
[ "$1" = version ] && { echo "opexlint fake"; exit 0; }
shift
format=text output= path=
while [ $# -gt 0 ]; do
	case "$1" in
	--format) format=$2; shift 2 ;;
	--output) output=$2; shift 2 ;;
	--*) shift 2 ;;
	*) path=$1; shift ;;
	esac
done
if [ "$format" = json ]; then
	report='{"findings":[{"rule_id":"large-batch","waived":false},{"rule_id":"missing-owner","waived":true},{"rule_id":"stateful-delete","waived":false}]}'
elif [ "$format" = markdown ]; then
	report=$'<!-- opexlint -->\n### opexlint report'
elif [ "$format" = github ]; then
	report=$'::error file=main.tf,line=3,title=large-batch%3A t::m\n::error title=plan-wide::m'
elif [ "$format" = sarif ]; then
	report='{"version":"2.1.0","runs":[{"results":[{"locations":[{"physicalLocation":{"artifactLocation":{"uri":"main.tf","uriBaseId":"%SRCROOT%"}}}]}]}]}'
else
	report="$format report"
fi
if [ -n "$output" ]; then echo "$report" >"$output"; else echo "$report"; fi
key=FAKE_EXIT_$(echo "$path" | tr -c 'A-Za-z0-9\n' '_')
exit "${!key:-${FAKE_EXIT:-0}}"
`

type calls [][]string

func readCalls(t *testing.T, log string) calls {
	t.Helper()
	b, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out calls
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if line != "" {
			out = append(out, strings.Split(line, "\t"))
		}
	}
	return out
}

// run runs a script with env added to a minimal environment and returns its status and output.
func runScript(t *testing.T, dir string, env []string, name string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{name}, args...)...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LC_ALL=C"}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			return ee.ExitCode(), stdout.String(), stderr.String()
		}
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

func assertContractCalls(t *testing.T, cs calls) {
	t.Helper()
	for _, c := range cs {
		if len(c) == 0 || c[0] != "check" {
			continue
		}
		for _, p := range checkInvocation(c[1:]) {
			t.Errorf("opexlint %s: %s", strings.Join(c, " "), p)
		}
	}
}

func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("GITHUB_OUTPUT line %q is not name=value", line)
		}
		out[k] = v
	}
	return out
}

func TestActionRunScript(t *testing.T) {
	need(t, "bash", "jq")
	runSh := filepath.Join(root(t), "scripts/action/run.sh")
	type tc struct {
		name       string
		env        []string
		wantStatus int
		wantExit   string
		check      func(t *testing.T, cs calls, outputs map[string]string, summary, stdout string)
	}
	for _, c := range []tc{{
		name: "plan with findings",
		env: []string{
			"FAKE_EXIT=1", "INPUT_PATH=plan.json", "INPUT_DIR=.", "INPUT_FORMAT=github",
			"INPUT_REPORTS=json, junit", "INPUT_FAIL_ON=medium", "INPUT_ENVIRONMENT=production",
			"INPUT_CONFIG=ci/.opexlint.hcl", "INPUT_POLICY=policy/team,\n policy/org \n",
			"INPUT_PARAMS=max_changes=40\n\n owner_tags=[\"owner\", \"team\"] \n",
			"INPUT_UPLOAD_SARIF=true", "INPUT_COMMENT=true", "INPUT_SUMMARY=true",
		},
		wantExit: "1",
		check: func(t *testing.T, cs calls, out map[string]string, summary, stdout string) {
			// version, the log run, then one run per report file in a fixed order.
			for _, c := range cs[1:] {
				if c[len(c)-1] != "plan.json" {
					t.Errorf("PATH = %q, want plan.json", c[len(c)-1])
				}
			}
			wantFlags := []string{"check", "--dir", ".", "--config", "ci/.opexlint.hcl", "--policy", "policy/team",
				"--policy", "policy/org", "--fail-on", "medium", "--environment", "production",
				"--param", "max_changes=40", "--param", `owner_tags=["owner", "team"]`, "--format", "github", "plan.json"}
			if !reflect.DeepEqual(cs[1], wantFlags) {
				t.Errorf("log run:\n got %q\nwant %q", cs[1], wantFlags)
			}
			var reportFormats []string
			for _, c := range cs[2:] {
				for i := range c {
					if c[i] == "--format" {
						reportFormats = append(reportFormats, c[i+1])
					}
				}
			}
			if strings.Join(reportFormats, ",") != "json,sarif,junit,markdown" {
				t.Errorf("report runs %v, want json,sarif,junit,markdown", reportFormats)
			}
			for _, k := range []string{"sarif-file", "markdown-file", "json-file", "junit-file"} {
				if _, err := os.Stat(out[k]); err != nil {
					t.Errorf("output %s = %q: %v", k, out[k], err)
				}
			}
			if out["findings"] != "2" {
				t.Errorf("findings = %q, want 2 (waived ones not counted)", out["findings"])
			}
			if !strings.HasPrefix(summary, "<!-- opexlint -->") {
				t.Errorf("step summary %q, want the Markdown report", summary)
			}
		},
	}, {
		name:     "clean directory, no extra reports",
		env:      []string{"INPUT_PATH=infra", "INPUT_FORMAT=text", "INPUT_REPORTS=", "INPUT_UPLOAD_SARIF=false", "INPUT_COMMENT=false", "INPUT_SUMMARY=false"},
		wantExit: "0",
		check: func(t *testing.T, cs calls, out map[string]string, summary, stdout string) {
			if len(cs) != 2 || strings.Join(cs[1], " ") != "check --format text infra" {
				t.Errorf("calls %q, want version and one check of infra", cs)
			}
			if out["sarif-file"] != "" || out["markdown-file"] != "" || out["findings"] != "" {
				t.Errorf("outputs %v: no report files were asked for", out)
			}
			if summary != "" {
				t.Errorf("summary %q, want none", summary)
			}
		},
	}, {
		name: "paths from the repository root",
		env: []string{"INPUT_PATH=plan.json", "INPUT_DIR=infra", "INPUT_FORMAT=github", "INPUT_REPORTS=github",
			"INPUT_UPLOAD_SARIF=true", "INPUT_COMMENT=false", "INPUT_SUMMARY=false", "GITHUB_WORKSPACE=.."},
		wantExit: "0",
		check: func(t *testing.T, cs calls, out map[string]string, summary, stdout string) {
			sarif, err := os.ReadFile(out["sarif-file"])
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Runs []struct {
					Results []struct {
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct {
									URI string `json:"uri"`
								} `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(sarif, &doc); err != nil {
				t.Fatal(err)
			}
			// The work directory is <tmp>/repo and GITHUB_WORKSPACE its parent: the prefix is repo/infra.
			if !strings.Contains(stdout, "::error file=repo/infra/main.tf,line=3,") {
				t.Errorf("job log %q: want the annotation's file from the repository root", stdout)
			}
			if uri := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "repo/infra/main.tf" {
				t.Errorf("SARIF uri %q, want repo/infra/main.tf", uri)
			}
			gh, err := os.ReadFile(filepath.Join(filepath.Dir(out["sarif-file"]), "opexlint-github.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if want := "::error file=repo/infra/main.tf,line=3,title=large-batch%3A t::m\n::error title=plan-wide::m\n"; string(gh) != want {
				t.Errorf("github report %q, want %q", gh, want)
			}
		},
	}, {
		name:       "opexlint error",
		env:        []string{"FAKE_EXIT=2", "INPUT_PATH=plan.json", "INPUT_UPLOAD_SARIF=true"},
		wantStatus: 2,
	}, {
		name:       "unknown report format",
		env:        []string{"INPUT_PATH=plan.json", "INPUT_REPORTS=json,yaml"},
		wantStatus: 2,
	}, {
		name:       "bad param",
		env:        []string{"INPUT_PATH=plan.json", "INPUT_PARAMS=max_changes"},
		wantStatus: 2,
	}, {
		name:       "missing path",
		env:        []string{"INPUT_PATH=nope.json"},
		wantStatus: 2,
	}} {
		t.Run(c.name, func(t *testing.T) {
			work := filepath.Join(t.TempDir(), "repo")
			for _, p := range []string{"plan.json", "infra/main.tf"} {
				writeExe(t, filepath.Join(work, p), "{}")
			}
			fake := filepath.Join(t.TempDir(), "opexlint")
			writeExe(t, fake, fakeOpexlint)
			log := filepath.Join(t.TempDir(), "calls")
			outputs := filepath.Join(t.TempDir(), "outputs")
			summary := filepath.Join(t.TempDir(), "summary")
			env := append([]string{"OPEXLINT=" + fake, "FAKE_LOG=" + log, "GITHUB_OUTPUT=" + outputs,
				"GITHUB_STEP_SUMMARY=" + summary, "RUNNER_TEMP=" + t.TempDir()}, c.env...)
			status, stdout, stderr := runScript(t, work, env, runSh)
			if status != c.wantStatus {
				t.Fatalf("status %d, want %d\nstdout: %s\nstderr: %s", status, c.wantStatus, stdout, stderr)
			}
			cs := readCalls(t, log)
			assertContractCalls(t, cs)
			if c.wantStatus != 0 {
				if !strings.Contains(stderr, "::error title=opexlint::") {
					t.Errorf("stderr %q: want one ::error:: line", stderr)
				}
				return
			}
			out := readOutputs(t, outputs)
			if out["exit-code"] != c.wantExit {
				t.Errorf("exit-code = %q, want %q", out["exit-code"], c.wantExit)
			}
			s, _ := os.ReadFile(summary)
			c.check(t, cs, out, string(s), stdout)
		})
	}
}

// fakeGh emulates `gh api` for comment.sh: a list request answers from $FAKE_COMMENTS through the
// real jq and its --jq filter; PATCH and POST copy their --input to $FAKE_DIR/<n>.json. Every call
// is logged to $FAKE_DIR/calls. $FAKE_FAIL makes every call fail.
const fakeGh = `#!/usr/bin/env bash
(IFS=$'\t'; echo "$*") >>"$FAKE_DIR/calls"
[ -z "${FAKE_FAIL:-}" ] || { echo "HTTP 403: Resource not accessible by integration" >&2; exit 1; }
[ "$1" = api ] || exit 64
shift
method=GET filter=. input= endpoint=
while [ $# -gt 0 ]; do
	case "$1" in
	--method) method=$2; shift 2 ;;
	--jq) filter=$2; shift 2 ;;
	--input) input=$2; shift 2 ;;
	--paginate) shift ;;
	*) endpoint=$1; shift ;;
	esac
done
[ -n "$GH_TOKEN" ] || { echo "no GH_TOKEN" >&2; exit 4; }
if [ "$method" = GET ]; then
	jq -r "$filter" "$FAKE_COMMENTS"
else
	n=$(wc -l <"$FAKE_DIR/calls")
	cp "$input" "$FAKE_DIR/$n.json"
	echo '{"id": 1}'
fi
`

func TestActionCommentScript(t *testing.T) {
	need(t, "bash", "jq")
	commentSh := filepath.Join(root(t), "scripts/action/comment.sh")
	report := "<!-- opexlint -->\n### ❌ opexlint failed\n\n| Rule | Message |\n| --- | --- |\n| large-batch | 14 \\| changes |\n"
	existing := `[
	  {"id": 11, "body": "LGTM"},
	  {"id": 12, "body": "<!-- opexlint -->\n### ✅ opexlint passed"},
	  {"id": 13, "body": "<!-- opexlint key=network -->\n<!-- opexlint -->\nnetwork stack"},
	  {"id": 14, "body": "<!-- opexlint -->\nan even later duplicate"}
	]`
	event := `{"action": "synchronize", "pull_request": {"number": 42}}`

	type tc struct {
		name       string
		comments   string
		env        []string
		big        bool
		wantStatus int
		wantCalls  []string // method and endpoint of the write, or "" for none
		wantBody   func(t *testing.T, body string)
	}
	for _, c := range []tc{{
		name:      "first run posts",
		comments:  `[{"id": 11, "body": "LGTM"}]`,
		wantCalls: []string{"POST repos/acme/infra/issues/42/comments"},
		wantBody: func(t *testing.T, body string) {
			if body != report {
				t.Errorf("body %q, want the report unchanged", body)
			}
		},
	}, {
		name:      "later run updates the oldest marked comment",
		comments:  existing,
		wantCalls: []string{"PATCH repos/acme/infra/issues/comments/12"},
	}, {
		name:      "comment key keeps stacks apart",
		comments:  existing,
		env:       []string{"COMMENT_KEY=network"},
		wantCalls: []string{"PATCH repos/acme/infra/issues/comments/13"},
		wantBody: func(t *testing.T, body string) {
			if !strings.HasPrefix(body, "<!-- opexlint key=network -->\n<!-- opexlint -->\n") {
				t.Errorf("body %q, want the key marker first", body)
			}
		},
	}, {
		name:      "a new key posts its own comment",
		comments:  existing,
		env:       []string{"COMMENT_KEY=payments"},
		wantCalls: []string{"POST repos/acme/infra/issues/42/comments"},
	}, {
		name:      "explicit pull request number",
		comments:  `[]`,
		env:       []string{"PR_NUMBER=7", "GITHUB_EVENT_PATH="},
		wantCalls: []string{"POST repos/acme/infra/issues/7/comments"},
	}, {
		name:     "not a pull request",
		comments: `[]`,
		env:      []string{"GITHUB_EVENT_PATH="},
	}, {
		name:      "report too long for a comment",
		comments:  `[]`,
		big:       true,
		wantCalls: []string{"POST repos/acme/infra/issues/42/comments"},
		wantBody: func(t *testing.T, body string) {
			if len(body) > 65536 {
				t.Errorf("body is %d bytes, over GitHub's limit", len(body))
			}
			if strings.Count(body, "<details>") != strings.Count(body, "</details>") {
				t.Error("the cut left a <details> open")
			}
			if !strings.Contains(body, "This report was cut") {
				t.Error("the cut is not stated")
			}
		},
	}, {
		name:     "read-only token warns",
		comments: `[]`,
		env:      []string{"FAKE_FAIL=1"},
	}, {
		name:       "read-only token fails when strict",
		comments:   `[]`,
		env:        []string{"FAKE_FAIL=1", "COMMENT_STRICT=true"},
		wantStatus: 1,
	}, {
		name:       "bad key",
		comments:   `[]`,
		env:        []string{"COMMENT_KEY=a b"},
		wantStatus: 2,
	}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			writeExe(t, filepath.Join(bin, "gh"), fakeGh)
			for name, content := range map[string]string{"comments.json": c.comments, "event.json": event} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			body := report
			if c.big {
				var b strings.Builder
				b.WriteString(report + "<details>\n<summary>waived</summary>\n\n")
				for b.Len() < 100000 {
					b.WriteString("| missing-owner | aws_sqs_queue.jobs has no owner tag |\n")
				}
				b.WriteString("</details>\n")
				body = b.String()
			}
			reportFile := filepath.Join(dir, "report.md")
			if err := os.WriteFile(reportFile, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			env := append([]string{
				"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
				"GITHUB_REPOSITORY=acme/infra", "GH_TOKEN=t0ken", "FAKE_DIR=" + dir,
				"FAKE_COMMENTS=" + filepath.Join(dir, "comments.json"),
				"GITHUB_EVENT_PATH=" + filepath.Join(dir, "event.json"),
			}, c.env...)
			status, stdout, stderr := runScript(t, dir, env, commentSh, reportFile)
			if status != c.wantStatus {
				t.Fatalf("status %d, want %d\nstdout: %s\nstderr: %s", status, c.wantStatus, stdout, stderr)
			}
			cs := readCalls(t, filepath.Join(dir, "calls"))
			var writes []string
			for i, call := range cs {
				if len(call) > 2 && call[1] == "--method" {
					writes = append(writes, call[2]+" "+call[3])
					if c.wantBody != nil {
						b, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(i+1)+".json"))
						if err != nil {
							t.Fatal(err)
						}
						var payload struct {
							Body string `json:"body"`
						}
						if err := json.Unmarshal(b, &payload); err != nil {
							t.Fatalf("payload %s: %v", b, err)
						}
						c.wantBody(t, payload.Body)
					}
				} else if !strings.Contains(strings.Join(call, " "), "--paginate repos/acme/infra/issues/") {
					t.Errorf("unexpected gh call %q", call)
				}
			}
			if !reflect.DeepEqual(writes, c.wantCalls) && !(len(writes) == 0 && len(c.wantCalls) == 0) {
				t.Errorf("writes %q, want %q", writes, c.wantCalls)
			}
			if strings.Contains(c.name, "warns") && !strings.Contains(stderr, "::warning title=opexlint::") {
				t.Errorf("stderr %q: want a ::warning::", stderr)
			}
		})
	}
}

func TestPreCommitWrapper(t *testing.T) {
	need(t, "bash")
	wrapper := filepath.Join(root(t), "scripts/pre-commit/opexlint.sh")
	work := t.TempDir()
	for _, f := range []string{"main.tf", "variables.tf", "modules/db/main.tf", "modules/db/outputs.tf", "modules/net/main.tf", "README.md"} {
		writeExe(t, filepath.Join(work, f), "")
	}
	fake := filepath.Join(t.TempDir(), "opexlint")
	writeExe(t, fake, fakeOpexlint)

	for _, c := range []struct {
		name       string
		args       []string
		env        []string
		wantStatus int
		wantCalls  []string
	}{{
		name:      "one run per directory, sorted, flags first",
		args:      []string{"--fail-on", "medium", "modules/net/main.tf", "main.tf", "modules/db/main.tf", "variables.tf", "modules/db/outputs.tf"},
		wantCalls: []string{"check --fail-on medium .", "check --fail-on medium modules/db", "check --fail-on medium modules/net"},
	}, {
		name:      "findings in one directory fail the hook",
		args:      []string{"main.tf", "modules/db/main.tf"},
		env:       []string{"FAKE_EXIT_modules_db=1"},
		wantCalls: []string{"check .", "check modules/db"},
		// The other directory is still linted.
		wantStatus: 1,
	}, {
		name:       "an error wins over findings",
		args:       []string{"main.tf", "modules/db/main.tf"},
		env:        []string{"FAKE_EXIT__=2", "FAKE_EXIT_modules_db=1"},
		wantCalls:  []string{"check .", "check modules/db"},
		wantStatus: 2,
	}, {
		name: "no .tf files",
		args: []string{"--fail-on", "low", "README.md"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "calls")
			env := append([]string{"OPEXLINT=" + fake, "FAKE_LOG=" + log}, c.env...)
			status, stdout, stderr := runScript(t, work, env, wrapper, c.args...)
			if status != c.wantStatus {
				t.Fatalf("status %d, want %d\nstdout: %s\nstderr: %s", status, c.wantStatus, stdout, stderr)
			}
			cs := readCalls(t, log)
			assertContractCalls(t, cs)
			var got []string
			for _, call := range cs {
				got = append(got, strings.Join(call, " "))
			}
			if !reflect.DeepEqual(got, c.wantCalls) && !(len(got) == 0 && len(c.wantCalls) == 0) {
				t.Errorf("calls %q, want %q", got, c.wantCalls)
			}
		})
	}

	t.Run("opexlint found on PATH", func(t *testing.T) {
		bin := t.TempDir()
		writeExe(t, filepath.Join(bin, "opexlint"), fakeOpexlint)
		log := filepath.Join(t.TempDir(), "calls")
		env := []string{"FAKE_LOG=" + log}
		cmd := exec.Command("bash", wrapper, "main.tf")
		cmd.Dir = work
		cmd.Env = append([]string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if cs := readCalls(t, log); len(cs) != 1 || strings.Join(cs[0], " ") != "check ." {
			t.Errorf("calls %q", cs)
		}
	})
}

// fakeGo records its arguments and, for build -o and install, writes an opexlint that answers
// `version` with the -X main.version value it was given.
const fakeGo = `#!/usr/bin/env bash
(IFS=$'\t'; echo "$PWD	$*") >>"$FAKE_LOG"
out= ver=dev
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[i]}" in
	-o) out=${args[i+1]} ;;
	-ldflags) ver=${args[i+1]##*=} ;;
	esac
done
[ "$1" = install ] && out="$GOBIN/opexlint"
[ -z "$FAKE_GO_FAIL" ] || exit 1
printf '#!/bin/sh\necho "opexlint %s"\n' "$ver" >"$out"
chmod +x "$out"
`

func TestActionInstallScript(t *testing.T) {
	need(t, "bash")
	install := filepath.Join(root(t), "scripts/action/install.sh")
	action := t.TempDir()
	writeExe(t, filepath.Join(action, "lint/cmd/opexlint/main.go"), "package main\n")
	for _, c := range []struct {
		name, version string
		env           []string
		wantStatus    int
		want          string // the recorded go command, without the directory
		wantDir       string
	}{
		{name: "from the action's checkout", version: "", env: []string{"ACTION_REF=v0.3.0"},
			want: "build -trimpath -ldflags -X main.version=v0.3.0 -o {bin}/opexlint ./lint/cmd/opexlint", wantDir: action},
		{name: "a release", version: "0.3.1",
			want: "install -trimpath -ldflags -X main.version=v0.3.1 github.com/opexhq/terraform-provider-opex/lint/cmd/opexlint@v0.3.1"},
		{name: "a branch", version: "main",
			want: "install -trimpath -ldflags -X main.version=main github.com/opexhq/terraform-provider-opex/lint/cmd/opexlint@main"},
		{name: "latest", version: "latest",
			want: "install -trimpath -ldflags -X main.version=latest github.com/opexhq/terraform-provider-opex/lint/cmd/opexlint@latest"},
		{name: "injection attempt", version: "v1; rm -rf /", wantStatus: 2},
		{name: "build failure", version: "v9.9.9", env: []string{"FAKE_GO_FAIL=1"}, wantStatus: 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			bin := t.TempDir()
			writeExe(t, filepath.Join(bin, "go"), fakeGo)
			temp := t.TempDir()
			log := filepath.Join(t.TempDir(), "calls")
			outputs := filepath.Join(t.TempDir(), "outputs")
			ghPath := filepath.Join(t.TempDir(), "path")
			env := append([]string{
				"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
				"VERSION=" + c.version, "ACTION_PATH=" + action, "RUNNER_TEMP=" + temp,
				"GITHUB_OUTPUT=" + outputs, "GITHUB_PATH=" + ghPath, "FAKE_LOG=" + log,
			}, c.env...)
			status, stdout, stderr := runScript(t, t.TempDir(), env, install)
			if status != c.wantStatus {
				t.Fatalf("status %d, want %d\nstdout: %s\nstderr: %s", status, c.wantStatus, stdout, stderr)
			}
			if c.wantStatus != 0 {
				return
			}
			cs := readCalls(t, log)
			binDir := filepath.Join(temp, "opexlint-bin")
			want := strings.ReplaceAll(c.want, "{bin}", binDir)
			if len(cs) != 1 || strings.Join(cs[0][1:], " ") != want {
				t.Fatalf("go calls %q, want %q", cs, want)
			}
			if c.wantDir != "" && cs[0][0] != c.wantDir {
				t.Errorf("go ran in %s, want %s", cs[0][0], c.wantDir)
			}
			if p, _ := os.ReadFile(ghPath); strings.TrimSpace(string(p)) != binDir {
				t.Errorf("GITHUB_PATH got %q, want %s", p, binDir)
			}
			if out := readOutputs(t, outputs); out["opexlint"] != filepath.Join(binDir, "opexlint") {
				t.Errorf("output opexlint = %q", out["opexlint"])
			}
			if !strings.Contains(stdout, "opexlint ") {
				t.Errorf("stdout %q: want the installed version", stdout)
			}
		})
	}
}

func TestGitLabCodeQualityConversion(t *testing.T) {
	need(t, "sh", "jq", "md5sum")
	script := filepath.Join(root(t), "examples/ci/gitlab-ci/opexlint-codequality.sh")
	dir := t.TempDir()
	report := `{"schema_version": "1.0", "tool": {"name": "opexlint", "version": "t"}, "summary": {}, "findings": [
	  {"rule_id": "stateful-delete", "severity": "critical", "title": "t", "message": "db replaced", "principle": "p", "focus_area": "prepare",
	   "address": "module.db.aws_db_instance.main", "file": "modules/db/main.tf", "line": 12, "waived": false},
	  {"rule_id": "large-batch", "severity": "high", "title": "t", "message": "14 changes", "principle": "p", "focus_area": "prepare", "waived": false},
	  {"rule_id": "missing-alarm", "severity": "medium", "title": "t", "message": "no alarm", "principle": "p", "focus_area": "operate",
	   "address": "aws_sqs_queue.jobs", "file": "queues.tf", "line": 3, "waived": false},
	  {"rule_id": "imperative-provisioner", "severity": "low", "title": "t", "message": "local-exec", "principle": "p", "focus_area": "prepare",
	   "address": "terraform_data.migrate", "waived": false},
	  {"rule_id": "missing-owner", "severity": "medium", "title": "t", "message": "no owner", "principle": "p", "focus_area": "organization",
	   "address": "aws_sqs_queue.jobs", "file": "queues.tf", "line": 3, "waived": true, "waiver_reason": "r"}
	]}`
	in := filepath.Join(dir, "opexlint.json")
	if err := os.WriteFile(in, []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	convert := func(args ...string) []map[string]any {
		out, err := exec.Command("sh", append([]string{script, in}, args...)...).Output()
		if err != nil {
			t.Fatalf("%v", err)
		}
		var issues []map[string]any
		if err := json.Unmarshal(out, &issues); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return issues
	}
	issues := convert("infra/")
	if len(issues) != 4 {
		t.Fatalf("%d issues, want 4 (the waived finding left out)", len(issues))
	}
	type want struct{ check, severity, path string }
	wants := []want{
		{"stateful-delete", "blocker", "infra/modules/db/main.tf"},
		{"large-batch", "critical", "infra"},
		{"missing-alarm", "major", "infra/queues.tf"},
		{"imperative-provisioner", "minor", "infra"},
	}
	fingerprints := map[string]bool{}
	for i, w := range wants {
		is := issues[i]
		loc := is["location"].(map[string]any)
		if is["check_name"] != w.check || is["severity"] != w.severity || loc["path"] != w.path {
			t.Errorf("issue %d = %v, want %+v", i, is, w)
		}
		fp, _ := is["fingerprint"].(string)
		if len(fp) != 32 || fingerprints[fp] {
			t.Errorf("issue %d fingerprint %q: want a distinct MD5", i, fp)
		}
		fingerprints[fp] = true
		if d, _ := is["description"].(string); !strings.HasPrefix(d, "["+w.check+"] ") {
			t.Errorf("issue %d description %q", i, d)
		}
	}
	if begin := issues[0]["location"].(map[string]any)["lines"].(map[string]any)["begin"]; begin != float64(12) {
		t.Errorf("lines.begin = %v, want 12", begin)
	}
	// Stable across runs, and independent of the path prefix.
	again := convert(".")
	if again[0]["fingerprint"] != issues[0]["fingerprint"] {
		t.Error("fingerprints differ between runs")
	}
	if p := again[0]["location"].(map[string]any)["path"]; p != "modules/db/main.tf" {
		t.Errorf("path without prefix = %v", p)
	}
	// Not an opexlint report: exit 2 with one line.
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"runs": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", script, bad).CombinedOutput()
	if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 2 || strings.Count(string(out), "\n") != 1 {
		t.Errorf("bad report: %v, %q; want exit 2 and one line", err, out)
	}
}
