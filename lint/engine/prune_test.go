package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// keysRule is a rule whose deny set names the top-level input keys it can see through body.
func keysRule(body string) map[string]string {
	return map[string]string{"keys.rego": `# METADATA
# title: Keys
# custom:
#   id: keys
#   severity: low
#   principle: operations-as-code
#   focus_area: organization
package opex.rules.keys

` + body}
}

// TestInputPruning checks that only the top-level keys the policies read reach OPA, and that a
// policy reading input as a whole (or by a computed key) turns pruning off.
func TestInputPruning(t *testing.T) {
	doc := func() map[string]any {
		return map[string]any{
			"resource_changes": []any{map[string]any{"address": "a.b"}},
			"prior_state":      map[string]any{"values": map[string]any{}},
			"planned_values":   map[string]any{"root_module": map[string]any{}},
			"opex":             map[string]any{"mode": "plan"},
		}
	}
	for _, tc := range []struct {
		name, body string
		keys       string // InputKeys, "*" when everything is kept
		seen       string // keys the rule reports
	}{
		{"named keys", `deny contains k if { some k in ["resource_changes", "prior_state", "planned_values", "opex"]; _has(k) }
_has("resource_changes") if input.resource_changes
_has("opex") if input.opex.mode`, "opex,resource_changes", "opex,resource_changes"},
		{"key read in a nested path", `deny contains k if { k := input.opex[input.opex.mode] }`, "opex", ""},
		{"walk over input", `deny contains k if { walk(input, [[k], _]) }`, "*", "opex,planned_values,prior_state,resource_changes"},
		{"computed key", `deny contains k if { some k in ["prior_state", "nope"]; input[k] }`, "*", "prior_state"},
		{"object.get on input", `deny contains k if { some k in ["planned_values"]; object.get(input, k, null) != null }`, "*", "planned_values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(context.Background(), Options{Library: keysRule(tc.body)})
			if err != nil {
				t.Fatal(err)
			}
			keys, ok := e.InputKeys()
			got := strings.Join(keys, ",")
			if !ok {
				got = "*"
			}
			if got != tc.keys {
				t.Fatalf("InputKeys = %s, want %s", got, tc.keys)
			}
			out, err := e.Eval(context.Background(), doc())
			if err != nil {
				t.Fatal(err)
			}
			var seen []string
			for _, r := range out.Results {
				seen = append(seen, r.Msg)
			}
			if s := strings.Join(seen, ","); s != tc.seen {
				t.Fatalf("rule saw %q, want %q", s, tc.seen)
			}
		})
	}
}

// TestEvalInputForms checks that a map input (converted and pruned by the engine) and any other
// input value (converted by OPA) give the same results.
func TestEvalInputForms(t *testing.T) {
	e, err := newTest(t)
	if err != nil {
		t.Fatal(err)
	}
	type alias map[string]any // not map[string]any: takes OPA's own conversion path
	input := map[string]any{"resource_changes": []any{
		rc("terraform_data.a", "create", map[string]any{"input": "hello"}),
	}}
	a, err := e.Eval(context.Background(), input)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Eval(context.Background(), alias(input))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(a) != fmt.Sprint(b) || len(a.Results) != 2 {
		t.Fatalf("map input: %+v\nother input: %+v", a, b)
	}
}

// TestToValueParallel checks that converting a long array in chunks gives exactly what
// ast.InterfaceToValue gives, order included, and that a conversion error is not lost.
func TestToValueParallel(t *testing.T) {
	list := make([]any, 3*parallelMin+7)
	for i := range list {
		list[i] = map[string]any{"address": fmt.Sprintf("a.b[%d]", i), "n": json.Number(fmt.Sprint(i)),
			"tags": []any{"x", true, nil}}
	}
	got, err := toValue(list)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ast.InterfaceToValue(list)
	if err != nil {
		t.Fatal(err)
	}
	if got.Compare(want) != 0 {
		t.Fatalf("parallel conversion differs:\n%v\nwant\n%v", got, want)
	}
	list[len(list)-1] = json.Number("not a number")
	if _, err := toValue(list); err == nil {
		t.Fatal("a bad number in the last chunk was not reported")
	}
}
