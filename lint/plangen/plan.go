package plangen

import (
	"bufio"
	"encoding/json"
	"io"
	"path"
	"sort"
	"strings"
)

// jw streams JSON: raw punctuation plus json.Marshal for leaf values and
// per-resource objects, so memory stays proportional to one resource.
type jw struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (j *jw) raw(s string) {
	if j.err != nil {
		return
	}
	n, err := j.w.WriteString(s)
	j.n += int64(n)
	j.err = err
}

func (j *jw) val(v any) {
	if j.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		j.err = err
		return
	}
	n, err := j.w.Write(b)
	j.n += int64(n)
	j.err = err
}

// key writes "name": (with a leading comma unless first).
func (j *jw) key(name string, first bool) {
	if !first {
		j.raw(",")
	}
	j.val(name)
	j.raw(":")
}

// WritePlan writes the plan JSON to w and returns the number of bytes written.
func (g *Generator) WritePlan(w io.Writer) (int64, error) {
	j := &jw{w: bufio.NewWriterSize(w, 1<<20)}
	j.raw(`{"format_version":"` + formatVersion + `","terraform_version":"` + terraformVer + `"`)
	j.key("variables", false)
	j.val(g.variables())

	j.key("planned_values", false)
	j.raw(`{"outputs":`)
	j.val(g.outputs(false))
	j.raw(`,"root_module":`)
	g.writeModule(j, g.mods[0], plannedExists, g.plannedResource)
	j.raw("}")

	j.key("resource_drift", false)
	j.raw("[")
	first := true
	for _, in := range g.insts {
		if in.drift {
			if !first {
				j.raw(",")
			}
			first = false
			j.val(g.driftChange(in))
		}
	}
	j.raw("]")

	j.key("resource_changes", false)
	j.raw("[")
	for i, in := range g.insts {
		if i > 0 {
			j.raw(",\n")
		}
		j.val(g.resourceChange(in))
	}
	j.raw("]")

	j.key("output_changes", false)
	j.val(g.outputChanges())

	j.key("prior_state", false)
	j.raw(`{"format_version":"1.0","terraform_version":"` + terraformVer + `","values":{"outputs":`)
	j.val(g.outputs(true))
	j.raw(`,"root_module":`)
	g.writeModule(j, g.mods[0], priorExists, g.priorResource)
	j.raw("}}")

	j.key("configuration", false)
	j.raw(`{"provider_config":`)
	j.val(providerConfig)
	j.raw(`,"root_module":`)
	g.writeModuleConfig(j, g.root)
	j.raw("}")

	j.key("relevant_attributes", false)
	j.raw("[")
	first = true
	for _, in := range g.insts {
		if in.drift {
			if !first {
				j.raw(",")
			}
			first = false
			j.val(map[string]any{"resource": in.addr, "attribute": []any{"tags"}})
		}
	}
	j.raw("]")
	j.raw(`,"timestamp":"2026-11-25T12:00:00Z","errored":false}` + "\n")
	if j.err == nil {
		j.err = j.w.Flush()
	}
	return j.n, j.err
}

type rcJSON struct {
	Address       string     `json:"address"`
	ModuleAddress string     `json:"module_address,omitempty"`
	Mode          string     `json:"mode"`
	Type          string     `json:"type"`
	Name          string     `json:"name"`
	Index         any        `json:"index,omitempty"`
	ProviderName  string     `json:"provider_name"`
	Change        changeJSON `json:"change"`
	ActionReason  string     `json:"action_reason,omitempty"`
}

type changeJSON struct {
	Actions         []string `json:"actions"`
	Before          any      `json:"before"`
	After           any      `json:"after"`
	AfterUnknown    any      `json:"after_unknown"`
	BeforeSensitive any      `json:"before_sensitive"`
	AfterSensitive  any      `json:"after_sensitive"`
	ReplacePaths    [][]any  `json:"replace_paths,omitempty"`
}

var planActions = map[string][]string{
	ActCreate: {"create"}, ActUpdate: {"update"}, ActDelete: {"delete"}, ActNoop: {"no-op"}, ActRead: {"read"},
	ActReplaceDC: {"delete", "create"}, ActReplaceCD: {"create", "delete"},
}

func (g *Generator) header(in *instance) rcJSON {
	return rcJSON{Address: in.addr, ModuleAddress: in.mi.addr, Mode: in.blk.spec.mode, Type: in.blk.spec.typ,
		Name: in.blk.name, Index: in.key, ProviderName: in.blk.spec.provider}
}

