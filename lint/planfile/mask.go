package planfile

import (
	"encoding/json"
	"sort"
)

// masker replaces sensitive values in place and remembers the originals.
type masker struct {
	seen map[string]struct{}
}

func (m *masker) record(s string) {
	// Plans redacted upstream already carry the mask text.
	if s != "" && s != Mask {
		m.seen[s] = struct{}{}
	}
}

// all masks every leaf of v: the whole value is sensitive.
func (m *masker) all(v any) any {
	switch t := v.(type) {
	case nil:
		return nil
	case string:
		m.record(t)
		return Mask
	case json.Number:
		m.record(t.String())
		return Mask
	case bool:
		return Mask
	case map[string]any:
		for k, e := range t {
			t[k] = m.all(e)
		}
		return t
	case []any:
		for i, e := range t {
			t[i] = m.all(e)
		}
		return t
	}
	return Mask
}

// shaped masks the parts of v that the sensitivity shape sens marks true.
// sens mirrors v: true for a sensitive leaf or subtree, objects and arrays
// for partially sensitive values, false or absent otherwise.
func (m *masker) shaped(v, sens any) any {
	switch s := sens.(type) {
	case bool:
		if s {
			return m.all(v)
		}
	case map[string]any:
		if obj, ok := v.(map[string]any); ok {
			for k, ks := range s {
				if e, ok := obj[k]; ok {
					obj[k] = m.shaped(e, ks)
				}
			}
		}
	case []any:
		if list, ok := v.([]any); ok {
			for i := 0; i < len(list) && i < len(s); i++ {
				list[i] = m.shaped(list[i], s[i])
			}
		}
	}
	return v
}

// change masks a change object's before/after by before_sensitive and
// after_sensitive.
func (m *masker) change(ch map[string]any) {
	if ch == nil {
		return
	}
	if v, ok := ch["before"]; ok {
		ch["before"] = m.shaped(v, ch["before_sensitive"])
	}
	if v, ok := ch["after"]; ok {
		ch["after"] = m.shaped(v, ch["after_sensitive"])
	}
}

