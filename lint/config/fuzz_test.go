package config

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzConfig: any .opexlint.hcl source loads or fails with one *Error line that starts with the
// file name (and a line when HCL gives one), never a panic; what loads obeys the documented
// invariants, so later stages can trust it. Seeds: testdata/fuzz/FuzzConfig plus DefaultFile.
func FuzzConfig(f *testing.F) {
	f.Add([]byte(DefaultFile))
	f.Fuzz(func(t *testing.T, src []byte) {
		const name = "dir/.opexlint.hcl"
		c, err := Parse(src, name)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T, want *config.Error: %v", err, err)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("multi-line error %q", msg)
			}
			if !strings.HasPrefix(msg, name) {
				t.Fatalf("error does not name the file: %q", msg)
			}
			return
		}
		if c.File != name || c.Params == nil {
			t.Fatalf("config = %+v", c)
		}
		if c.FailOn != "" && !contains(FailOnLevels, c.FailOn) {
			t.Fatalf("fail_on %q accepted", c.FailOn)
		}
		if c.FailOn != "" && c.FailOnPos.Line < 1 {
			t.Fatalf("fail_on without a line: %+v", c.FailOnPos)
		}
		for _, d := range c.PolicyDirs {
			if d == "" || !(strings.HasPrefix(d, "dir/") || strings.HasPrefix(d, "/") || d == "dir") {
				t.Fatalf("policy dir %q not resolved against the file's directory", d)
			}
		}
		checkParams := func(ps map[string]Param) {
			for n, p := range ps {
				if p.Pos.File != name || p.Pos.Line < 1 {
					t.Fatalf("param %s without a position: %+v", n, p.Pos)
				}
				// Params reach OPA as JSON: every value must marshal.
				if _, err := json.Marshal(p.Value); err != nil {
					t.Fatalf("param %s = %#v does not marshal: %v", n, p.Value, err)
				}
			}
		}
		checkParams(c.Params)
		seen := map[string]bool{}
		for _, r := range c.Rules {
			if seen[r.ID] {
				t.Fatalf("duplicate rule %q accepted", r.ID)
			}
			seen[r.ID] = true
			if r.Pos.Line < 1 {
				t.Fatalf("rule %q without a line", r.ID)
			}
			if r.Severity != "" && !contains(Severities, r.Severity) {
				t.Fatalf("severity %q accepted", r.Severity)
			}
			checkParams(r.Params)
		}
		for _, w := range c.Waivers {
			if w.Rule == "" || w.Reason == "" || w.Pos.Line < 1 {
				t.Fatalf("waiver accepted without rule, reason or line: %+v", w)
			}
			if w.Until != "" {
				if _, err := ParseDate(w.Until); err != nil {
					t.Fatalf("waiver until %q accepted: %v", w.Until, err)
				}
			}
			if w.Address != "" && ValidateGlob(w.Address) != nil {
				t.Fatalf("waiver address %q accepted", w.Address)
			}
		}
		if !utf8.ValidString(c.Environment) && c.Environment != "" {
			// HCL rejects invalid UTF-8 source; a value that is not UTF-8 would be a parser bug.
			t.Fatalf("environment is not UTF-8: %q", c.Environment)
		}
	})
}