// resourceChange builds one resource_changes entry; before/after follow
// the action as Terraform plans it.
func (g *Generator) resourceChange(in *instance) rcJSON {
	rc := g.header(in)
	spec := in.blk.spec
	vals, sens := g.values(in)
	ch := changeJSON{Actions: planActions[in.action], BeforeSensitive: false, AfterSensitive: false}
	switch in.action {
	case ActNoop:
		ch.Before, ch.After = vals, vals
		ch.AfterUnknown = shape(vals, nil, nil)
		ch.BeforeSensitive, ch.AfterSensitive = shape(vals, sens, nil), shape(vals, sens, nil)
	case ActUpdate:
		before := g.prior(in, vals)
		ch.Before, ch.After = before, vals
		ch.AfterUnknown = shape(vals, nil, nil)
		ch.BeforeSensitive, ch.AfterSensitive = shape(before, sens, nil), shape(vals, sens, nil)
	case ActCreate, ActRead:
		after := withoutComputed(spec, vals)
		ch.Before, ch.After = nil, after
		ch.AfterUnknown = shape(after, nil, spec.computed)
		ch.AfterSensitive = shape(after, sens, nil)
		if in.action == ActRead {
			rc.ActionReason = "read_because_config_unknown"
		}
	case ActDelete:
		ch.Before, ch.After = vals, nil
		ch.AfterUnknown = map[string]any{}
		ch.BeforeSensitive = shape(vals, sens, nil)
		rc.ActionReason = "delete_because_each_key"
		if in.blk.rep == repCount {
			rc.ActionReason = "delete_because_count_index"
		}
	case ActReplaceDC, ActReplaceCD:
		before, attr := g.replaced(in, vals)
		after := withoutComputed(spec, vals)
		ch.Before, ch.After = before, after
		ch.AfterUnknown = shape(after, nil, spec.computed)
		ch.BeforeSensitive, ch.AfterSensitive = shape(before, sens, nil), shape(after, sens, nil)
		if attr != "" {
			ch.ReplacePaths = [][]any{{attr}}
			rc.ActionReason = "replace_because_cannot_update"
		} else {
			rc.ActionReason = "replace_because_tainted"
		}
	}
	rc.Change = ch
	return rc
}

// prior is the state value of an updated instance: the planned value with
// the type's update applied in reverse.
func (g *Generator) prior(in *instance, vals map[string]any) map[string]any {
	before := make(map[string]any, len(vals))
	for k, v := range vals {
		before[k] = v
	}
	if m := in.blk.spec.mutate; m != nil {
		m(&ictx{r: instRand(g.opts.Seed^0xa5a5, in.id), in: in, g: g}, before)
	} else if t, ok := vals["tags"].(map[string]any); ok {
		before["tags"] = withTag(t, "revision", "previous")
	}
	return before
}

// replaced is the state value of a replaced instance and the attribute
// that forced the replacement ("" for a tainted object).
func (g *Generator) replaced(in *instance, vals map[string]any) (map[string]any, string) {
	before := make(map[string]any, len(vals))
	for k, v := range vals {
		before[k] = v
	}
	fn := in.blk.spec.forceNew
	r := instRand(g.opts.Seed^0x5a5a, in.id)
	if len(fn) == 0 || r.IntN(5) == 0 {
		return before, ""
	}
	for _, attr := range fn {
		switch v := before[attr].(type) {
		case string:
			before[attr] = v + "-old"
			return before, attr
		case bool:
			before[attr] = !v
			return before, attr
		case int:
			before[attr] = v + 1
			return before, attr
		case nil:
			if _, set := before[attr]; !set {
				continue
			}
		}
	}
	return before, ""
}

func withTag(t map[string]any, k, v string) map[string]any {
	out := make(map[string]any, len(t)+1)
	for a, b := range t {
		out[a] = b
	}
	out[k] = v
	return out
}

