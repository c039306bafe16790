// Package config loads .opexlint.hcl, the opexlint configuration file.
//
// The file is HCL (hcl/v2, decoded with gohcl). Every error names the file and line. Rule ids
// (in rule blocks and waivers) are checked by the caller against the compiled policy library;
// their source positions are kept for that purpose.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// FileName is the configuration file opexlint looks for.
const FileName = ".opexlint.hcl"

// FailOnLevels are the valid values of fail_on / --fail-on.
var FailOnLevels = []string{"critical", "high", "medium", "low", "none"}

// Severities are the valid rule severities.
var Severities = []string{"critical", "high", "medium", "low"}

// DateLayout is the format of waiver expiry dates.
const DateLayout = "2006-01-02"

// Pos is a source position in the configuration file.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Param is one parameter value with where it was set.
type Param struct {
	Value any // JSON-compatible: string, json.Number, bool, []any, map[string]any, nil
	Pos   Pos
}

// Rule is a `rule "<id>" { … }` block.
type Rule struct {
	ID       string
	Pos      Pos
	Enabled  *bool  // nil: unchanged
	Severity string // "" : the rule's own severity
	Params   map[string]Param
}

// Waiver is a `waiver { … }` block.
type Waiver struct {
	Rule    string
	Address string // glob; "" waives every finding of the rule, plan-wide ones included
	Reason  string
	Until   string // YYYY-MM-DD, "" for no expiry
	Pos     Pos
}

// Config is a decoded configuration file. The zero value is the default configuration.
type Config struct {
	File        string // path as loaded, "" when no file was used
	FailOn      string // "" when not set
	FailOnPos   Pos
	Environment string
	PolicyDirs  []string // resolved against the file's directory
	Params      map[string]Param
	Rules       []Rule
	Waivers     []Waiver
}

// Error is a configuration error with its position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

type fileSchema struct {
	FailOn           *string        `hcl:"fail_on,optional"`
	FailOnRange      hcl.Range      `hcl:"fail_on,attr_range"`
	Environment      *string        `hcl:"environment,optional"`
	EnvironmentRange hcl.Range      `hcl:"environment,attr_range"`
	PolicyDirs       []string       `hcl:"policy_dirs,optional"`
	Params           *paramsSchema  `hcl:"params,block"`
	Rules            []ruleSchema   `hcl:"rule,block"`
	Waivers          []waiverSchema `hcl:"waiver,block"`
}

type paramsSchema struct {
	Attrs hcl.Attributes `hcl:",remain"`
}

type ruleSchema struct {
	ID            string        `hcl:"id,label"`
	DefRange      hcl.Range     `hcl:",def_range"`
	Enabled       *bool         `hcl:"enabled,optional"`
	Severity      *string       `hcl:"severity,optional"`
	SeverityRange hcl.Range     `hcl:"severity,attr_range"`
	Params        *paramsSchema `hcl:"params,block"`
}

type waiverSchema struct {
	DefRange    hcl.Range `hcl:",def_range"`
	Rule        string    `hcl:"rule"`
	RuleRange   hcl.Range `hcl:"rule,attr_range"`
	Address     *string   `hcl:"address,optional"`
	Reason      string    `hcl:"reason"`
	ReasonRange hcl.Range `hcl:"reason,attr_range"`
	Until       *string   `hcl:"until,optional"`
	UntilRange  hcl.Range `hcl:"until,attr_range"`
}

// Load reads and validates the configuration file at path.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read configuration: %w", path, err)
	}
	return Parse(src, path)
}

