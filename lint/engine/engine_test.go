package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// testPolicy is the stand-in library shared by the lint tests (not the real opex rules).
var testPolicy = []string{"../testdata/policy/lib", "../testdata/policy/rules"}

func newTest(t *testing.T, extra ...string) (*Engine, error) {
	t.Helper()
	return New(context.Background(), Options{Library: map[string]string{}, PolicyDirs: append(append([]string{}, testPolicy...), extra...)})
}

func TestRulesFromAnnotations(t *testing.T) {
	e, err := newTest(t)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range e.Rules() {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, ","); got != "big-batch,echo-input,unprotected-data" {
		t.Fatalf("rules = %s", got)
	}
	r, _ := e.Rule("big-batch")
	if r.Title != "Big batch" || r.Severity != "high" || r.Principle != "small-reversible-changes" ||
		r.FocusArea != "prepare" || !r.RequiresPlan || r.Params["max_changes"] != "Most changed resources allowed." ||
		r.Remediation != "Split the change." || !strings.Contains(r.Example, "terraform_data") ||
		r.File != "../testdata/policy/rules/big_batch.rego" || r.Line != 1 {
		t.Fatalf("big-batch = %+v", r)
	}
	known := e.KnownParams()
	if !known["max_changes"] || !known["note"] || len(known) != 2 {
		t.Fatalf("known params = %v", known)
	}
	if e.Defaults()["note"] != "none" {
		t.Fatalf("defaults = %v", e.Defaults())
	}
}

func TestEmbeddedLibraryCompiles(t *testing.T) {
	// The embedded library is another helper's work in progress; it must at least compile
	// under the sandbox and carry valid metadata.
	if _, err := New(context.Background(), Options{}); err != nil {
		t.Fatalf("embedded library: %v", err)
	}
}

func TestEval(t *testing.T) {
	e, err := newTest(t)
	if err != nil {
		t.Fatal(err)
	}
	input := map[string]any{"resource_changes": []any{
		rc("terraform_data.a", "create", map[string]any{"input": "hello"}),
		rc("terraform_data.b", "no-op", nil),
	}}
	out, err := e.Eval(context.Background(), input)
	if err != nil {
		t.Fatal(err)
	}
	if !out.HasBlastRadius || out.BlastRadius != 1 {
		t.Fatalf("blast radius = %v %v", out.BlastRadius, out.HasBlastRadius)
	}
	var got []string
	for _, r := range out.Results {
		got = append(got, r.RuleID+"|"+r.Address+"|"+r.Msg)
	}
	want := []string{
		"echo-input|terraform_data.a|input of terraform_data.a is hello",
		"unprotected-data|terraform_data.a|terraform_data.a can be destroyed (note: none)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func rc(addr, action string, after map[string]any) map[string]any {
	typ, name, _ := strings.Cut(addr, ".")
	return map[string]any{"address": addr, "type": typ, "name": name, "mode": "managed",
		"change": map[string]any{"actions": []any{action}, "after": after}}
}

func TestPolicyErrors(t *testing.T) {
	for _, tc := range []struct{ dir, want string }{
		{"http", "testdata/http/policy.rego:11: http.send is not available to opex policies (no network, environment or file access)"},
		{"dns", "testdata/dns/policy.rego:11: net.lookup_ip_addr is not available to opex policies"},
		{"runtime", "testdata/runtime/policy.rego:11: opa.runtime is not available to opex policies"},
		{"syntax", "testdata/syntax/policy.rego:12: unexpected } token"},
		{"typeerr", "testdata/typeerr/policy.rego:11: "},
		{"noid", "testdata/noid/policy.rego:3: rule package opex.rules.noid has no # METADATA block with custom.id"},
		{"nometa", "testdata/nometa/policy.rego:1: rule package opex.rules.nometa has no # METADATA block with custom.id"},
		{"badseverity", `testdata/badseverity/policy.rego:1: opex.rules.sev: custom.severity "blocker" is not one of critical, high, medium, low`},
		{"badprinciple", `testdata/badprinciple/policy.rego:1: opex.rules.prin: custom.principle "move-fast" is not a design principle`},
		{"wrongpkg", `testdata/wrongpkg/policy.rego:1: rule id "one-thing" must live in package opex.rules.one_thing, not opex.rules.other_thing`},
		{"missing", "policy directory testdata/missing: no such file or directory"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			_, err := New(context.Background(), Options{Library: map[string]string{}, PolicyDirs: []string{"testdata/" + tc.dir}})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant prefix %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

func TestMalformedResults(t *testing.T) {
	for _, tc := range []struct{ dir, want string }{
		{"malformed", "rule malformed (testdata/malformed/policy.rego): malformed result: msg must be a string, got nothing"},
		{"badaddress", "rule badaddr (testdata/badaddress/policy.rego): malformed result: address must be a string, got a number"},
		{"notset", "rule notset (testdata/notset/policy.rego): deny must be a set of results, got a boolean"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			e, err := New(context.Background(), Options{Library: map[string]string{}, PolicyDirs: []string{"testdata/" + tc.dir}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.Eval(context.Background(), map[string]any{})
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestPlainStringResultAndHelperPackages(t *testing.T) {
	e, err := New(context.Background(), Options{Library: map[string]string{}, PolicyDirs: []string{"testdata/conftest", "testdata/helper"}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.Eval(context.Background(), map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Results) != 1 || out.Results[0].Msg != "a plain string result" || out.Results[0].RuleID != "plain" || out.HasBlastRadius {
		t.Fatalf("results = %+v", out)
	}
}

func TestTimeout(t *testing.T) {
	e, err := New(context.Background(), Options{Library: map[string]string{}, PolicyDirs: []string{"testdata/slow"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = e.Eval(ctx, map[string]any{})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error = %v, want timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("evaluation ran %s after its deadline", d)
	}
}