// driftChange is a resource_drift entry: the tags were edited in the console.
func (g *Generator) driftChange(in *instance) rcJSON {
	rc := g.header(in)
	vals, sens := g.values(in)
	state := vals
	if in.action == ActUpdate {
		state = g.prior(in, vals)
	}
	real := make(map[string]any, len(state))
	for k, v := range state {
		real[k] = v
	}
	if t, ok := state["tags"].(map[string]any); ok {
		real["tags"] = withTag(t, "patched-by", "console")
	} else {
		in.blk.spec.mutate(&ictx{r: instRand(g.opts.Seed^0x77, in.id), in: in, g: g}, real)
	}
	rc.Change = changeJSON{Actions: []string{"update"}, Before: state, After: real, AfterUnknown: shape(real, nil, nil),
		BeforeSensitive: shape(state, sens, nil), AfterSensitive: shape(real, sens, nil)}
	return rc
}

type stateResource struct {
	Address         string `json:"address"`
	Mode            string `json:"mode"`
	Type            string `json:"type"`
	Name            string `json:"name"`
	Index           any    `json:"index,omitempty"`
	ProviderName    string `json:"provider_name"`
	SchemaVersion   int    `json:"schema_version"`
	Values          any    `json:"values"`
	SensitiveValues any    `json:"sensitive_values"`
}

func plannedExists(in *instance) bool { return in.action != ActDelete }

func priorExists(in *instance) bool {
	return in.blk.spec.mode == "managed" && in.action != ActCreate
}

func (g *Generator) stateRes(in *instance, vals map[string]any, sens map[string]bool) stateResource {
	return stateResource{Address: in.addr, Mode: in.blk.spec.mode, Type: in.blk.spec.typ, Name: in.blk.name, Index: in.key,
		ProviderName: in.blk.spec.provider, SchemaVersion: schemaVersion(in.blk.spec), Values: vals, SensitiveValues: shape(vals, sens, nil)}
}

func schemaVersion(s *typeSpec) int {
	switch s.typ {
	case "aws_db_instance":
		return 2
	case "aws_instance", "aws_security_group", "aws_lb_target_group":
		return 1
	}
	return 0
}

func (g *Generator) plannedResource(in *instance) stateResource {
	vals, sens := g.values(in)
	switch in.action {
	case ActCreate, ActRead, ActReplaceDC, ActReplaceCD:
		vals = withoutComputed(in.blk.spec, vals)
	}
	return g.stateRes(in, vals, sens)
}

func (g *Generator) priorResource(in *instance) stateResource {
	vals, sens := g.values(in)
	switch in.action {
	case ActUpdate:
		vals = g.prior(in, vals)
	case ActReplaceDC, ActReplaceCD:
		vals, _ = g.replaced(in, vals)
	}
	return g.stateRes(in, vals, sens)
}

// writeModule writes a values-representation module (and its child
// modules, sorted by address) holding the instances for which exists holds.
func (g *Generator) writeModule(j *jw, mi *modInst, exists func(*instance) bool, res func(*instance) stateResource) {
	j.raw("{")
	first := true
	var rs []*instance
	for _, in := range g.byMod[mi.addr] {
		if exists(in) {
			rs = append(rs, in)
		}
	}
	if len(rs) > 0 {
		j.key("resources", true)
		first = false
		j.raw("[")
		for i, in := range rs {
			if i > 0 {
				j.raw(",\n")
			}
			j.val(res(in))
		}
		j.raw("]")
	}
	if mi.addr != "" {
		j.key("address", first)
		first = false
		j.val(mi.addr)
	}
	var kids []*modInst
	for _, c := range g.children(mi) {
		if g.anyIn(c, exists) {
			kids = append(kids, c)
		}
	}
	if len(kids) > 0 {
		j.key("child_modules", first)
		j.raw("[")
		for i, c := range kids {
			if i > 0 {
				j.raw(",")
			}
			g.writeModule(j, c, exists, res)
		}
		j.raw("]")
	}
	j.raw("}")
}

func (g *Generator) children(mi *modInst) []*modInst { return g.kids[mi] }

func (g *Generator) anyIn(mi *modInst, exists func(*instance) bool) bool {
	for _, in := range g.byMod[mi.addr] {
		if exists(in) {
			return true
		}
	}
	for _, c := range g.children(mi) {
		if g.anyIn(c, exists) {
			return true
		}
	}
	return false
}

func (g *Generator) variables() map[string]any {
	return map[string]any{
		"region":       map[string]any{"value": defaultRegion},
		secretVarName:  map[string]any{"value": g.secret},
		"default_tags": map[string]any{"value": defaultTags},
		"alarm_topics": map[string]any{"value": map[string]any{"production": "arn:aws:sns:eu-west-1:123456789012:alerts-prod", "staging": "arn:aws:sns:eu-west-1:123456789012:alerts-staging"}},
	}
}

