package planfile

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func zipBytes(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("x"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeMalformed(t *testing.T) {
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "p.json: empty file, expected plan JSON from `terraform show -json`"},
		{"whitespace only", " \n\t\n", "p.json: empty file, expected plan JSON from `terraform show -json`"},
		{"not JSON", "hello", "p.json:1:1: not valid JSON: invalid character 'h' looking for beginning of value"},
		{"bad token on line 3", "{\n\"a\": 1,\n  \"b\": tru }", "p.json:3:11: not valid JSON: invalid character ' ' in literal true (expecting 'e')"},
		{"array", `[{"format_version":"1.2"}]`, "p.json: not a plan: the top-level JSON value is an array, expected an object (output of `terraform show -json`)"},
		{"string", `"plan"`, "p.json: not a plan: the top-level JSON value is a string, expected an object (output of `terraform show -json`)"},
		{"null", `null`, "p.json: not a plan: the top-level JSON value is null, expected an object (output of `terraform show -json`)"},
		{"truncated", "{\"format_version\": \"1.2\",\n \"resource_changes\": [{\"address\": \"a.b\"", "p.json:2:40: truncated JSON: unexpected end of input"},
		{"truncated in string", `{"format_version": "1.`, "p.json:1:23: truncated JSON: unexpected end of input"},
		{"trailing data", "{\"format_version\": \"1.2\"}\n{}", "p.json:2:1: not valid JSON: unexpected data after the top-level value"},
		{"invalid UTF-8 in string", "{\"format_version\": \"1.2\",\n \"x\": \"ab\xffc\"}", "p.json:2:10: invalid UTF-8 (byte 0xff)"},
		{"invalid UTF-8 outside string", "{\"format_version\": \"1.2\" \xc3}", "p.json:1:26: invalid UTF-8 (byte 0xc3)"},
		{"10000-deep nesting", deep, "p.json:1:513: JSON nested deeper than 512 levels"},
		{"deep inside plan", `{"format_version":"1.2","x":` + deep + `}`, "p.json:1:540: JSON nested deeper than 512 levels"},
		{"no format_version", `{"resource_changes": []}`, "p.json: not a plan: no format_version (expected the output of `terraform show -json`)"},
		{"encrypted tofu plan", `{"meta": {"key_provider.pbkdf2.k": "e30="}, "encrypted_data": "AAAA", "encryption_version": "v0"}`, "p.json: an encrypted OpenTofu plan: pass the output of `tofu show -json` instead"},
		{"format_version number", `{"format_version": 1.2}`, "p.json: format_version: expected a string, got a number"},
		{"format_version garbage", `{"format_version": "latest"}`, `p.json: format_version: invalid version "latest", expected major.minor`},
		{"format_version 2.0", `{"format_version": "2.0"}`, `p.json: unsupported plan format_version "2.0": opexlint reads format versions 0.x and 1.x`},
		{"format_version 10.1", `{"format_version": "10.1"}`, `p.json: unsupported plan format_version "10.1": opexlint reads format versions 0.x and 1.x`},
		{"resource_changes object", `{"format_version": "1.2", "resource_changes": {}}`, "p.json: resource_changes: expected an array, got an object"},
		{"resource_changes string", `{"format_version": "1.2", "resource_changes": "x"}`, "p.json: resource_changes: expected an array, got a string"},
		{"resource_changes item", `{"format_version": "1.2", "resource_changes": [3]}`, "p.json: resource_changes[0]: expected an object, got a number"},
		{"address number", `{"format_version": "1.2", "resource_changes": [{"address": 1}]}`, "p.json: resource_changes[0].address: expected a string, got a number"},
		{"change array", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": []}]}`, "p.json: resource_changes[0].change: expected an object, got an array"},
		{"actions string", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": "create"}}]}`, "p.json: resource_changes[0].change.actions: expected an array of strings, got a string"},
		{"action number", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": ["create"]}}, {"address": "a.c", "change": {"actions": ["delete", 1]}}]}`, "p.json: resource_changes[1].change.actions[1]: expected a string, got a number"},
		{"drift actions", `{"format_version": "1.0", "resource_drift": [{"change": {"actions": {}}}]}`, "p.json: resource_drift[0].change.actions: expected an array of strings, got an object"},
		{"planned_values list", `{"format_version": "1.0", "planned_values": []}`, "p.json: planned_values: expected an object, got an array"},
		{"variables string", `{"format_version": "1.0", "variables": "x"}`, "p.json: variables: expected an object, got a string"},
		{"UTF-16", "\xff\xfe{\x00}\x00", "p.json: the file is UTF-16 encoded (PowerShell redirection?); write it as UTF-8, e.g. `terraform show -json plan | Out-File -Encoding utf8 plan.json`"},
		{"output_changes bool", `{"format_version": "1.0", "output_changes": true}`, "p.json: output_changes: expected an object, got a boolean"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Decode(strings.NewReader(tc.in), "p.json")
			if err == nil {
				t.Fatalf("no error, doc %v", p.Doc)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T, want *InputError", err)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("error\n got %s\nwant %s", got, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestDecodeAccepts(t *testing.T) {
	tests := []struct{ name, in, version string }{
		{"minimal 0.1", `{"format_version": "0.1"}`, "0.1"},
		{"only changes 1.2", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": ["create"]}}]}`, "1.2"},
		{"future minor", `{"format_version": "1.99", "new_field": {"x": [1]}}`, "1.99"},
		{"forget action", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": ["forget"]}}]}`, "1.2"},
		{"unknown action", `{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": ["teleport"]}}]}`, "1.2"},
		{"null sections", `{"format_version": "1.0", "resource_changes": null, "planned_values": null}`, "1.0"},
		{"UTF-8 BOM", "\xef\xbb\xbf{\"format_version\": \"1.1\"}", "1.1"},
		{"BOM-free with trailing newline", "{\"format_version\": \"1.1\"}\n\n", "1.1"},
		{"511 deep", `{"format_version":"1.2","x":` + strings.Repeat("[", 511) + strings.Repeat("]", 511) + `}`, "1.2"},
		{"brackets in strings", `{"format_version":"1.2","x":"` + strings.Repeat("[{", 1000) + `\"]"}`, "1.2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Decode(strings.NewReader(tc.in), "p.json")
			if err != nil {
				t.Fatal(err)
			}
			if p.FormatVersion != tc.version || p.Source != "p.json" {
				t.Errorf("version %q source %q", p.FormatVersion, p.Source)
			}
		})
	}
}

func TestNumbersStayExact(t *testing.T) {
	p, err := Decode(strings.NewReader(`{"format_version":"1.2","variables":{"n":{"value":12345678901234567890}}}`), "p.json")
	if err != nil {
		t.Fatal(err)
	}
	got := p.Doc["variables"].(map[string]any)["n"].(map[string]any)["value"]
	if n, ok := got.(json.Number); !ok || n.String() != "12345678901234567890" {
		t.Errorf("number decoded as %T %v", got, got)
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	notPlan := writeFile(t, "archive.zip", zipBytes(t, "README", "data/x"))
	brokenZip := writeFile(t, "broken.tfplan", []byte("PK\x03\x04garbage"))
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.json"), filepath.Join(dir, "nope.json") + ": no such file"},
		{"directory", dir, dir + ": is a directory, not a plan file"},
		{"zip without tfplan", notPlan, notPlan + ": not a plan: a zip archive without a tfplan entry (expected a file from `terraform plan -out`)"},
		{"broken zip", brokenZip, brokenZip + ": not a plan: a zip archive that cannot be read (zip: not a valid zip file)"},
	}
	if runtime.GOOS != "windows" && os.Geteuid() != 0 {
		unreadable := writeFile(t, "secret.json", []byte(`{"format_version":"1.2"}`))
		if err := os.Chmod(unreadable, 0); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ name, path, want string }{"unreadable", unreadable, unreadable + ": cannot read: permission denied"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.path, Options{})
			if err == nil || err.Error() != tc.want {
				t.Errorf("error\n got %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestLoadBinaryWithoutTerraform(t *testing.T) {
	plan := writeFile(t, "plan.tfplan", zipBytes(t, "tfplan", "tfstate"))
	t.Setenv("PATH", t.TempDir())
	_, err := Load(plan, Options{})
	want := plan + ": binary plan file: converting it needs terraform or tofu, and neither is on PATH (use --terraform-bin, or pass the output of `terraform show -json`)"
	if err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
	_, err = Load(plan, Options{TerraformBin: "/nonexistent/terraform"})
	want = plan + ": binary plan file: cannot run --terraform-bin /nonexistent/terraform: exec: \"/nonexistent/terraform\": stat /nonexistent/terraform: no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
}

func TestLoadJSONFile(t *testing.T) {
	p := writeFile(t, "plan.json", []byte(`{"format_version":"1.2","resource_changes":[]}`))
	plan, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Source != p || plan.FormatVersion != "1.2" {
		t.Errorf("source %q version %q", plan.Source, plan.FormatVersion)
	}
}

func TestInputErrorFormat(t *testing.T) {
	tests := []struct {
		e    InputError
		want string
	}{
		{InputError{File: "a.json", Line: 3, Column: 7, Msg: "bad"}, "a.json:3:7: bad"},
		{InputError{File: "a.json", Line: 3, Msg: "bad"}, "a.json:3: bad"},
		{InputError{File: "a.json", Column: 7, Msg: "bad"}, "a.json: bad"},
		{InputError{File: "a.json", Msg: "bad"}, "a.json: bad"},
		{InputError{Msg: "bad"}, "bad"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q want %q", got, tc.want)
		}
	}
}

// corpusDir returns ../shared/corpus/<sub> relative to the repository root.
func corpusDir(t *testing.T, sub string) string {
	t.Helper()
	d := filepath.Join("..", "..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return d
}

func TestCorpusPlans(t *testing.T) {
	dir := corpusDir(t, "plans")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Skip("no corpus plans")
	}
	versions := map[string]bool{}
	for _, f := range files {
		p, err := Load(f, Options{})
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		versions[p.FormatVersion] = true
		// Nothing recorded as sensitive may remain where Terraform marked it:
		// every masked location now holds Mask, never the original.
		if !sort.StringsAreSorted(p.Sensitive) {
			t.Errorf("%s: Sensitive not sorted", f)
		}
		if _, err := json.Marshal(p.Doc); err != nil {
			t.Errorf("%s: re-marshal: %v", f, err)
		}
	}
	for _, v := range []string{"0.1", "0.2", "1.0", "1.1", "1.2"} {
		if !versions[v] {
			t.Errorf("corpus has no plan with format_version %s", v)
		}
	}
}
