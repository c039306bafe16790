// Package readiness evaluates opex readiness checks — the built-in ones from the policy library
// and custom ones written in opex_readiness_check resources — against a review input, and scores
// the results. Check metadata comes from each module's package-scope METADATA block (built-ins)
// or from the resource's attributes (custom checks); there is no second list of checks in Go.
package readiness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/opexhq/terraform-provider-opex/policies"
)

// Severities, from most to least severe.
var Severities = []string{"critical", "high", "medium", "low"}

// FocusAreas are the pillar's focus areas a check can belong to.
var FocusAreas = []string{"organization", "prepare", "operate", "evolve"}

// severityWeight is a check's base weight in the score.
var severityWeight = map[string]int{"critical": 8, "high": 4, "medium": 2, "low": 1}

// DefaultPriorityWeight is the weight of a focus area that no priority names; it is also
// opex_priority's default weight, so unweighted priorities leave the severity weights unchanged.
const DefaultPriorityWeight = 50

// Status values of a result.
const (
	StatusPass   = "pass"
	StatusFail   = "fail"
	StatusWaived = "waived"
)

// Check describes one readiness check.
type Check struct {
	ID          string
	Title       string
	Description string
	FocusArea   string
	Principle   string
	Severity    string
	Remediation string
	BuiltIn     bool
	// Package is the Rego package whose deny set the check evaluates.
	Package string
}

// Custom is a check written by a user (opex_readiness_check).
type Custom struct {
	Key, Title, FocusArea, Principle, Severity, Description, Remediation string
	Rego                                                                 string
}

// parseOpts parses Rego v1 and keeps METADATA blocks so the annotations API can read them.
var parseOpts = ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}

type builtIn struct {
	modules map[string]*ast.Module
	checks  []Check
}

var (
	builtInOnce sync.Once
	builtInSet  builtIn
	builtInErr  error
)

// loadBuiltIns parses and compiles the library's readiness checks once and reads their metadata.
func loadBuiltIns() (builtIn, error) {
	builtInOnce.Do(func() {
		srcs, err := policies.Modules("readiness")
		if err != nil {
			builtInErr = err
			return
		}
		mods := make(map[string]*ast.Module, len(srcs))
		for name, src := range srcs {
			m, err := ast.ParseModuleWithOpts(name, src, parseOpts)
			if err != nil {
				builtInErr = fmt.Errorf("built-in readiness check %s: %w", name, err)
				return
			}
			mods[name] = m
		}
		c := ast.NewCompiler().WithCapabilities(policies.SandboxCapabilities()).WithDefaultRegoVersion(ast.RegoV1)
		if c.Compile(mods); c.Failed() {
			builtInErr = fmt.Errorf("built-in readiness checks: %w", c.Errors)
			return
		}
		checks, err := checksFromAnnotations(c, mods)
		if err != nil {
			builtInErr = err
			return
		}
		builtInSet = builtIn{modules: mods, checks: checks}
	})
	return builtInSet, builtInErr
}

// checksFromAnnotations reads each module's package-scope METADATA. A module without one is a
// helper, not a check.
func checksFromAnnotations(c *ast.Compiler, mods map[string]*ast.Module) ([]Check, error) {
	as := c.GetAnnotationSet()
	var checks []Check
	names := make([]string, 0, len(mods))
	for n := range mods {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m := mods[n]
		a := as.GetPackageScope(m.Package)
		if a == nil {
			continue
		}
		str := func(k string) string {
			s, _ := a.Custom[k].(string)
			return strings.TrimSpace(s)
		}
		ch := Check{
			ID: str("id"), Title: a.Title, Description: strings.TrimSpace(a.Description),
			FocusArea: str("focus_area"), Principle: str("principle"), Severity: str("severity"),
			Remediation: str("remediation"), BuiltIn: true, Package: m.Package.Path.String(),
		}
		if ch.ID == "" || ch.Title == "" || severityWeight[ch.Severity] == 0 || !contains(FocusAreas, ch.FocusArea) {
			return nil, fmt.Errorf("%s: METADATA needs title and custom id, a severity (%s) and a focus_area (%s)",
				n, strings.Join(Severities, "|"), strings.Join(FocusAreas, "|"))
		}
		checks = append(checks, ch)
	}
	sort.Slice(checks, func(i, j int) bool { return checks[i].ID < checks[j].ID })
	return checks, nil
}

// BuiltIns returns the built-in checks, sorted by id.
func BuiltIns() ([]Check, error) {
	b, err := loadBuiltIns()
	if err != nil {
		return nil, err
	}
	return append([]Check(nil), b.checks...), nil
}

