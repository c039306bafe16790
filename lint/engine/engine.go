// Package engine compiles the opex Rego policy library plus user policy directories once, in a
// sandbox, reads every rule's metadata from its # METADATA annotations, and evaluates all rules
// against one input with a single prepared query.
package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/opexhq/terraform-provider-opex/policies"
)

// Options configures the engine.
type Options struct {
	// Library holds the library modules (file name → Rego source). Nil means the embedded
	// library (policies/lib and policies/rules); tests pass a small library of their own.
	Library map[string]string
	// PolicyDirs are extra directories of .rego files (searched recursively, *_test.rego skipped).
	PolicyDirs []string
}

// Rule is one lint rule as its annotations describe it.
type Rule struct {
	ID           string
	Title        string
	Description  string
	Severity     string
	Principle    string
	FocusArea    string
	Remediation  string
	Example      string
	RequiresPlan bool
	Params       map[string]string // parameter name → description
	Package      string            // last package segment, e.g. large_batch
	File         string
	Line         int
}

// Result is one element of a rule's deny set.
type Result struct {
	RuleID  string
	Msg     string
	Address string
}

// Output is the outcome of one evaluation.
type Output struct {
	Results        []Result // in rule-package then result order as OPA returns them (sets are sorted)
	BlastRadius    float64
	HasBlastRadius bool
}

// Engine is a compiled policy set, safe for concurrent Eval calls.
type Engine struct {
	rules    []Rule
	byPkg    map[string]int
	defaults map[string]any
	query    rego.PreparedEvalQuery
	// inputKeys are the top-level input keys some policy reads; nil when a policy reads input
	// as a whole or by a computed key, so that nothing may be pruned.
	inputKeys map[string]bool
}

// ErrTimeout is returned (wrapped) when evaluation is cancelled by the context deadline.
var ErrTimeout = errors.New("policy evaluation timed out")

const rulesPrefix = "data.opex.rules"

var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// New parses and compiles the library and the policy directories.
func New(ctx context.Context, opts Options) (*Engine, error) {
	sources := opts.Library
	if sources == nil {
		mods, err := policies.Modules("lib", "rules")
		if err != nil {
			return nil, err
		}
		sources = map[string]string{}
		for p, src := range mods {
			sources["policies/"+p] = src
		}
	}
	all := map[string]string{}
	for k, v := range sources {
		all[k] = v
	}
	for _, dir := range opts.PolicyDirs {
		if err := readDir(dir, all); err != nil {
			return nil, err
		}
	}
	caps := policies.SandboxCapabilities()
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	modules := make(map[string]*ast.Module, len(all))
	for _, n := range names {
		m, err := ast.ParseModuleWithOpts(n, all[n], ast.ParserOptions{
			RegoVersion:       ast.RegoV1,
			ProcessAnnotation: true,
			Capabilities:      caps,
		})
		if err != nil {
			return nil, policyError(err)
		}
		modules[n] = m
	}
	compiler := ast.NewCompiler().
		WithCapabilities(caps).
		WithDefaultRegoVersion(ast.RegoV1).
		WithEnablePrintStatements(false)
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, policyError(compiler.Errors)
	}
	e := &Engine{byPkg: map[string]int{}, inputKeys: inputKeys(compiler)}
	if err := e.readRules(compiler, names, modules); err != nil {
		return nil, err
	}
	defaults, err := evalDefaults(ctx, compiler)
	if err != nil {
		return nil, err
	}
	e.defaults = defaults
	q, err := rego.New(
		rego.Compiler(compiler),
		rego.Capabilities(caps),
		rego.Query(`x := {"rules": {p: d | d := `+rulesPrefix+`[p].deny}, "blast_radius": [b | b := data.opex.lib.blast_radius]}`),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, policyError(err)
	}
	e.query = q
	return e, nil
}

func readDir(dir string, into map[string]string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("policy directory %s: %w", dir, unwrapPathError(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("policy directory %s: not a directory", dir)
	}
	n := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Ext(p) != ".rego" || strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		into[filepath.ToSlash(p)] = string(b)
		n++
		return nil
	})
	if err != nil {
		return fmt.Errorf("policy directory %s: %w", dir, err)
	}
	if n == 0 {
		return fmt.Errorf("policy directory %s: no .rego files", dir)
	}
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// PolicyError is a Rego parse, compile or metadata error, with its file:line.
type PolicyError struct{ Msg string }

func (e *PolicyError) Error() string { return e.Msg }