func obj(v any) map[string]any {
	o, _ := v.(map[string]any)
	return o
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// mask replaces every value Terraform marks sensitive in doc with Mask and
// returns the originals, deduplicated and sorted.
func mask(doc map[string]any) []string {
	m := newMasker()
	marks := m.changes(doc)
	m.rest(doc, marks)
	return m.sorted()
}

func newMasker() *masker { return &masker{seen: map[string]struct{}{}} }

// changes masks resource_changes and resource_drift and returns the sensitivity of each
// resource instance from the changes, used for the values representations of plans that
// predate sensitive_values (0.1). Both shapes apply to both representations: sensitivity comes
// from the schema, and a data source read has no before_sensitive to speak of.
func (m *masker) changes(doc map[string]any) map[string][]any {
	marks := map[string][]any{}
	for _, key := range []string{"resource_changes", "resource_drift"} {
		for _, item := range list(doc[key]) {
			rc := obj(item)
			ch := obj(rc["change"])
			m.change(ch)
			if key != "resource_changes" || ch == nil {
				continue
			}
			if addr, ok := rc["address"].(string); ok {
				if _, deposed := rc["deposed"]; !deposed {
					marks[addr] = []any{ch["before_sensitive"], ch["after_sensitive"]}
				}
			}
		}
	}
	return marks
}

// rest masks everything but the changes: outputs, variables, the values representations and
// the configuration. marks is what changes returned.
func (m *masker) rest(doc map[string]any, marks map[string][]any) {
	// Outputs: by the change's own marks, and wholly when any other part
	// of the plan declares the output sensitive (plans before 0.15 carry
	// no marks on output_changes).
	sensitiveOutputs := map[string]bool{}
	for _, outs := range []any{
		obj(doc["planned_values"])["outputs"],
		obj(obj(doc["prior_state"])["values"])["outputs"],
		obj(obj(obj(doc["configuration"])["root_module"]))["outputs"],
	} {
		for name, o := range obj(outs) {
			if s, _ := obj(o)["sensitive"].(bool); s {
				sensitiveOutputs[name] = true
			}
		}
	}
	for name, item := range obj(doc["output_changes"]) {
		ch := obj(item)
		m.change(ch)
		if sensitiveOutputs[name] && ch != nil {
			for _, k := range []string{"before", "after"} {
				if v, ok := ch[k]; ok {
					ch[k] = m.all(v)
				}
			}
		}
	}

	// Sensitive root variables: the value given to the plan.
	rootCfg := obj(obj(doc["configuration"])["root_module"])
	vars := obj(doc["variables"])
	for name, decl := range obj(rootCfg["variables"]) {
		d := obj(decl)
		if s, _ := d["sensitive"].(bool); !s {
			continue
		}
		if v := obj(vars[name]); v != nil {
			if val, ok := v["value"]; ok {
				v["value"] = m.all(val)
			}
		}
	}

	if pv := obj(doc["planned_values"]); pv != nil {
		m.values(pv, marks)
	}
	if ps := obj(doc["prior_state"]); ps != nil {
		m.values(obj(ps["values"]), marks)
	}

	m.configModule(rootCfg, 0)

	// Literal values in the configuration (constant_value of expressions)
	// may repeat a sensitive value verbatim; configuration carries no
	// sensitivity marks of its own, so scrub exact matches there.
	if cfg := obj(doc["configuration"]); cfg != nil && len(m.seen) > 0 {
		m.scrub(cfg)
	}
}

// sorted returns the recorded sensitive values, sorted.
func (m *masker) sorted() []string {
	out := make([]string, 0, len(m.seen))
	for s := range m.seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// values masks a values representation (planned_values or
// prior_state.values): outputs flagged sensitive and resources by their
// sensitive_values, plus the sensitivity the matching change declares.
func (m *masker) values(vals map[string]any, byAddr map[string][]any) {
	if vals == nil {
		return
	}
	for _, item := range obj(vals["outputs"]) {
		o := obj(item)
		if s, _ := o["sensitive"].(bool); s {
			if v, ok := o["value"]; ok {
				o["value"] = m.all(v)
			}
		}
	}
	m.module(obj(vals["root_module"]), byAddr, 0)
}

func (m *masker) module(mod map[string]any, byAddr map[string][]any, depth int) {
	if mod == nil || depth > MaxDepth {
		return
	}
	for _, item := range list(mod["resources"]) {
		r := obj(item)
		v, ok := r["values"]
		if !ok {
			continue
		}
		v = m.shaped(v, r["sensitive_values"])
		if addr, ok := r["address"].(string); ok {
			if _, deposed := r["deposed_key"]; !deposed {
				for _, sens := range byAddr[addr] {
					v = m.shaped(v, sens)
				}
			}
		}
		r["values"] = v
	}
	for _, child := range list(mod["child_modules"]) {
		m.module(obj(child), byAddr, depth+1)
	}
}

// scrub replaces strings equal to a recorded sensitive value. Numbers are
// left alone: a sensitive port 1 must not turn every count = 1 into a mask.
func (m *masker) scrub(v any) any {
	switch t := v.(type) {
	case string:
		if _, ok := m.seen[t]; ok {
			return Mask
		}
	case map[string]any:
		for k, e := range t {
			t[k] = m.scrub(e)
		}
	case []any:
		for i, e := range t {
			t[i] = m.scrub(e)
		}
	}
	return v
}

// configModule masks literal values that the configuration itself declares
// sensitive: defaults of sensitive variables, constant arguments a module
// call passes to a sensitive variable, and constant sensitive outputs.
func (m *masker) configModule(mod map[string]any, depth int) {
	if mod == nil || depth > MaxDepth {
		return
	}
	for _, decl := range obj(mod["variables"]) {
		d := obj(decl)
		if s, _ := d["sensitive"].(bool); s {
			if def, ok := d["default"]; ok {
				d["default"] = m.all(def)
			}
		}
	}
	for _, decl := range obj(mod["outputs"]) {
		d := obj(decl)
		if s, _ := d["sensitive"].(bool); s {
			m.constant(obj(d["expression"]))
		}
	}
	for _, item := range obj(mod["module_calls"]) {
		call := obj(item)
		child := obj(call["module"])
		exprs := obj(call["expressions"])
		for name, decl := range obj(child["variables"]) {
			if s, _ := obj(decl)["sensitive"].(bool); s {
				m.constant(obj(exprs[name]))
			}
		}
		m.configModule(child, depth+1)
	}
}

// constant masks the constant_value of an expression representation.
func (m *masker) constant(expr map[string]any) {
	if v, ok := expr["constant_value"]; ok {
		expr["constant_value"] = m.all(v)
	}
}