// Find returns the first existing .opexlint.hcl in dirs, or "" when there is none.
func Find(dirs ...string) string {
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// Parse decodes configuration source; filename is used in messages and to resolve policy_dirs.
func Parse(src []byte, filename string) (*Config, error) {
	f, diags := hclparse.NewParser().ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, diagError(diags)
	}
	var s fileSchema
	if diags := gohcl.DecodeBody(f.Body, nil, &s); diags.HasErrors() {
		return nil, diagError(diags)
	}
	c := &Config{File: filename, Params: map[string]Param{}}
	if s.FailOn != nil {
		c.FailOn = *s.FailOn
		c.FailOnPos = pos(s.FailOnRange)
		if !contains(FailOnLevels, c.FailOn) {
			return nil, &Error{c.FailOnPos, fmt.Sprintf("fail_on = %q is not one of %s", c.FailOn, strings.Join(FailOnLevels, ", "))}
		}
	}
	if s.Environment != nil {
		c.Environment = strings.TrimSpace(*s.Environment)
		if c.Environment == "" {
			return nil, &Error{pos(s.EnvironmentRange), "environment must not be empty"}
		}
	}
	base := filepath.Dir(filename)
	for _, d := range s.PolicyDirs {
		if d == "" {
			return nil, &Error{Pos{File: filename}, "policy_dirs contains an empty path"}
		}
		if !filepath.IsAbs(d) {
			d = filepath.Join(base, d)
		}
		c.PolicyDirs = append(c.PolicyDirs, d)
	}
	if s.Params != nil {
		ps, err := decodeParams(s.Params.Attrs)
		if err != nil {
			return nil, err
		}
		c.Params = ps
	}
	seen := map[string]Pos{}
	for _, r := range s.Rules {
		p := pos(r.DefRange)
		if prev, ok := seen[r.ID]; ok {
			return nil, &Error{p, fmt.Sprintf("duplicate rule %q block (first at line %d)", r.ID, prev.Line)}
		}
		seen[r.ID] = p
		rc := Rule{ID: r.ID, Pos: p, Enabled: r.Enabled, Params: map[string]Param{}}
		if r.Severity != nil {
			if !contains(Severities, *r.Severity) {
				return nil, &Error{pos(r.SeverityRange), fmt.Sprintf("severity = %q is not one of %s", *r.Severity, strings.Join(Severities, ", "))}
			}
			rc.Severity = *r.Severity
		}
		if r.Params != nil {
			ps, err := decodeParams(r.Params.Attrs)
			if err != nil {
				return nil, err
			}
			rc.Params = ps
		}
		c.Rules = append(c.Rules, rc)
	}
	for _, w := range s.Waivers {
		wc := Waiver{Rule: strings.TrimSpace(w.Rule), Reason: strings.TrimSpace(w.Reason), Pos: pos(w.DefRange)}
		if wc.Rule == "" {
			return nil, &Error{pos(w.RuleRange), "waiver rule must not be empty"}
		}
		if wc.Reason == "" {
			return nil, &Error{pos(w.ReasonRange), "waiver reason must not be empty: say why the finding is accepted"}
		}
		if w.Address != nil {
			wc.Address = strings.TrimSpace(*w.Address)
			if err := ValidateGlob(wc.Address); err != nil {
				return nil, &Error{wc.Pos, err.Error()}
			}
		}
		if w.Until != nil {
			if _, err := ParseDate(*w.Until); err != nil {
				return nil, &Error{pos(w.UntilRange), err.Error()}
			}
			wc.Until = *w.Until
		}
		c.Waivers = append(c.Waivers, wc)
	}
	return c, nil
}

// ParseDate parses a YYYY-MM-DD waiver date.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("until = %q is not a date in the form YYYY-MM-DD", s)
	}
	return t, nil
}

// decodeParams turns literal attributes into JSON-compatible values. Expressions that need
// variables or functions are rejected by hcl itself (nil evaluation context).
func decodeParams(attrs hcl.Attributes) (map[string]Param, error) {
	out := map[string]Param{}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := attrs[n]
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			return nil, diagError(diags)
		}
		gv, err := ctyToGo(v)
		if err != nil {
			return nil, &Error{pos(a.Range), fmt.Sprintf("parameter %s: %v", n, err)}
		}
		out[n] = Param{Value: gv, Pos: pos(a.Range)}
	}
	return out, nil
}

func ctyToGo(v cty.Value) (any, error) {
	if !v.IsWhollyKnown() {
		return nil, errors.New("value must be a literal")
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

func pos(r hcl.Range) Pos { return Pos{File: r.Filename, Line: r.Start.Line} }

// diagError turns the first error diagnostic into one line: "file:line: summary; detail".
func diagError(diags hcl.Diagnostics) error {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + strings.TrimSuffix(strings.ReplaceAll(d.Detail, "\n", " "), ".")
		}
		e := &Error{Msg: msg}
		if d.Subject != nil {
			e.Pos = pos(*d.Subject)
		}
		return e
	}
	return diags
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