// policyError keeps the first error's location and message on one line and says how many more
// there are, so the command prints one clear line.
func policyError(err error) error {
	var errs ast.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Location.Compare(errs[j].Location) < 0 })
		msg := formatASTError(errs[0])
		if len(errs) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(errs)-1)
		}
		return &PolicyError{Msg: msg}
	}
	var e *ast.Error
	if errors.As(err, &e) {
		return &PolicyError{Msg: formatASTError(e)}
	}
	return &PolicyError{Msg: "policy: " + oneLine(err.Error())}
}

func formatASTError(e *ast.Error) string {
	msg := e.Message
	if strings.HasPrefix(msg, "undefined function ") {
		name := strings.TrimPrefix(msg, "undefined function ")
		if sandboxed(name) {
			msg = fmt.Sprintf("%s is not available to opex policies (no network, environment or file access)", name)
		}
	}
	if e.Location != nil && e.Location.File != "" {
		return fmt.Sprintf("%s:%d: %s", e.Location.File, e.Location.Row, oneLine(msg))
	}
	return oneLine(msg)
}

func sandboxed(name string) bool { return policies.SandboxDenied(name) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (e *Engine) readRules(c *ast.Compiler, names []string, modules map[string]*ast.Module) error {
	cat, err := policies.LoadCatalog()
	if err != nil {
		return fmt.Errorf("policies: catalog: %w", err)
	}
	as := c.GetAnnotationSet()
	byID := map[string]string{}
	for _, n := range names {
		m := c.Modules[n]
		if m == nil {
			m = modules[n]
		}
		path := m.Package.Path.String()
		if !strings.HasPrefix(path, rulesPrefix+".") {
			continue
		}
		loc := m.Package.Location
		where := fmt.Sprintf("%s:%d", n, loc.Row)
		if len(m.Package.Path) != 4 {
			return &PolicyError{fmt.Sprintf("%s: rule packages must be opex.rules.<name>, not %s", where, strings.TrimPrefix(path, "data."))}
		}
		pkg := string(m.Package.Path[3].Value.(ast.String))
		if _, done := e.byPkg[pkg]; done {
			continue // another file of the same package
		}
		a := as.GetPackageScope(m.Package)
		if a == nil || a.Custom["id"] == nil {
			// The annotation may sit in another file of the same package.
			a = nil
			for _, other := range names {
				om := c.Modules[other]
				if om != nil && om.Package.Path.Equal(m.Package.Path) {
					if oa := as.GetPackageScope(om.Package); oa != nil && oa.Custom["id"] != nil {
						a = oa
						break
					}
				}
			}
		}
		if a == nil {
			return &PolicyError{fmt.Sprintf("%s: rule package %s has no # METADATA block with custom.id", where, strings.TrimPrefix(path, "data."))}
		}
		if a.Location != nil {
			where = fmt.Sprintf("%s:%d", a.Location.File, a.Location.Row)
		}
		r, err := ruleFromAnnotations(a, cat.PrincipleIDs(), cat.FocusAreaIDs())
		if err != nil {
			return &PolicyError{fmt.Sprintf("%s: %s: %v", where, strings.TrimPrefix(path, "data."), err)}
		}
		if want := strings.ReplaceAll(r.ID, "-", "_"); want != pkg {
			return &PolicyError{fmt.Sprintf("%s: rule id %q must live in package opex.rules.%s, not opex.rules.%s", where, r.ID, want, pkg)}
		}
		if prev, dup := byID[r.ID]; dup {
			return &PolicyError{fmt.Sprintf("%s: duplicate rule id %q (also in %s)", where, r.ID, prev)}
		}
		byID[r.ID] = where
		r.Package = pkg
		r.File, r.Line = n, loc.Row
		if a.Location != nil {
			r.File, r.Line = a.Location.File, a.Location.Row
		}
		e.byPkg[pkg] = len(e.rules)
		e.rules = append(e.rules, r)
	}
	sort.Slice(e.rules, func(i, j int) bool { return e.rules[i].ID < e.rules[j].ID })
	for i, r := range e.rules {
		e.byPkg[r.Package] = i
	}
	return nil
}

func ruleFromAnnotations(a *ast.Annotations, principles, areas []string) (Rule, error) {
	r := Rule{Title: strings.TrimSpace(a.Title), Description: strings.TrimSpace(a.Description), Params: map[string]string{}}
	str := func(key string, required bool) (string, error) {
		v, ok := a.Custom[key]
		if !ok || v == nil {
			if required {
				return "", fmt.Errorf("custom.%s is missing", key)
			}
			return "", nil
		}
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("custom.%s must be a string", key)
		}
		return strings.TrimSpace(s), nil
	}
	var err error
	if r.ID, err = str("id", true); err != nil {
		return r, err
	}
	if !kebab.MatchString(r.ID) {
		return r, fmt.Errorf("custom.id %q is not kebab-case", r.ID)
	}
	if r.Title == "" {
		return r, errors.New("title is missing")
	}
	if r.Severity, err = str("severity", true); err != nil {
		return r, err
	}
	if !oneOf(r.Severity, "critical", "high", "medium", "low") {
		return r, fmt.Errorf("custom.severity %q is not one of critical, high, medium, low", r.Severity)
	}
	if r.Principle, err = str("principle", true); err != nil {
		return r, err
	}
	if !oneOf(r.Principle, principles...) {
		return r, fmt.Errorf("custom.principle %q is not a design principle of the pillar catalog (%s)", r.Principle, strings.Join(principles, ", "))
	}
	if r.FocusArea, err = str("focus_area", true); err != nil {
		return r, err
	}
	if !oneOf(r.FocusArea, areas...) {
		return r, fmt.Errorf("custom.focus_area %q is not one of %s", r.FocusArea, strings.Join(areas, ", "))
	}
	if r.Remediation, err = str("remediation", false); err != nil {
		return r, err
	}
	if r.Example, err = str("example", false); err != nil {
		return r, err
	}
	switch v := a.Custom["requires_plan"].(type) {
	case nil:
	case bool:
		r.RequiresPlan = v
	default:
		return r, errors.New("custom.requires_plan must be true or false")
	}
	switch v := a.Custom["params"].(type) {
	case nil:
	case map[string]any:
		for k, d := range v {
			s, ok := d.(string)
			if !ok {
				return r, fmt.Errorf("custom.params.%s must be a description string", k)
			}
			r.Params[k] = strings.TrimSpace(s)
		}
	default:
		return r, errors.New("custom.params must map parameter names to descriptions")
	}
	return r, nil
}

