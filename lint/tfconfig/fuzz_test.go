package tfconfig

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzInlineWaiver: any comment parses or fails with one line, never a
// panic, and a parsed waiver survives a round trip through its canonical
// form.
func FuzzInlineWaiver(f *testing.F) {
	for _, s := range []string{
		"# opex:ignore a",
		"// opex:ignore a,b until=2026-01-31",
		`# opex:ignore a reason="x \"y\" \\ z" until=2030-12-31`,
		"/* opex:ignore a\n reason=\"multi\" */",
		"# opex:ignore a until=2026-02-30",
		"# opex:ignore ,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		w, isWaiver, err := parseWaiver(raw)
		if err != nil {
			if !isWaiver || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("bad error %q (isWaiver %v)", err, isWaiver)
			}
			return
		}
		if !isWaiver {
			return
		}
		if len(w.Rules) == 0 {
			t.Fatal("waiver without rules")
		}
		for _, r := range w.Rules {
			if !ruleIDPattern.MatchString(r) {
				t.Fatalf("invalid rule id %q accepted", r)
			}
		}
		if w.Until != "" {
			if _, err := time.Parse("2006-01-02", w.Until); err != nil {
				t.Fatalf("bad date %q accepted", w.Until)
			}
		}
		canon := "# " + waiverMarker + " " + strings.Join(w.Rules, ",")
		if w.Until != "" {
			canon += " until=" + w.Until
		}
		if w.Reason != "" {
			canon += ` reason="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(w.Reason) + `"`
		}
		again, ok, err := parseWaiver(canon)
		if err != nil || !ok || !reflect.DeepEqual(again, w) {
			t.Fatalf("round trip of %q via %q: %+v, %v, %v", raw, canon, again, ok, err)
		}
	})
}

// FuzzLoadHCL: any file content loads (possibly with diagnostics) or fails
// with a one-line *InputError, and every method works on the result.
func FuzzLoadHCL(f *testing.F) {
	for _, name := range []string{"main.tf", "modules/app/main.tf", "modules/db/main.tf"} {
		src, err := os.ReadFile(filepath.Join("testdata", "tree", filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	f.Add("resource \"a\" \"b\" {\n  x = \"unterminated\n}\n")
	f.Add("# opex:ignore r until=2026-01-01\nmodule \"m\" {\n  source = \"./\"\n}\n")
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(dir)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("bad error %T %q", err, err)
			}
			return
		}
		for _, d := range c.Diagnostics() {
			if d.File == "" {
				t.Fatalf("diagnostic without a file: %+v", d)
			}
		}
		sp := c.SyntheticPlan()
		if _, err := json.Marshal(sp); err != nil {
			t.Fatalf("synthetic plan does not marshal: %v", err)
		}
		for _, item := range sp["resource_changes"].([]any) {
			addr := item.(map[string]any)["address"].(string)
			if _, _, ok := c.Locate(addr); !ok {
				t.Fatalf("%s not located", addr)
			}
		}
		for _, w := range c.InlineWaivers() {
			if len(w.Rules) == 0 || w.Line < 1 || w.Target == "" {
				t.Fatalf("bad waiver %+v", w)
			}
		}
		c.Facts()
	})
}