// parseCustom parses a custom module and checks that it defines a partial set rule `deny`.
// Errors carry the position as "rego:LINE:COL" so users find the line in their attribute.
func parseCustom(name, module string) (*ast.Module, error) {
	m, err := ast.ParseModuleWithOpts(name, module, parseOpts)
	if err != nil {
		return nil, err
	}
	found := false
	for _, r := range m.Rules {
		if !r.Head.Ref().Equal(ast.Ref{ast.VarTerm("deny")}) {
			continue
		}
		if r.Head.RuleKind() != ast.MultiValue {
			return nil, fmt.Errorf("%s:%d: deny must be a set rule: `deny contains msg if { ... }`", name, r.Location.Row)
		}
		found = true
	}
	if !found {
		return nil, fmt.Errorf("%s: the module defines no `deny contains msg if { ... }` rule", name)
	}
	return m, nil
}

// Validate parses and compiles a custom check module on its own, in the sandbox, and returns
// the Rego error (with its line, as "rego:LINE") when it is not a usable check.
func Validate(module string) error {
	m, err := parseCustom("rego", module)
	if err != nil {
		return err
	}
	c := ast.NewCompiler().WithCapabilities(policies.SandboxCapabilities()).WithDefaultRegoVersion(ast.RegoV1)
	if c.Compile(map[string]*ast.Module{"rego": m}); c.Failed() {
		return c.Errors
	}
	return nil
}

// Engine evaluates a fixed set of checks; it is built once per review and evaluates all checks
// with one prepared query.
type Engine struct {
	checks []Check
	query  rego.PreparedEvalQuery
}

// New compiles the built-in checks together with the given custom checks in the sandbox.
func New(ctx context.Context, custom []Custom) (*Engine, error) {
	b, err := loadBuiltIns()
	if err != nil {
		return nil, err
	}
	mods := make(map[string]*ast.Module, len(b.modules)+len(custom))
	for n, m := range b.modules {
		mods[n] = m
	}
	checks := append([]Check(nil), b.checks...)
	byPkg := map[string]string{}
	for _, ch := range checks {
		byPkg[ch.Package] = ch.ID
	}
	seen := map[string]bool{}
	for _, ch := range checks {
		seen[ch.ID] = true
	}
	for _, cu := range custom {
		if seen[cu.Key] {
			return nil, fmt.Errorf("custom check %q: the key is already used by another check", cu.Key)
		}
		seen[cu.Key] = true
		name := "custom/" + cu.Key + ".rego"
		m, err := parseCustom(name, cu.Rego)
		if err != nil {
			return nil, fmt.Errorf("custom check %q: %w", cu.Key, err)
		}
		pkg := m.Package.Path.String()
		if other, ok := byPkg[pkg]; ok {
			return nil, fmt.Errorf("custom check %q: package %s is already used by check %q; give each check its own package",
				cu.Key, strings.TrimPrefix(pkg, "data."), other)
		}
		byPkg[pkg] = cu.Key
		mods[name] = m
		checks = append(checks, Check{
			ID: cu.Key, Title: cu.Title, Description: cu.Description, FocusArea: cu.FocusArea,
			Principle: cu.Principle, Severity: cu.Severity, Remediation: cu.Remediation, Package: pkg,
		})
	}
	c := ast.NewCompiler().WithCapabilities(policies.SandboxCapabilities()).WithDefaultRegoVersion(ast.RegoV1)
	if c.Compile(mods); c.Failed() {
		return nil, fmt.Errorf("compiling readiness checks: %w", c.Errors)
	}
	// One query builds {check id: deny set}; a set rule is always defined, so the object is too.
	var q strings.Builder
	q.WriteString("result := {")
	for i, ch := range checks {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "%q: %s.deny", ch.ID, ch.Package)
	}
	q.WriteString("}")
	pq, err := rego.New(
		rego.Query(q.String()),
		rego.Compiler(c),
		rego.Capabilities(policies.SandboxCapabilities()),
		rego.SetRegoVersion(ast.RegoV1),
		rego.StrictBuiltinErrors(false),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("preparing readiness query: %w", err)
	}
	return &Engine{checks: checks, query: pq}, nil
}

// Checks returns the engine's checks: built-ins sorted by id, then custom ones in given order.
func (e *Engine) Checks() []Check { return append([]Check(nil), e.checks...) }

// evalTimeout bounds one evaluation; a check that loops over a huge input must not hang a plan.
const evalTimeout = 30 * time.Second

