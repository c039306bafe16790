// Package lint runs opexlint: it loads the input (a plan or a directory of .tf files), the
// configuration file and the policies, evaluates every rule once, locates and waives findings,
// scrubs sensitive values and builds the report that lint/report renders.
package lint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/opexhq/terraform-provider-opex/lint/config"
	"github.com/opexhq/terraform-provider-opex/lint/engine"
	"github.com/opexhq/terraform-provider-opex/lint/planfile"
	"github.com/opexhq/terraform-provider-opex/lint/report"
	"github.com/opexhq/terraform-provider-opex/lint/tfconfig"
	"github.com/opexhq/terraform-provider-opex/lint/waiver"
)

// DefaultTimeout bounds policy evaluation when Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// DefaultFailOn is the --fail-on level when neither the flag nor the config file sets one.
const DefaultFailOn = "high"

// RulesDocBase is where the generated rule reference lives.
const RulesDocBase = "https://github.com/opexhq/terraform-provider-opex/blob/main/docs/rules/"

// Options are the inputs of one run; empty fields take the config file's value, then defaults.
type Options struct {
	Path         string   // plan JSON, binary plan, or directory of .tf files
	Dir          string   // configuration root for a plan input ("" : none)
	ConfigFile   string   // explicit --config; "" : .opexlint.hcl in WorkDir, then Dir
	WorkDir      string   // where to look for .opexlint.hcl ("" : the process's working dir)
	PolicyDirs   []string // extra --policy directories
	FailOn       string
	Environment  string
	Params       []string // KEY=VALUE
	TerraformBin string
	Timeout      time.Duration
	Version      string
	Now          func() time.Time // clock for waiver expiry; nil: time.Now
	Debug        io.Writer        // diagnostics (never values from the plan); nil: none
	// Evaluated, when set, is called once the policies are evaluated and the plan's values are
	// no longer needed; what Run does after it (locating, waiving and scrubbing the findings)
	// allocates little. The CLI stops the garbage collector there (see lint/cmd/opexlint).
	Evaluated func()

	// Library replaces the embedded policy library (tests); nil: embedded.
	Library map[string]string
	// Settings, when set, is a configuration and compiled engine to reuse across runs (tests,
	// benchmarks, long-lived callers); ConfigFile, PolicyDirs and Library are then ignored.
	Settings *Settings
}

// Error is an input, configuration or policy error: exit status 2.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func fail(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Settings are the resolved configuration and policies, shared by `check` and `rules`.
type Settings struct {
	Config *config.Config
	Engine *engine.Engine
}

// LoadSettings reads the configuration file (if any) and compiles the policies.
func LoadSettings(ctx context.Context, opts Options, configDirs ...string) (*Settings, error) {
	cfg := &config.Config{Params: map[string]config.Param{}}
	path := opts.ConfigFile
	if path == "" {
		path = config.Find(configDirs...)
	}
	if path != "" {
		c, err := config.Load(path)
		if err != nil {
			return nil, &Error{Msg: err.Error()}
		}
		cfg = c
	}
	dirs := append(append([]string{}, cfg.PolicyDirs...), opts.PolicyDirs...)
	e, err := engine.New(ctx, engine.Options{Library: opts.Library, PolicyDirs: dirs})
	if err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	return &Settings{Config: cfg, Engine: e}, nil
}

// Rules returns the rules in force (engine rules plus the built-in expired-waiver rule) with the
// configuration's enabled/severity overrides, sorted by id.
func (s *Settings) Rules() []engine.Rule {
	rules := append(append([]engine.Rule{}, s.Engine.Rules()...), waiver.ExpiredRule)
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules
}

