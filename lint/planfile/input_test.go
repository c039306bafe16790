package planfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/opexhq/terraform-provider-opex/lint/plangen"
)

// keySets are the top-level key selections the differential tests try: everything, what the
// built-in library reads (no values representations), and one that reads planned_values.
var keySets = [][]string{
	nil,
	{"configuration", "opex", "output_changes", "resource_changes", "resource_drift", "variables"},
	{"planned_values", "resource_changes"},
}

// slowInput is what DecodeInput must return, computed the ordinary way: Decode, then
// ast.InterfaceToValue of the kept keys.
func slowInput(t testing.TB, data []byte, keys []string) (*Plan, error) {
	p, err := Decode(bytes.NewReader(data), "p.json")
	if err != nil {
		return nil, err
	}
	want := wanted(keys)
	kvs := [][2]*ast.Term{}
	for k, v := range p.Doc {
		if want(k) {
			val, err := ast.InterfaceToValue(v)
			if err != nil {
				return nil, &InputError{File: "p.json", Msg: k + ": " + err.Error()}
			}
			kvs = append(kvs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(val)})
		}
	}
	p.Input = ast.NewObject(kvs...)
	p.Actions = docActions(p.Doc)
	return p, nil
}

// sameInput fails unless the fast and the ordinary decoding agree on everything a caller sees.
func sameInput(t testing.TB, data []byte, keys []string) {
	t.Helper()
	want, werr := slowInput(t, data, keys)
	got, gerr := DecodeInput(data, "p.json", keys)
	switch {
	case werr != nil || gerr != nil:
		if werr == nil || gerr == nil || werr.Error() != gerr.Error() {
			t.Fatalf("keys %v: error %v, want %v", keys, gerr, werr)
		}
		return
	case got.Doc != nil:
		t.Fatalf("keys %v: Doc is set", keys)
	case got.FormatVersion != want.FormatVersion || got.Source != want.Source:
		t.Fatalf("keys %v: format %q source %q, want %q %q", keys, got.FormatVersion, got.Source, want.FormatVersion, want.Source)
	case got.Input.Compare(want.Input) != 0:
		t.Fatalf("keys %v: values differ\n got: %.2000v\nwant: %.2000v", keys, got.Input, want.Input)
	case !reflect.DeepEqual(got.Sensitive, want.Sensitive):
		t.Fatalf("keys %v: Sensitive = %q, want %q", keys, got.Sensitive, want.Sensitive)
	case (len(got.Actions) > 0 || len(want.Actions) > 0) && !reflect.DeepEqual(got.Actions, want.Actions):
		t.Fatalf("keys %v: Actions = %q, want %q", keys, got.Actions, want.Actions)
	}
}

func TestDecodeInputMatchesDecode(t *testing.T) {
	cases := map[string]string{
		"secrets":  secretPlan,
		"minimal":  `{"format_version":"1.2"}`,
		"nulls":    `{"format_version":"1.2","resource_changes":null,"planned_values":null,"prior_state":null,"resource_drift":null}`,
		"empty":    `{"format_version":"0.1","resource_changes":[],"planned_values":{},"prior_state":{"values":{}}}`,
		"escapes":  `{"format_version":"1.2","x":"a\"b\\c\/\u00e9\ud83d\ude00\ud800","resource_changes":[{"address":"a.\u0062","change":{"actions":["cre\u0061te"],"after":{"k\u0065y":"v\n"}}}]}`,
		"numbers":  `{"format_version":"1.2","n":[0,-0,1,-1,1.5,1e3,1E-3,-2.50e+10,12345678901234567890123,0.1]}`,
		"unicode":  "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.é\",\"change\":{\"after\":{\"name\":\"日本\"},\"after_sensitive\":{\"name\":true}}}]}",
		"old plan": `{"format_version":"0.1","planned_values":{"root_module":{"resources":[{"address":"a.b","values":{"x":"S3CRET"}}]}},"resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"x":"S3CRET"},"after_sensitive":{"x":true}}}]}`,
		"deposed": `{"format_version":"1.2","prior_state":{"values":{"root_module":{"resources":[{"address":"a.b","deposed_key":"d1","values":{"x":"dep-secret"}},{"address":"a.b","values":{"x":"cur-secret"}}]}}},` +
			`"resource_changes":[{"address":"a.b","deposed":"d1","change":{"actions":["delete"],"before":{"x":"dep-secret"},"before_sensitive":{"x":true}}},{"address":"a.b","change":{"actions":["no-op"],"before":{"x":"cur-secret"},"before_sensitive":{"x":true}}}]}`,
		"later entry wins": `{"format_version":"0.1","planned_values":{"root_module":{"resources":[{"address":"a.b","values":{"x":"S3CRET"}}]}},` +
			`"resource_changes":[{"address":"a.b","change":{"after_sensitive":{"x":true}}},{"address":"a.b","change":{"after_sensitive":{}}}]}`,
		"empty address":   `{"format_version":"0.1","planned_values":{"root_module":{"resources":[{"address":"","values":{"x":"S3CRET"}}]}},"resource_changes":[{"address":"","change":{"after_sensitive":{"x":true}}}]}`,
		"odd shapes":      `{"format_version":"1.2","resource_changes":[{"change":{"after":"v","after_sensitive":{"a":true}}},{"address":"x.y","change":{"before":[1,"two",true,null],"before_sensitive":[true,true,true,true]}}]}`,
		"odd values repr": `{"format_version":"1.2","planned_values":{"outputs":7,"root_module":{"resources":[1,{"values":{"a":"s1"},"sensitive_values":{"a":true}}],"child_modules":[null,{"resources":"no"}]}},"prior_state":{"values":[]}}`,
		"duplicate keys":  `{"format_version":"1.2","resource_changes":[{"address":"a.b","address":"c.d","change":{"actions":["create"]}}]}`,
		"duplicate top":   `{"format_version":"1.2","resource_changes":[],"resource_changes":[{"address":"c.d","change":{"actions":["delete"]}}]}`,
		"bad address":     `{"format_version":"1.2","resource_changes":[{"address":7}]}`,
		"bad actions":     `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":"create"}}]}`,
		"bad change":      `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":[]}]}`,
		"bad entry":       `{"format_version":"1.2","resource_changes":["a.b"]}`,
		"bad section":     `{"format_version":"1.2","planned_values":[]}`,
		"no version":      `{"resource_changes":[]}`,
		"version 2":       `{"format_version":"2.0"}`,
		"encrypted":       `{"encrypted_data":"xx"}`,
		"truncated":       `{"format_version":"1.2","resource_changes":[{"address":"a.b"`,
		"trailing":        `{"format_version":"1.2"} {}`,
		"bad literal":     `{"format_version":"1.2","x":tru}`,
		"bad number":      `{"format_version":"1.2","x":01}`,
		"control char":    "{\"format_version\":\"1.2\",\"x\":\"a\tb\"}",
		"bad escape":      `{"format_version":"1.2","x":"\q"}`,
		"bom":             "\xEF\xBB\xBF{\"format_version\":\"1.2\"}",
		"top array":       `[]`,
		"big exponent":    `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"after":{"n":1e999999}}}]}`,
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			for _, keys := range keySets {
				sameInput(t, []byte(cases[name]), keys)
			}
		})
	}
}