// Evaluate runs every check once against input and returns each check's deny messages, sorted.
func (e *Engine) Evaluate(ctx context.Context, input map[string]any) (map[string][]string, error) {
	ctx, cancel := context.WithTimeout(ctx, evalTimeout)
	defer cancel()
	rs, err := e.query.Eval(ctx, rego.EvalInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluating readiness checks: %w", err)
	}
	if len(rs) != 1 {
		return nil, errors.New("evaluating readiness checks: the query returned no result")
	}
	all, ok := rs[0].Bindings["result"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("evaluating readiness checks: unexpected result %T", rs[0].Bindings["result"])
	}
	out := make(map[string][]string, len(all))
	for id, v := range all {
		items, _ := v.([]any)
		msgs := make([]string, 0, len(items))
		for _, it := range items {
			msgs = append(msgs, message(it))
		}
		sort.Strings(msgs)
		out[id] = msgs
	}
	return out, nil
}

// message accepts a string, or an object with a msg field (the lint rules' form); anything else
// is shown as JSON so that a custom check's mistake is visible rather than lost.
func message(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		if s, ok := t["msg"].(string); ok {
			return s
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Waiver turns a failing check into waived until (and including) the day Until (YYYY-MM-DD).
type Waiver struct {
	Check, Reason, Until string
}

// Priority is the part of an opex_priority that weighs the score.
type Priority struct {
	FocusArea string
	Weight    int
}

// Result is one check's outcome.
type Result struct {
	Check, Title, Status, Severity, FocusArea, Message string
}

// Outcome is a scored review.
type Outcome struct {
	Results []Result
	Score   int
	Passed  bool
}

// Review evaluates the checks against input, applies waivers at the day now and scores the
// results. passed = score >= minScore and no critical check failed (a waived one does not count).
func (e *Engine) Review(ctx context.Context, input map[string]any, now time.Time, waivers []Waiver, priorities []Priority, minScore int) (Outcome, error) {
	denies, err := e.Evaluate(ctx, input)
	if err != nil {
		return Outcome{}, err
	}
	today := now.UTC().Format("2006-01-02")
	byCheck := map[string][]Waiver{}
	for _, w := range waivers {
		byCheck[w.Check] = append(byCheck[w.Check], w)
	}
	var out Outcome
	for _, ch := range e.checks {
		r := Result{Check: ch.ID, Title: ch.Title, Severity: ch.Severity, FocusArea: ch.FocusArea, Status: StatusPass}
		msgs := denies[ch.ID]
		if len(msgs) > 0 {
			r.Status = StatusFail
			r.Message = strings.Join(msgs, "; ")
			if w, ok := activeWaiver(byCheck[ch.ID], today); ok {
				r.Status = StatusWaived
				r.Message = fmt.Sprintf("waived until %s: %s (%s)", w.Until, w.Reason, r.Message)
			} else if w, ok := latestWaiver(byCheck[ch.ID]); ok {
				r.Message = fmt.Sprintf("%s (waiver expired on %s)", r.Message, w.Until)
			}
		}
		out.Results = append(out.Results, r)
	}
	out.Score = Score(out.Results, priorities)
	out.Passed = out.Score >= minScore
	for _, r := range out.Results {
		if r.Status == StatusFail && r.Severity == "critical" {
			out.Passed = false
		}
	}
	return out, nil
}

// activeWaiver returns the waiver that lasts longest among those not expired at today; dates
// compare as strings because both are YYYY-MM-DD.
func activeWaiver(ws []Waiver, today string) (Waiver, bool) {
	var best Waiver
	found := false
	for _, w := range ws {
		if w.Until >= today && (!found || w.Until > best.Until) {
			best, found = w, true
		}
	}
	return best, found
}

func latestWaiver(ws []Waiver) (Waiver, bool) {
	var best Waiver
	for _, w := range ws {
		if w.Until > best.Until {
			best = w
		}
	}
	return best, len(ws) > 0
}

// Weight is a check's weight in the score: its severity weight scaled by the weight of the
// heaviest priority in its focus area (DefaultPriorityWeight when none), relative to the default.
func Weight(severity, focusArea string, priorities []Priority) float64 {
	pw := -1
	for _, p := range priorities {
		if p.FocusArea == focusArea && p.Weight > pw {
			pw = p.Weight
		}
	}
	if pw < 0 {
		pw = DefaultPriorityWeight
	}
	return float64(severityWeight[severity]) * float64(pw) / DefaultPriorityWeight
}

// Score is 100 × (weight of passed and waived checks) / (weight of all checks), rounded to the
// nearest integer; 100 when there is nothing to weigh.
func Score(results []Result, priorities []Priority) int {
	var total, ok float64
	for _, r := range results {
		w := Weight(r.Severity, r.FocusArea, priorities)
		total += w
		if r.Status != StatusFail {
			ok += w
		}
	}
	if total == 0 {
		return 100
	}
	return int(math.Round(100 * ok / total))
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// PackageOf returns the package path a module declares (without "data."), or "" when the
// module does not parse.
func PackageOf(module string) string {
	m, err := ast.ParseModuleWithOpts("rego", module, parseOpts)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(m.Package.Path.String(), "data.")
}