// outputs is planned_values.outputs (or prior_state outputs): one output is sensitive.
func (g *Generator) outputs(prior bool) map[string]any {
	return map[string]any{
		secretOutput:     map[string]any{"sensitive": true, "type": "string", "value": g.secret},
		"environment_id": map[string]any{"sensitive": false, "type": "string", "value": "0b9c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3"},
		"module_count":   map[string]any{"sensitive": false, "type": "number", "value": len(g.defs) - 1},
	}
}

func (g *Generator) outputChanges() map[string]any {
	noop := func(v any, sensitive bool) map[string]any {
		return map[string]any{"actions": []string{"no-op"}, "before": v, "after": v, "after_unknown": false,
			"before_sensitive": sensitive, "after_sensitive": sensitive}
	}
	return map[string]any{
		secretOutput:     noop(g.secret, true),
		"environment_id": noop("0b9c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3", false),
		"module_count":   noop(len(g.defs)-1, false),
	}
}

var providerConfig = map[string]any{
	"aws": map[string]any{"name": "aws", "full_name": providerAWS, "version_constraint": "~> 5.60",
		"expressions": map[string]any{"region": map[string]any{"references": []any{"var.region"}},
			"default_tags": []any{map[string]any{"tags": map[string]any{"references": []any{"var.default_tags"}}}}}},
	"opex": map[string]any{"name": "opex", "full_name": providerOpex, "version_constraint": ">= 0.1.0"},
}

// writeModuleConfig streams the configuration representation of a module
// directory, one resource at a time: for large trees the configuration is
// several megabytes and must not be built as one value.
func (g *Generator) writeModuleConfig(j *jw, d *modDef) {
	j.raw("{")
	if d == g.root {
		j.key("outputs", true)
		j.val(map[string]any{
			secretOutput:     map[string]any{"expression": map[string]any{"references": []any{"var." + secretVarName}}, "sensitive": true},
			"environment_id": map[string]any{"expression": map[string]any{"references": []any{"opex_environment.production.id", "opex_environment.production"}}},
			"module_count":   map[string]any{"expression": map[string]any{"constant_value": len(g.defs) - 1}},
		})
	} else {
		j.key("outputs", true)
		j.val(map[string]any{"name": map[string]any{"expression": map[string]any{"references": []any{"var.name"}}}})
	}
	if len(d.blocks) > 0 {
		j.key("resources", false)
		j.raw("[")
		for i, b := range d.blocks {
			if i > 0 {
				j.raw(",")
			}
			exprs := map[string]any{}
			for _, a := range b.attrs {
				exprs[a.name] = attrExpr(a)
			}
			rc := map[string]any{"address": b.cfgAddr(), "mode": b.spec.mode, "type": b.spec.typ, "name": b.name,
				"provider_config_key": providerKey(b.spec), "expressions": exprs, "schema_version": schemaVersion(b.spec)}
			switch b.rep {
			case repCount:
				rc["count_expression"] = map[string]any{"references": []any{"var.replicas"}}
			case repForEach:
				rc["for_each_expression"] = map[string]any{"references": []any{"var.instances"}}
			}
			j.val(rc)
		}
		j.raw("]")
	}
	if len(d.calls) > 0 {
		j.key("module_calls", false)
		j.raw("{")
		for i, c := range sortedCalls(d) {
			j.key(c.name, i == 0)
			j.raw(`{"source":`)
			j.val(moduleSource(d, c.def))
			j.key("expressions", false)
			j.val(callExprs(d, c))
			switch c.rep {
			case repCount:
				j.key("count_expression", false)
				j.val(map[string]any{"constant_value": c.n})
			case repForEach:
				j.key("for_each_expression", false)
				j.val(map[string]any{"constant_value": keySet(c.keys)})
			}
			j.key("module", false)
			g.writeModuleConfig(j, c.def)
			j.raw("}")
		}
		j.raw("}")
	}
	j.key("variables", false)
	if d == g.root {
		j.val(map[string]any{
			"region":       map[string]any{"default": defaultRegion},
			secretVarName:  map[string]any{"description": "Master password of the databases", "sensitive": true},
			"default_tags": map[string]any{"default": defaultTags},
			"alarm_topics": map[string]any{"description": "SNS topic per environment"},
		})
	} else {
		vars := map[string]any{}
		for _, v := range moduleVars {
			vars[v.name] = v.cfg
		}
		j.val(vars)
	}
	j.raw("}")
}