// Run lints one input.
func Run(ctx context.Context, opts Options) (*report.Report, error) {
	start := time.Now()
	debugf := func(format string, args ...any) {
		if opts.Debug != nil {
			fmt.Fprintf(opts.Debug, "opexlint: debug: "+format+"\n", args...)
		}
	}
	st, err := os.Stat(opts.Path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fail("%s: no such file or directory", opts.Path)
		}
		return nil, fail("%s: %v", opts.Path, errors.Unwrap(err))
	}
	hclMode := st.IsDir()
	dir := opts.Dir
	if hclMode {
		if dir != "" && filepath.Clean(dir) != filepath.Clean(opts.Path) {
			return nil, fail("--dir %s: PATH %s is already a configuration directory; --dir is for plan input", dir, opts.Path)
		}
		dir = opts.Path
	}
	workDir := opts.WorkDir
	if workDir == "" {
		workDir, _ = os.Getwd()
	}
	// HCL-only mode: the tree is parsed while the policies compile (independent work; the
	// compiler uses one core). Errors keep their order: settings first.
	type parsedTree struct {
		c   *tfconfig.Config
		err error
	}
	var treec chan parsedTree
	if hclMode {
		treec = make(chan parsedTree, 1) // buffered: an early return leaves no goroutine blocked
		go func() {
			c, err := tfconfig.Load(dir)
			treec <- parsedTree{c, err}
		}()
	}
	s := opts.Settings
	if s == nil {
		if s, err = LoadSettings(ctx, opts, workDir, dir); err != nil {
			return nil, err
		}
	}
	cfg := s.Config
	debugf("config: %q; %d rules compiled in %s", cfg.File, len(s.Engine.Rules()), time.Since(start).Round(time.Millisecond))

	known := map[string]engine.Rule{}
	for _, r := range s.Rules() {
		known[r.ID] = r
	}
	overrides := map[string]config.Rule{}
	for _, rc := range cfg.Rules {
		if _, ok := known[rc.ID]; !ok {
			return nil, fail("%s: unknown rule %q in rule block%s", rc.Pos, rc.ID, suggest(rc.ID, known))
		}
		overrides[rc.ID] = rc
	}
	params, err := resolveParams(s.Engine, cfg, opts.Params)
	if err != nil {
		return nil, err
	}

	failOn := firstNonEmpty(opts.FailOn, cfg.FailOn, DefaultFailOn)
	if !contains(config.FailOnLevels, failOn) {
		return nil, fail("--fail-on %q is not one of %s", failOn, strings.Join(config.FailOnLevels, ", "))
	}
	environment := firstNonEmpty(opts.Environment, cfg.Environment)

	// Input.
	var (
		doc       map[string]any // HCL-only mode: the synthetic plan
		plan      *planfile.Plan // plan mode: the plan as OPA values (plan.Input)
		sensitive []string
		tfc       *tfconfig.Config
	)
	// The plan is read and decoded while the .tf tree is parsed: independent work, and on a
	// large plan both take long enough for a second core to pay. Errors keep their order:
	// configuration first, then the plan.
	type loaded struct {
		p   *planfile.Plan
		err error
	}
	var planc chan loaded
	if !hclMode {
		planc = make(chan loaded, 1) // buffered: an early return leaves no goroutine blocked
		// Only the top-level keys some policy reads are decoded into values (nil: all of them).
		keys, _ := s.Engine.InputKeys()
		go func() {
			p, err := planfile.LoadInput(opts.Path, planfile.Options{TerraformBin: opts.TerraformBin, WorkDir: dir}, keys)
			planc <- loaded{p, err}
		}()
	}
	if dir != "" {
		if hclMode {
			t := <-treec
			tfc, err = t.c, t.err
		} else {
			tfc, err = tfconfig.LoadForPlan(dir) // a plan needs locations, facts and waivers, not the bodies
		}
		if err != nil {
			return nil, &Error{Msg: err.Error()}
		}
		if diags := tfc.Diagnostics(); len(diags) > 0 {
			d := diags[0]
			d.File = filepath.ToSlash(filepath.Join(dir, d.File))
			more := ""
			if len(diags) > 1 {
				more = fmt.Sprintf(" (and %d more)", len(diags)-1)
			}
			return nil, fail("%s%s", d.String(), more)
		}
	}
	mode := "plan"
	if hclMode {
		mode = "hcl"
		doc = tfc.SyntheticPlan()
	} else {
		// A binary plan is converted in the directory it was made in: --dir when given.
		l := <-planc
		if l.err != nil {
			return nil, &Error{Msg: l.err.Error()}
		}
		p := l.p
		plan, sensitive = p, p.Sensitive
		debugf("plan %s: format_version %q, %d sensitive values masked; loaded at %s", opts.Path, p.FormatVersion, len(p.Sensitive), time.Since(start).Round(time.Millisecond))
	}

	// Waivers: validated before evaluation so a typo fails fast.
	var waivers []waiver.Waiver
	if tfc != nil {
		for _, iw := range tfc.InlineWaivers() {
			src := filepath.ToSlash(filepath.Join(dir, iw.File))
			for _, id := range iw.Rules {
				if err := checkWaivable(id, known); err != nil {
					return nil, fail("%s:%d: # opex:ignore: %v", src, iw.Line, err)
				}
			}
			waivers = append(waivers, waiver.Waiver{Rules: iw.Rules, Inline: true, Target: iw.Target,
				Reason: iw.Reason, Until: iw.Until, File: iw.File, Line: iw.Line})
		}
	}
	for _, w := range cfg.Waivers {
		if err := checkWaivable(w.Rule, known); err != nil {
			return nil, fail("%s: waiver: %v", w.Pos, err)
		}
		waivers = append(waivers, waiver.Waiver{Rules: []string{w.Rule}, Pattern: w.Address,
			Reason: w.Reason, Until: w.Until, File: w.Pos.File, Line: w.Pos.Line})
	}

	// input.opex: derived facts (policies/README.md).
	opex := map[string]any{"mode": mode, "params": params}
	if environment != "" {
		opex["environment"] = environment
	}
	if tfc != nil {
		res := map[string]any{}
		for addr, f := range tfc.Facts() {
			prov := make([]any, len(f.Provisioners))
			for i, p := range f.Provisioners {
				prov[i] = p
			}
			res[addr] = map[string]any{"prevent_destroy": f.PreventDestroy,
				"create_before_destroy": f.CreateBeforeDestroy, "provisioners": prov}
		}
		opex["config"] = map[string]any{"resources": res}
	}
	var input any = doc
	if plan != nil {
		v, err := ast.InterfaceToValue(opex)
		if err != nil {
			return nil, fail("input.opex: %v", err)
		}
		plan.Input.Insert(ast.StringTerm("opex"), ast.NewTerm(v))
		input = plan.Input
	} else {
		doc["opex"] = opex
	}

	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ectx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	evalStart := time.Now()
	var (
		changeCount int
		actions     report.Actions
	)
	if plan != nil {
		changeCount, actions = countChanges(plan.Actions)
	}
	out, err := s.Engine.Eval(ectx, input)
	if opts.Evaluated != nil {
		opts.Evaluated()
	}
	if errors.Is(err, engine.ErrTimeout) {
		return nil, fail("policy evaluation did not finish within --timeout %s", timeout)
	}
	if err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	debugf("evaluated in %s: %d results", time.Since(evalStart).Round(time.Millisecond), len(out.Results))

	// Rules in force and skipped.
	r := &report.Report{
		Tool:   report.Tool{Name: "opexlint", Version: firstNonEmpty(opts.Version, "dev")},
		Mode:   mode,
		FailOn: failOn,
	}
	skip := map[string]bool{}
	for _, rule := range s.Rules() {
		ov, hasOv := overrides[rule.ID]
		enabled := !hasOv || ov.Enabled == nil || *ov.Enabled
		sev := rule.Severity
		if hasOv && ov.Severity != "" {
			sev = ov.Severity
		}
		switch {
		case !enabled:
			skip[rule.ID] = true
			r.Skipped = append(r.Skipped, report.SkippedRule{ID: rule.ID, Reason: "disabled in " + ov.Pos.String()})
		case hclMode && rule.RequiresPlan:
			skip[rule.ID] = true
			r.Skipped = append(r.Skipped, report.SkippedRule{ID: rule.ID, Reason: "needs a plan: HCL-only mode lints .tf files without one"})
		}
		r.Rules = append(r.Rules, report.Rule{ID: rule.ID, Title: rule.Title, Description: rule.Description,
			Severity: sev, Principle: rule.Principle, FocusArea: rule.FocusArea, Remediation: rule.Remediation,
			RequiresPlan: rule.RequiresPlan, HelpURI: RulesDocBase + rule.ID + ".md", Enabled: !skip[rule.ID]})
	}
	severity := map[string]string{}
	for _, rr := range r.Rules {
		severity[rr.ID] = rr.Severity
	}

	// Findings.
	var findings []report.Finding
	for _, res := range out.Results {
		if skip[res.RuleID] {
			continue
		}
		rule := known[res.RuleID]
		f := report.Finding{RuleID: rule.ID, Severity: severity[rule.ID], Title: rule.Title, Message: res.Msg,
			Principle: rule.Principle, FocusArea: rule.FocusArea, Address: res.Address}
		if tfc != nil && f.Address != "" {
			if file, line, ok := tfc.Locate(f.Address); ok {
				f.File, f.Line = file, line
			}
		}
		findings = append(findings, f)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	findings = waiver.Apply(findings, waivers, now())
	kept := findings[:0]
	for _, f := range findings {
		if f.RuleID == waiver.ExpiredID {
			if skip[f.RuleID] {
				continue
			}
			f.Severity = severity[f.RuleID]
		}
		kept = append(kept, f)
	}
	findings = kept
	scrub(findings, sensitive)
	sortFindings(findings)
	if findings == nil {
		findings = []report.Finding{}
	}
	r.Findings = findings

	// Summary.
	r.Summary.BySeverity = map[string]int{}
	for _, sv := range report.Severities {
		r.Summary.BySeverity[sv] = 0
	}
	if !hclMode {
		r.Summary.ResourceChanges, r.Summary.Actions = changeCount, actions
	}
	r.Summary.BlastRadius = out.BlastRadius
	threshold := report.SeverityRank(failOn) // "none" ranks 0: nothing fails
	for _, f := range findings {
		r.Summary.Findings++
		r.Summary.BySeverity[f.Severity]++
		if f.Waived {
			r.Summary.Waived++
			continue
		}
		if threshold > 0 && report.SeverityRank(f.Severity) >= threshold {
			r.Failed = true
		}
	}
	debugf("%d findings (%d waived) in %s", r.Summary.Findings, r.Summary.Waived, time.Since(start).Round(time.Millisecond))
	return r, nil
}