func oneOf(s string, list ...string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

func evalDefaults(ctx context.Context, c *ast.Compiler) (map[string]any, error) {
	rs, err := rego.New(rego.Compiler(c), rego.Query("x := data.opex.params.defaults")).Eval(ctx)
	if err != nil {
		return nil, policyError(err)
	}
	if len(rs) == 0 {
		return map[string]any{}, nil
	}
	m, ok := rs[0].Bindings["x"].(map[string]any)
	if !ok {
		return nil, &PolicyError{"data.opex.params.defaults must be an object"}
	}
	return m, nil
}

// Rules returns every rule, sorted by id.
func (e *Engine) Rules() []Rule { return e.rules }

// Rule returns the rule with the given id.
func (e *Engine) Rule(id string) (Rule, bool) {
	for _, r := range e.rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Defaults returns the library's parameter defaults (data.opex.params.defaults).
func (e *Engine) Defaults() map[string]any { return e.defaults }

// KnownParams returns every parameter name: the library defaults' keys and every rule's
// declared params.
func (e *Engine) KnownParams() map[string]bool {
	out := map[string]bool{}
	for k := range e.defaults {
		out[k] = true
	}
	for _, r := range e.rules {
		for k := range r.Params {
			out[k] = true
		}
	}
	return out
}

// inputKeys collects the first key of every input reference in the compiled modules. A
// reference to input itself (walk(input, ...), object.get(input, k, ...), `with input as`) or
// with a non-constant first key makes every key potentially read: the result is then nil.
func inputKeys(c *ast.Compiler) map[string]bool {
	keys := map[string]bool{}
	whole := false
	var visit func(t *ast.Term) bool
	visit = func(t *ast.Term) bool {
		switch v := t.Value.(type) {
		case ast.Var:
			// The compiler resolves input to a reference; a bare var is not expected, but
			// is treated as a read of everything rather than trusted to be something else.
			if v.Equal(ast.InputRootDocument.Value) {
				whole = true
			}
		case ast.Ref:
			if !v.HasPrefix(ast.InputRootRef) {
				return whole
			}
			if len(v) < 2 {
				whole = true
				return true
			}
			k, ok := v[1].Value.(ast.String)
			if !ok {
				whole = true
				return true
			}
			keys[string(k)] = true
			// The head is the input var itself; later path elements may hold references.
			for _, p := range v[2:] {
				ast.WalkTerms(p, visit)
			}
			return true
		}
		return whole
	}
	for _, m := range c.Modules {
		ast.WalkTerms(m, visit)
		if whole {
			return nil
		}
	}
	return keys
}

// InputKeys returns the sorted top-level input keys the policies read, and false when they may
// read any key (so the whole document is passed to OPA).
func (e *Engine) InputKeys() ([]string, bool) {
	if e.inputKeys == nil {
		return nil, false
	}
	out := make([]string, 0, len(e.inputKeys))
	for k := range e.inputKeys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, true
}

// parsedInput converts a decoded document to OPA's value type directly, keeping only the
// top-level keys some policy reads. A plan's prior_state and planned_values are about half its
// size and no library rule reads them; converting them is pure cost. It also skips the JSON
// round trip rego.EvalInput makes of the whole document before converting it.
func (e *Engine) parsedInput(doc map[string]any) (ast.Value, error) {
	kvs := make([][2]*ast.Term, 0, len(doc))
	for k, v := range doc {
		if e.inputKeys != nil && !e.inputKeys[k] {
			continue
		}
		val, err := toValue(v)
		if err != nil {
			return nil, fmt.Errorf("input.%s: %w", k, err)
		}
		kvs = append(kvs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(val)})
	}
	return ast.NewObject(kvs...), nil
}

// parallelMin is the array length from which toValue converts elements on several cores: a
// large plan's resource_changes takes about as long to convert as to decode.
const parallelMin = 512

// toValue is ast.InterfaceToValue, converting the elements of a long array in parallel chunks
// (the conversion reads only immutable interning tables, so it is safe to run concurrently).
func toValue(v any) (ast.Value, error) {
	list, ok := v.([]any)
	workers := runtime.GOMAXPROCS(0)
	if !ok || len(list) < parallelMin || workers < 2 {
		return ast.InterfaceToValue(v)
	}
	terms := make([]*ast.Term, len(list))
	errs := make([]error, workers)
	chunk := (len(list) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(list))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				val, err := ast.InterfaceToValue(list[i])
				if err != nil {
					errs[w] = err
					return
				}
				terms[i] = ast.NewTerm(val)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return ast.NewArray(terms...), nil
}

// Eval evaluates every rule against input: a decoded plan document, or one already converted
// to OPA's value type (holding at least the keys InputKeys names). Cancellation and the
// context's deadline stop evaluation; a deadline yields an error wrapping ErrTimeout.
func (e *Engine) Eval(ctx context.Context, input any) (*Output, error) {
	opt := rego.EvalInput(input)
	if v, ok := input.(ast.Value); ok {
		// Already OPA's value type (planfile.LoadInput): used as it is.
		opt = rego.EvalParsedInput(v)
	} else if doc, ok := input.(map[string]any); ok {
		v, err := e.parsedInput(doc)
		if err != nil {
			return nil, &PolicyError{"input: " + oneLine(err.Error())}
		}
		opt = rego.EvalParsedInput(v)
	}
	rs, err := e.query.Eval(ctx, opt)
	if err != nil {
		if topdown.IsCancel(err) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, ErrTimeout
		}
		return nil, policyError(err)
	}
	out := &Output{}
	if len(rs) == 0 {
		return out, nil
	}
	x, _ := rs[0].Bindings["x"].(map[string]any)
	if brs, _ := x["blast_radius"].([]any); len(brs) > 0 {
		f, err := number(brs[0])
		if err != nil {
			return nil, &PolicyError{"data.opex.lib.blast_radius must be a number"}
		}
		out.BlastRadius, out.HasBlastRadius = f, true
	}
	rules, _ := x["rules"].(map[string]any)
	pkgs := make([]string, 0, len(rules))
	for p := range rules {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		i, ok := e.byPkg[p]
		if !ok {
			continue
		}
		r := e.rules[i]
		set, ok := rules[p].([]any)
		if !ok {
			return nil, &PolicyError{fmt.Sprintf("rule %s (%s): deny must be a set of results, got %s", r.ID, r.File, typeName(rules[p]))}
		}
		for _, v := range set {
			res, err := toResult(v)
			if err != nil {
				return nil, &PolicyError{fmt.Sprintf("rule %s (%s): malformed result: %v", r.ID, r.File, err)}
			}
			res.RuleID = r.ID
			out.Results = append(out.Results, res)
		}
	}
	return out, nil
}

// toResult accepts the documented object form and, for conftest compatibility, a bare string.
func toResult(v any) (Result, error) {
	switch t := v.(type) {
	case string:
		return Result{Msg: t}, nil
	case map[string]any:
		msg, ok := t["msg"].(string)
		if !ok {
			return Result{}, fmt.Errorf("msg must be a string, got %s", typeName(t["msg"]))
		}
		r := Result{Msg: msg}
		switch a := t["address"].(type) {
		case nil:
		case string:
			r.Address = a
		default:
			return Result{}, fmt.Errorf("address must be a string, got %s", typeName(a))
		}
		return r, nil
	}
	return Result{}, fmt.Errorf("want an object with msg (and address), got %s", typeName(v))
}

func number(v any) (float64, error) {
	switch n := v.(type) {
	case json.Number:
		return n.Float64()
	case float64:
		return n, nil
	case int:
		return float64(n), nil
	}
	return 0, errors.New("not a number")
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64, int:
		return "a number"
	case []any:
		return "a set or array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
