package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint"
)

// noCrash fails when any output carries a Go panic or stack trace: every error must be one line.
func noCrash(t *testing.T, outputs ...string) {
	t.Helper()
	for _, s := range outputs {
		if strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") || strings.Contains(s, ".go:") {
			t.Fatalf("output carries a panic or stack trace:\n%s", s)
		}
	}
}

// put writes name (with parents) under the working directory.
func put(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func zipFile(t *testing.T, name string, entries ...string) {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.Create(e)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("not terraform"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	put(t, name, b.String())
}

// meta is the METADATA header every test rule needs; %s is its id.
const meta = `# METADATA
# title: T
# custom:
#   id: %s
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
`

func policy(t *testing.T, dir, id, body string) {
	t.Helper()
	pkg := strings.ReplaceAll(id, "-", "_")
	put(t, filepath.Join(dir, "policy.rego"), strings.Replace(meta, "%s", id, 1)+"package opex.rules."+pkg+"\n\n"+body)
}

// knownParams lists the embedded library's parameters as the --param error does (sorted).
func knownParams(t *testing.T) string {
	t.Helper()
	s, err := lint.LoadSettings(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range s.Engine.KnownParams() {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

const okPlan = `{"format_version": "1.2", "resource_changes": []}`

// TestMalformedInput (issue 5 item 2): each broken input, configuration, policy or flag gives
// exit 2 and exactly one line on stderr, never a panic. The message is pinned: it is the
// user-facing contract of what went wrong and where.
func TestMalformedInput(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	slow := filepath.Join(testDir, "../../engine/testdata/slow")
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T)
		args  []string
		want  string // the whole first (and only) line of stderr, without "opexlint: "
	}{
		{"empty file", func(t *testing.T) { put(t, "empty.json", "") }, []string{"empty.json"},
			"empty.json: empty file, expected plan JSON from `terraform show -json`"},
		{"whitespace only", func(t *testing.T) { put(t, "blank.json", " \n\t\n") }, []string{"blank.json"},
			"blank.json: empty file, expected plan JSON from `terraform show -json`"},
		{"not JSON", func(t *testing.T) { put(t, "text.json", "Terraform will perform the following actions:\n") }, []string{"text.json"},
			"text.json:1:1: not valid JSON: invalid character 'T' looking for beginning of value"},
		{"JSON array", func(t *testing.T) { put(t, "array.json", `[{"format_version": "1.2"}]`) }, []string{"array.json"},
			"array.json: not a plan: the top-level JSON value is an array, expected an object (output of `terraform show -json`)"},
		{"JSON string", func(t *testing.T) { put(t, "string.json", `"plan"`) }, []string{"string.json"},
			"string.json: not a plan: the top-level JSON value is a string, expected an object (output of `terraform show -json`)"},
		{"JSON null", func(t *testing.T) { put(t, "null.json", "null\n") }, []string{"null.json"},
			"null.json: not a plan: the top-level JSON value is null, expected an object (output of `terraform show -json`)"},
		{"truncated", func(t *testing.T) { put(t, "trunc.json", "{\"format_version\": \"1.2\",\n \"resource_changes\": [") }, []string{"trunc.json"},
			"trunc.json:2:23: truncated JSON: unexpected end of input"},
		{"trailing data", func(t *testing.T) { put(t, "two.json", okPlan+"\n"+okPlan) }, []string{"two.json"},
			"two.json:2:1: not valid JSON: unexpected data after the top-level value"},
		{"invalid UTF-8", func(t *testing.T) {
			put(t, "latin1.json", "{\"format_version\": \"1.2\",\n \"variables\": {\"v\": {\"value\": \"caf\xe9\"}}}")
		}, []string{"latin1.json"}, "latin1.json:2:35: invalid UTF-8 (byte 0xe9)"},
		{"UTF-16", func(t *testing.T) { put(t, "utf16.json", "\xff\xfe{\x00}\x00") }, []string{"utf16.json"},
			"utf16.json: the file is UTF-16 encoded (PowerShell redirection?); write it as UTF-8, e.g. `terraform show -json plan | Out-File -Encoding utf8 plan.json`"},
		{"10000-deep nesting", func(t *testing.T) {
			put(t, "deep.json", `{"format_version": "1.2", "x": `+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"}")
		}, []string{"deep.json"}, "deep.json:1:543: JSON nested deeper than 512 levels"},
		{"format_version 2.0", func(t *testing.T) { put(t, "v2.json", `{"format_version": "2.0", "resource_changes": []}`) }, []string{"v2.json"},
			`v2.json: unsupported plan format_version "2.0": opexlint reads format versions 0.x and 1.x`},
		{"no format_version", func(t *testing.T) { put(t, "nofv.json", `{"resource_changes": []}`) }, []string{"nofv.json"},
			"nofv.json: not a plan: no format_version (expected the output of `terraform show -json`)"},
		{"format_version a number", func(t *testing.T) { put(t, "fvnum.json", `{"format_version": 1.2}`) }, []string{"fvnum.json"},
			"fvnum.json: format_version: expected a string, got a number"},
		{"format_version garbage", func(t *testing.T) { put(t, "fvbad.json", `{"format_version": "latest"}`) }, []string{"fvbad.json"},
			`fvbad.json: format_version: invalid version "latest", expected major.minor`},
		{"resource_changes an object", func(t *testing.T) {
			put(t, "rcobj.json", `{"format_version": "1.2", "resource_changes": {"a.b": {}}}`)
		}, []string{"rcobj.json"}, "rcobj.json: resource_changes: expected an array, got an object"},
		{"resource_changes item a string", func(t *testing.T) {
			put(t, "rcstr.json", `{"format_version": "1.2", "resource_changes": ["aws_s3_bucket.logs"]}`)
		}, []string{"rcstr.json"}, "rcstr.json: resource_changes[0]: expected an object, got a string"},
		{"actions a string", func(t *testing.T) {
			put(t, "actstr.json", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": "create"}}]}`)
		}, []string{"actstr.json"}, "actstr.json: resource_changes[0].change.actions: expected an array of strings, got a string"},
		{"action a number", func(t *testing.T) {
			put(t, "actnum.json", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": ["create"]}}, {"address": "a.c", "change": {"actions": [1]}}]}`)
		}, []string{"actnum.json"}, "actnum.json: resource_changes[1].change.actions[0]: expected a string, got a number"},
		{"planned_values an array", func(t *testing.T) { put(t, "pv.json", `{"format_version": "1.2", "planned_values": []}`) }, []string{"pv.json"},
			"pv.json: planned_values: expected an object, got an array"},
		{"encrypted OpenTofu plan", func(t *testing.T) {
			put(t, "enc.json", `{"encrypted_data": "AAAA", "encryption_version": "v0", "meta": {}}`)
		}, []string{"enc.json"}, "enc.json: an encrypted OpenTofu plan: pass the output of `tofu show -json` instead"},
		{"zip that is not a plan", func(t *testing.T) { zipFile(t, "site.zip", "index.html") }, []string{"site.zip"},
			"site.zip: not a plan: a zip archive without a tfplan entry (expected a file from `terraform plan -out`)"},
		{"corrupt zip", func(t *testing.T) { put(t, "broken.tfplan", "PK\x03\x04 this is not a zip archive") }, []string{"broken.tfplan"},
			"broken.tfplan: not a plan: a zip archive that cannot be read (zip: not a valid zip file)"},
		{"HCL syntax error", func(t *testing.T) {
			put(t, "hclbad/a.tf", "resource \"terraform_data\" \"a\" {}\n")
			put(t, "hclbad/b.tf", "resource \"terraform_data\" \"b\" {\n  input = \n}\n")
		}, []string{"hclbad"}, "hclbad/b.tf:2:11: Invalid expression"},
		{"HCL syntax errors in two files: all files are parsed", func(t *testing.T) {
			put(t, "hcltwo/a.tf", "resource \"terraform_data\" \"a\" {\n  input = [\n}\n")
			put(t, "hcltwo/b.tf", "resource \"terraform_data\" \"b\" {\n  input = \n}\n")
		}, []string{"hcltwo"}, "hcltwo/a.tf:3:1: Invalid expression (and 1 more)"},
		{"HCL syntax error in a local module", func(t *testing.T) {
			put(t, "hclmod/main.tf", "module \"m\" {\n  source = \"./m\"\n}\n")
			put(t, "hclmod/m/main.tf", "resource \"terraform_data\" \"x\" {\n  input = \"unterminated\n}\n")
		}, []string{"hclmod"}, "hclmod/m/main.tf:2:24: Invalid multi-line string (and 2 more)"},
		{"inline waiver with a bad date", func(t *testing.T) {
			put(t, "waivedate/main.tf", "# opex:ignore destroy-before-create until=2026-02-30 reason=\"x\"\nresource \"terraform_data\" \"a\" {}\n")
		}, []string{"waivedate"}, `waivedate/main.tf:1: malformed opex:ignore: until="2026-02-30" is not a date (expected YYYY-MM-DD)`},
		{"inline waiver of an unknown rule", func(t *testing.T) {
			put(t, "waiverule/main.tf", "# opex:ignore no-such-rule reason=\"x\"\nresource \"terraform_data\" \"a\" {}\n")
		}, []string{"waiverule"}, `waiverule/main.tf:1: # opex:ignore: unknown rule "no-such-rule" (run opexlint rules to list them)`},
		{"config with an unknown rule", func(t *testing.T) {
			put(t, "unknownrule.hcl", "fail_on = \"low\"\n\nrule \"no-such-rule\" {\n  enabled = false\n}\n")
		},
			[]string{"--config", "unknownrule.hcl", "ok.json"}, `unknownrule.hcl:3: unknown rule "no-such-rule" in rule block (run opexlint rules to list them)`},
		{"config waiver with a bad date", func(t *testing.T) {
			put(t, "baddate.hcl", "waiver {\n  rule   = \"destroy-before-create\"\n  reason = \"x\"\n  until  = \"31/01/2030\"\n}\n")
		}, []string{"--config", "baddate.hcl", "ok.json"}, `baddate.hcl:4: until = "31/01/2030" is not a date in the form YYYY-MM-DD`},
		{"config with an unknown attribute", func(t *testing.T) { put(t, "attr.hcl", "fail_on = \"low\"\nfailon = \"high\"\n") },
			[]string{"--config", "attr.hcl", "ok.json"}, `attr.hcl:2: Unsupported argument: An argument named "failon" is not expected here`},
		{"config syntax error", func(t *testing.T) { put(t, "syntax.hcl", "rule \"x\" {\n") },
			[]string{"--config", "syntax.hcl", "ok.json"}, `syntax.hcl:1: Unclosed configuration block: There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file`},
		{"config is a directory", func(t *testing.T) { os.MkdirAll("confdir", 0o755) },
			[]string{"--config", "confdir", "ok.json"}, "confdir: cannot read configuration: is a directory"},
		{"policy syntax error", func(t *testing.T) {
			policy(t, "polsyntax", "broken", "deny contains {\"msg\": \"x\"} if {\n\tinput.a ==\n}\n")
		},
			[]string{"--policy", "polsyntax", "ok.json"}, "polsyntax/policy.rego:12: unexpected } token"},
		{"policy type error", func(t *testing.T) {
			policy(t, "poltype", "typed", "deny contains {\"msg\": x} if {\n\tx := concat(\",\", 42)\n}\n")
		},
			[]string{"--policy", "poltype", "ok.json"}, "poltype/policy.rego:11: concat: invalid argument(s)"},
		{"policy dir without rego", func(t *testing.T) { put(t, "norego/data.json", "{}") },
			[]string{"--policy", "norego", "ok.json"}, "policy directory norego: no .rego files"},
		{"policy that loops", nil, []string{"--policy", slow, "--timeout", "300ms", "ok.json"},
			"policy evaluation did not finish within --timeout 300ms"},
		{"missing file", nil, []string{"missing.json"}, "missing.json: no such file or directory"},
		{"path through a file", nil, []string{"ok.json/plan.json"}, "ok.json/plan.json: not a directory"},
		{"symlink loop", func(t *testing.T) { os.Symlink("loop.json", "loop.json") }, []string{"loop.json"},
			"loop.json: too many levels of symbolic links"},
		{"unreadable file (fails for root too)", nil, []string{"/proc/self/mem"},
			"/proc/self/mem: cannot read: input/output error"},
		{"unknown flag", nil, []string{"--verbose", "ok.json"}, "check: flag provided but not defined: -verbose (see opexlint check -h)"},
		{"flag without value", nil, []string{"ok.json", "--format"}, "check: flag needs an argument: -format (see opexlint check -h)"},
		{"unknown format", nil, []string{"--format", "html", "ok.json"}, `--format "html" is not one of text, json, sarif, junit, github, markdown`},
		{"bad --fail-on", nil, []string{"--fail-on", "warning", "ok.json"}, `--fail-on "warning" is not one of critical, high, medium, low, none`},
		{"bad --param", nil, []string{"--param", "max_changes", "ok.json"}, `--param "max_changes": want KEY=VALUE`},
		{"unknown --param", nil, []string{"--param", "no_such_param=1", "ok.json"}, "--param no_such_param: unknown parameter (known: " + knownParams(t) + ")"},
		{"bad --timeout", nil, []string{"--timeout", "soon", "ok.json"}, `check: invalid value "soon" for flag -timeout: parse error (see opexlint check -h)`},
		{"missing --dir", nil, []string{"--dir", "nodir", "ok.json"}, "nodir: no such directory"},
		{"--output in a missing directory", nil, []string{"--output", "no/such/dir/report.txt", "ok.json"},
			"--output: open no/such/dir/report.txt: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			put(t, "ok.json", okPlan)
			if tc.setup != nil {
				tc.setup(t)
			}
			code, out, errOut := runCmd(t, append([]string{"check"}, tc.args...)...)
			noCrash(t, out, errOut)
			first, _, _ := strings.Cut(errOut, "\n")
			if code != 2 || first != "opexlint: "+tc.want {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit 2 and:\nopexlint: %s", code, errOut, tc.want)
			}
			if strings.Count(errOut, "\n") != 1 {
				t.Fatalf("error is not one line: %q", errOut)
			}
		})
	}
	// chmod 000 only stops a user without CAP_DAC_OVERRIDE; /proc/self/mem above fails for root too.
	t.Run("permission denied", func(t *testing.T) {
		if syscall.Geteuid() == 0 {
			t.Skip("root reads mode 000 files; covered by the /proc/self/mem row")
		}
		put(t, "secret.json", okPlan)
		os.Chmod("secret.json", 0)
		code, _, errOut := runCmd(t, "check", "secret.json")
		if code != 2 || errOut != "opexlint: secret.json: cannot read: permission denied\n" {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
	})
}