func checkWaivable(id string, known map[string]engine.Rule) error {
	if id == waiver.ExpiredID {
		return errors.New("expired-waiver findings cannot be waived: renew or delete the expired waiver")
	}
	if _, ok := known[id]; !ok {
		return fmt.Errorf("unknown rule %q%s", id, suggest(id, known))
	}
	return nil
}

// suggest names the closest known rule id, for typos.
func suggest(id string, known map[string]engine.Rule) string {
	best, bestD := "", 4
	for k := range known {
		if d := distance(id, k); d < bestD || (d == bestD && k < best) {
			best, bestD = k, d
		}
	}
	if best == "" {
		return " (run opexlint rules to list them)"
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// resolveParams merges parameter overrides: config params, then rule blocks' params, then
// --param flags. Library defaults and opex_environment values are applied in Rego, below these.
func resolveParams(e *engine.Engine, cfg *config.Config, flags []string) (map[string]any, error) {
	known := e.KnownParams()
	out := map[string]any{}
	for name, p := range cfg.Params {
		if !known[name] {
			return nil, fail("%s: unknown parameter %q%s", p.Pos, name, knownList(known))
		}
		out[name] = p.Value
	}
	setBy := map[string]config.Param{}
	for _, rc := range cfg.Rules {
		rule, ok := e.Rule(rc.ID)
		for name, p := range rc.Params {
			if _, declared := rule.Params[name]; !ok || !declared {
				return nil, fail("%s: rule %q does not read parameter %q", p.Pos, rc.ID, name)
			}
			if prev, dup := setBy[name]; dup && !sameValue(prev.Value, p.Value) {
				return nil, fail("%s: parameter %q is set differently at %s; parameters are shared by all rules", p.Pos, name, prev.Pos)
			}
			setBy[name] = p
			out[name] = p.Value
		}
	}
	for _, kv := range flags {
		name, raw, ok := strings.Cut(kv, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fail("--param %q: want KEY=VALUE", kv)
		}
		if !known[name] {
			return nil, fail("--param %s: unknown parameter%s", name, knownList(known))
		}
		out[name] = paramValue(raw)
	}
	return out, nil
}

// paramValue reads a --param value as JSON when it is JSON (numbers, booleans, lists,
// objects, quoted strings) and as a plain string otherwise.
func paramValue(raw string) any {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err == nil && !dec.More() {
		if _, err := dec.Token(); errors.Is(err, io.EOF) {
			return v
		}
	}
	return raw
}

func sameValue(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func knownList(known map[string]bool) string {
	if len(known) == 0 {
		return " (the policies declare no parameters)"
	}
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	sort.Strings(names)
	return " (known: " + strings.Join(names, ", ") + ")"
}

// countChanges counts resource_changes that change something, by action; a replacement
// (delete and create in either order) counts once, as replace.
func countChanges(changes [][]string) (int, report.Actions) {
	var a report.Actions
	n := 0
	for _, acts := range changes {
		has := map[string]bool{}
		for _, s := range acts {
			has[s] = true
		}
		switch {
		case has["create"] && has["delete"]:
			a.Replace++
		case has["create"]:
			a.Create++
		case has["update"]:
			a.Update++
		case has["delete"]:
			a.Delete++
		default:
			if other := otherAction(acts); other != "" {
				if a.Other == nil {
					a.Other = map[string]int{}
				}
				a.Other[other]++
				break
			}
			continue // no-op and read change nothing
		}
		n++
	}
	return n, a
}

// otherAction names a change whose actions are none of create/update/delete and not only
// no-op/read ("forget", or one a later Terraform adds); "" when the entry changes nothing.
func otherAction(acts []string) string {
	var names []string
	for _, s := range acts {
		if s == "no-op" || s == "read" {
			continue
		}
		names = append(names, s)
	}
	return strings.Join(names, "+")
}

// scrub removes every sensitive value from the findings' text, longest first so a value that
// contains another is removed whole. Rules see masked values already; this also covers messages
// built from a copy of a secret that Terraform did not mark (e.g. through nonsensitive()).
func scrub(findings []report.Finding, sensitive []string) {
	if len(sensitive) == 0 {
		return
	}
	// File and WaiverSource are paths opexlint built itself; every other field may carry text a
	// policy produced. Even short values are replaced: a mangled message is better than a
	// printed secret.
	fields := func(f *report.Finding) []*string {
		return []*string{&f.Message, &f.Address, &f.Title, &f.WaiverReason}
	}
	// Only values that occur in some text can change it, so the others are dropped: the output
	// is the same, and no replacer is built from values that cannot match (a plan may hold
	// sensitive strings of many MB, and strings.Replacer's single-pattern setup is quadratic in
	// a repetitive pattern's length).
	var texts strings.Builder
	for i := range findings {
		for _, s := range fields(&findings[i]) {
			texts.WriteString(*s)
			texts.WriteByte(0)
		}
	}
	hay := texts.String()
	vals := append([]string{}, sensitive...)
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	pairs := make([]string, 0, 2)
	for _, v := range vals {
		if v != "" && strings.Contains(hay, v) {
			pairs = append(pairs, v, planfile.Mask)
		}
	}
	var replace func(string) string
	switch len(pairs) {
	case 0:
		return
	case 2: // what a one-pattern Replacer does, without its skip table
		replace = func(s string) string { return strings.ReplaceAll(s, pairs[0], pairs[1]) }
	default:
		replace = strings.NewReplacer(pairs...).Replace
	}
	for i := range findings {
		for _, s := range fields(&findings[i]) {
			*s = replace(*s)
		}
	}
}

func sortFindings(fs []report.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := report.SeverityRank(a.Severity), report.SeverityRank(b.Severity); ra != rb {
			return ra > rb
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