func keySet(keys []string) map[string]any {
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		out[k] = k
	}
	return out
}

func providerKey(s *typeSpec) string {
	if s.provider == providerOpex {
		return "opex"
	}
	return "aws"
}

func attrExpr(a cattr) any {
	switch {
	case a.nested:
		var out []any
		for _, b := range a.lit.([]map[string]any) {
			e := map[string]any{}
			for k, v := range b {
				e[k] = map[string]any{"constant_value": v}
			}
			out = append(out, e)
		}
		return out
	case a.expr == "":
		return map[string]any{"constant_value": a.lit}
	}
	refs := make([]any, len(a.refs))
	for i, r := range a.refs {
		refs[i] = r
	}
	return map[string]any{"references": refs}
}

// moduleSource is the relative source path of a call from dir from to dir to.
func moduleSource(from, to *modDef) string {
	if from.dir == "." {
		return "./" + to.dir
	}
	rel := strings.Repeat("../", strings.Count(from.dir, "/")+1) + to.dir
	if path.Dir(from.dir) == path.Dir(to.dir) {
		rel = "../" + path.Base(to.dir)
	}
	return rel
}

// moduleVar is a variable every module declares; callExpr is what a call passes.
type moduleVar struct {
	name string
	cfg  map[string]any
	hcl  string // body of the variable block
}

var moduleVars = []moduleVar{
	{"name", map[string]any{"description": "Name prefix of every resource"}, `  description = "Name prefix of every resource"` + "\n  type        = string"},
	{"environment", map[string]any{"description": "Deployment stage"}, `  description = "Deployment stage"` + "\n  type        = string"},
	{"tags", map[string]any{"default": map[string]any{}}, "  type    = map(string)\n  default = {}"},
	{"master_password", map[string]any{"default": nil, "sensitive": true}, "  type      = string\n  default   = null\n  sensitive = true"},
	{"replicas", map[string]any{"default": map[string]any{}}, "  description = \"count per resource address\"\n  type        = map(number)\n  default     = {}"},
	{"instances", map[string]any{"default": map[string]any{}}, "  description = \"for_each keys per resource address\"\n  type        = map(list(string))\n  default     = {}"},
}

// callExprs are the arguments of a module call in configuration form; the
// HCL rendering is callHCL and must stay in step.
func callExprs(parent *modDef, c *modCall) map[string]any {
	out := map[string]any{}
	for _, a := range callArgs(parent, c) {
		out[a.name] = attrExpr(a)
	}
	return out
}

func callArgs(parent *modDef, c *modCall) []cattr {
	name := cattr{name: "name", lit: strings.ReplaceAll(c.name, "_", "-")}
	if c.rep == repForEach {
		name = cattr{name: "name", expr: `"` + strings.ReplaceAll(c.name, "_", "-") + `-${each.key}"`, refs: []string{"each.key"}}
	}
	env := cattr{name: "environment", lit: c.env}
	switch {
	case c.byEnv:
		env = cattr{name: "environment", expr: "each.key", refs: []string{"each.key"}}
	case parent.dir != ".":
		env = cattr{name: "environment", expr: "var.environment", refs: []string{"var.environment"}}
	}
	pw := cattr{name: "master_password", expr: "var." + secretVarName, refs: []string{"var." + secretVarName}}
	tags := cattr{name: "tags", expr: "var.default_tags", refs: []string{"var.default_tags"}}
	if parent.dir != "." {
		pw = cattr{name: "master_password", expr: "var.master_password", refs: []string{"var.master_password"}}
		tags = cattr{name: "tags", expr: "var.tags", refs: []string{"var.tags"}}
	}
	return []cattr{name, env, tags, pw,
		{name: "replicas", expr: "local.replicas." + c.name, refs: []string{"local.replicas." + c.name, "local.replicas"}},
		{name: "instances", expr: "local.instances." + c.name, refs: []string{"local.instances." + c.name, "local.instances"}},
	}
}

// sortedCalls keeps HCL output independent of creation order.
func sortedCalls(d *modDef) []*modCall {
	cs := append([]*modCall(nil), d.calls...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}