// TestDecodeInputFastPath checks that ordinary plans do not fall back to the slow decoder (the
// differential tests would pass if everything did).
func TestDecodeInputFastPath(t *testing.T) {
	for _, in := range []string{secretPlan, `{"format_version":"0.1","resource_changes":null}`} {
		data, err := prepare([]byte(in), "p.json")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fastDecode(data, "p.json", nil, func(int, int) {}); err != nil {
			t.Errorf("fastDecode: %v", err)
		}
	}
}

func TestDecodeInputGenerated(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		g, err := plangen.New(plangen.Options{Changes: 600, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := g.WritePlan(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := fastDecode(buf.Bytes(), "p.json", nil, func(int, int) {}); err != nil {
			t.Fatalf("seed %d: generated plan took the slow path: %v", seed, err)
		}
		for _, keys := range keySets {
			sameInput(t, buf.Bytes(), keys)
		}
		// From a file: mapped (over 1 MiB), with the pages of walked sections given back.
		path := writeFile(t, "plan.json", buf.Bytes())
		for _, keys := range keySets {
			want, err := DecodeInput(buf.Bytes(), path, keys)
			if err != nil {
				t.Fatal(err)
			}
			got, err := LoadInput(path, Options{}, keys)
			if err != nil {
				t.Fatal(err)
			}
			if got.Input.Compare(want.Input) != 0 || !reflect.DeepEqual(got.Sensitive, want.Sensitive) {
				t.Fatalf("seed %d, keys %v: LoadInput differs from DecodeInput", seed, keys)
			}
		}
	}
}

func TestDecodeInputCorpus(t *testing.T) {
	dir := corpusDir(t, "plans")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Skip("no corpus plans")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			for _, keys := range keySets {
				sameInput(t, data, keys)
			}
		})
	}
}

func TestLoadInput(t *testing.T) {
	path := writeFile(t, "plan.json", []byte(secretPlan))
	p, err := LoadInput(path, Options{}, []string{"resource_changes"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Input.Len() != 1 || p.Input.Get(ast.StringTerm("resource_changes")) == nil {
		t.Errorf("Input keys = %v, want only resource_changes", p.Input.Keys())
	}
	if s := p.Input.String(); strings.Contains(s, "S3CRET") {
		t.Errorf("a sensitive value is left in the input: %s", s)
	}
	if len(p.Sensitive) == 0 || !reflect.DeepEqual(p.Actions, [][]string{{"update"}, {"create"}}) {
		t.Errorf("Sensitive %q, Actions %q", p.Sensitive, p.Actions)
	}
	var ie *InputError
	if _, err := LoadInput(filepath.Join(t.TempDir(), "none.json"), Options{}, nil); !errors.As(err, &ie) || ie.Msg != "no such file" {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzDecodeInput: the fast decoder agrees with the ordinary one on any input, errors included.
func FuzzDecodeInput(f *testing.F) {
	f.Add([]byte(secretPlan))
	f.Add([]byte(`{"format_version":"0.1","planned_values":{"root_module":{"resources":[{"address":"a.b","values":{"x":"y"}}]}},"resource_changes":[{"address":"a.b","change":{"after":{"x":"y"},"after_sensitive":{"x":true}}}]}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["forget"],"before":[1,{"a":"\u00e9"}],"before_sensitive":[false,{"a":true}]}}]}`))
	f.Add([]byte(`{"format_version":"1.2","x":[-0.5e+3,true,false,null,{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, keys := range keySets {
			sameInput(t, data, keys)
		}
	})
}
