package tfconfig

import (
	"encoding/json"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Meta-arguments and meta-blocks of a resource block: Terraform's, not the
// provider's, so they are not attribute values.
var metaAttrs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}

// SyntheticPlan returns the plan-shaped input for HCL-only mode (see
// policies/README.md): format_version "1.2", one resource_changes entry per
// managed resource block with action create, `after` holding the literal
// attribute values (numbers as json.Number, like planfile.Plan.Doc),
// `after_unknown` marking the rest, and a configuration section in plan-JSON
// form. Each call builds a fresh document the caller may modify.
func (c *Config) SyntheticPlan() map[string]any {
	if c.bodiless {
		panic("tfconfig: SyntheticPlan of a configuration loaded with LoadForPlan")
	}
	// The resources in walk order (each module's own, then its calls'). Their
	// entries are independent of each other, so they are built in parallel:
	// on two cores that halves this step on a large tree.
	var all []*resource
	var prefixes []string
	var flatten func(m *module)
	flatten = func(m *module) {
		for _, r := range m.resources {
			all = append(all, r)
			prefixes = append(prefixes, m.prefix)
		}
		for _, cl := range m.calls {
			if cl.child != nil {
				flatten(cl.child)
			}
		}
	}
	if c.root != nil {
		flatten(c.root)
	}
	rcs := make([]map[string]any, len(all)) // nil for data sources
	confs := make([]map[string]any, len(all))
	parallelFor(len(all), func(i int) {
		confs[i] = configResource(all[i])
		if all[i].mode == "managed" {
			rcs[i] = resourceChange(all[i], prefixes[i])
		}
	})
	changes := []any{}
	for _, rc := range rcs {
		if rc != nil {
			changes = append(changes, rc)
		}
	}
	next := 0
	return map[string]any{
		"format_version":   "1.2",
		"resource_changes": changes,
		"configuration":    map[string]any{"root_module": configModule(c.root, confs, &next)},
	}
}

// resourceChange is the resource_changes entry of a managed resource.
func resourceChange(r *resource, prefix string) map[string]any {
	after, unknown := bodyValues(r.body)
	addr := r.relAddress()
	rc := map[string]any{
		"address": addr,
		"mode":    "managed",
		"type":    r.typ,
		"name":    r.name,
		"change": map[string]any{
			"actions":          []any{"create"},
			"before":           nil,
			"after":            after,
			"after_unknown":    unknown,
			"before_sensitive": false,
			"after_sensitive":  map[string]any{},
		},
	}
	if prefix != "" {
		rc["address"] = prefix + "." + addr
		rc["module_address"] = prefix
	}
	return rc
}

// parallelSerial is the number of items below which parallelFor does not
// bother with goroutines.
const parallelSerial = 256

// parallelFor runs fn(0..n-1) on up to GOMAXPROCS goroutines; fn must only
// write to its own index.
func parallelFor(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < parallelSerial || workers < 2 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}

// bodyValues evaluates the literal attributes and nested blocks of a block
// body, as plan JSON's after/after_unknown pair.
func bodyValues(body hcl.Body) (after, unknown map[string]any) {
	after, unknown = map[string]any{}, map[string]any{}
	nb := nativeBody(body)
	if nb == nil {
		// JSON syntax: blocks and attributes are indistinguishable without a
		// schema, so every property is taken as an attribute.
		attrs, diags := body.JustAttributes()
		if diags.HasErrors() && attrs == nil {
			return after, unknown
		}
		for name, a := range attrs {
			if metaAttrs[name] || metaBlocks[name] {
				continue
			}
			v, diags := a.Expr.Value(literalCtx)
			if diags.HasErrors() || !v.IsWhollyKnown() {
				unknown[name] = true
				continue
			}
			after[name] = ctyToGo(v)
		}
		return after, unknown
	}
	for name, a := range nb.Attributes {
		if metaAttrs[name] {
			continue
		}
		v, u := literal(a.Expr, 0)
		if u == true {
			unknown[name] = true
			continue
		}
		after[name] = v
		if u != nil {
			unknown[name] = u
		}
	}
	for _, blk := range nb.Blocks {
		if metaBlocks[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" {
			// Generated blocks depend on for_each: unknown without a plan.
			if len(blk.Labels) == 1 {
				unknown[blk.Labels[0]] = true
			}
			continue
		}
		ba, bu := bodyValues(blk.Body)
		list, _ := after[blk.Type].([]any)
		after[blk.Type] = append(list, ba)
		ulist, _ := unknown[blk.Type].([]any)
		if len(bu) > 0 || ulist != nil {
			for len(ulist) < len(list) {
				ulist = append(ulist, map[string]any{})
			}
			unknown[blk.Type] = append(ulist, bu)
		}
	}
	return after, unknown
}

// maxLiteralDepth bounds recursion into nested literal collections.
const maxLiteralDepth = 256

// literal returns the known part of expr and its unknown shape: u is nil when
// the value is fully known, true when nothing of it is, and a map or list
// mirroring the value when only some elements are (as after_unknown does).
func literal(expr hclsyntax.Expression, depth int) (v any, u any) {
	if depth > maxLiteralDepth {
		return nil, true
	}
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		obj, unk := map[string]any{}, map[string]any{}
		for _, item := range e.Items {
			kv, diags := item.KeyExpr.Value(literalCtx)
			if diags.HasErrors() || !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
				return nil, true
			}
			k := kv.AsString()
			iv, iu := literal(item.ValueExpr, depth+1)
			if iu == true {
				unk[k] = true
				continue
			}
			obj[k] = iv
			if iu != nil {
				unk[k] = iu
			}
		}
		if len(unk) == 0 {
			return obj, nil
		}
		return obj, unk
	case *hclsyntax.TupleConsExpr:
		list, unk := make([]any, len(e.Exprs)), make([]any, len(e.Exprs))
		partial := false
		for i, ex := range e.Exprs {
			iv, iu := literal(ex, depth+1)
			list[i] = iv
			if iu != nil {
				unk[i], partial = iu, true
			} else {
				unk[i] = false
			}
		}
		if !partial {
			return list, nil
		}
		return list, unk
	}
	val, diags := expr.Value(literalCtx)
	if diags.HasErrors() || !val.IsWhollyKnown() {
		return nil, true
	}
	return ctyToGo(val), nil
}

// ctyToGo converts a known cty value to the JSON-like Go form of plan JSON.
func ctyToGo(v cty.Value) any {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			return json.Number(bf.Text('f', 0))
		}
		return json.Number(bf.Text('g', -1))
	case t == cty.Bool:
		return v.True()
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		out := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, ctyToGo(e))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = ctyToGo(e)
		}
		return out
	}
	return nil
}

// configModule renders a module in the configuration representation of plan
// JSON: resources with expressions and provisioners, module_calls. confs holds
// the rendered resources in walk order, *next the first of m's.
func configModule(m *module, confs []map[string]any, next *int) map[string]any {
	out := map[string]any{}
	if m == nil {
		return out
	}
	var resources []any
	for range m.resources {
		resources = append(resources, confs[*next])
		*next++
	}
	if resources != nil {
		out["resources"] = resources
	}
	if len(m.calls) > 0 {
		calls := map[string]any{}
		for _, cl := range m.calls {
			mc := map[string]any{"source": cl.source}
			if cl.child != nil {
				mc["module"] = configModule(cl.child, confs, next)
			}
			calls[cl.name] = mc
		}
		out["module_calls"] = calls
	}
	return out
}

// configResource renders a resource block in the configuration representation.
func configResource(r *resource) map[string]any {
	res := map[string]any{
		"address":     r.relAddress(),
		"mode":        r.mode,
		"type":        r.typ,
		"name":        r.name,
		"expressions": expressions(r.body),
	}
	if nb := nativeBody(r.body); nb != nil {
		if a, ok := nb.Attributes["count"]; ok {
			res["count_expression"] = expression(a.Expr)
		}
		if a, ok := nb.Attributes["for_each"]; ok {
			res["for_each_expression"] = expression(a.Expr)
		}
	}
	if f := facts(r.body); len(f.Provisioners) > 0 {
		var provs []any
		for _, p := range f.Provisioners {
			provs = append(provs, map[string]any{"type": p})
		}
		res["provisioners"] = provs
	}
	return res
}

// expressions renders the attributes of a body as plan-JSON expressions:
// {"constant_value": v} for literals, {"references": [...]} otherwise, and
// nested blocks as lists of such objects.
func expressions(body hcl.Body) map[string]any {
	out := map[string]any{}
	nb := nativeBody(body)
	if nb == nil {
		attrs, _ := body.JustAttributes()
		for name, a := range attrs {
			if !metaAttrs[name] && !metaBlocks[name] {
				out[name] = expression(a.Expr)
			}
		}
		return out
	}
	for name, a := range nb.Attributes {
		if !metaAttrs[name] {
			out[name] = expression(a.Expr)
		}
	}
	for _, blk := range nb.Blocks {
		if metaBlocks[blk.Type] || blk.Type == "dynamic" {
			continue
		}
		list, _ := out[blk.Type].([]any)
		out[blk.Type] = append(list, expressions(blk.Body))
	}
	return out
}

func expression(expr hcl.Expression) map[string]any {
	if v, diags := expr.Value(literalCtx); !diags.HasErrors() && v.IsWhollyKnown() {
		return map[string]any{"constant_value": ctyToGo(v)}
	}
	refs := references(expr)
	if len(refs) == 0 {
		return map[string]any{}
	}
	return map[string]any{"references": refs}
}

// references renders the traversals an expression reads the way plan JSON
// does: the full attribute path, then the object it belongs to
// ("aws_vpc.main.id", "aws_vpc.main").
func references(expr hcl.Expression) []any {
	var out []any
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, trav := range expr.Variables() {
		var steps []string
		for _, t := range trav {
			switch s := t.(type) {
			case hcl.TraverseRoot:
				steps = append(steps, s.Name)
			case hcl.TraverseAttr:
				steps = append(steps, s.Name)
			default:
				goto done
			}
		}
	done:
		if len(steps) == 0 {
			continue
		}
		add(strings.Join(steps, "."))
		switch steps[0] {
		case "var", "local", "count", "each", "path", "terraform", "self":
		case "data", "module":
			if len(steps) > 3 && steps[0] == "data" {
				add(strings.Join(steps[:3], "."))
			} else if len(steps) > 2 && steps[0] == "module" {
				add(strings.Join(steps[:2], "."))
			}
		default:
			if len(steps) > 2 {
				add(strings.Join(steps[:2], "."))
			}
		}
	}
	return out
}

// literalCtx evaluates literals only: no variables and no functions. It is
// non-nil because the JSON syntax treats every string as a literal (no
// template) when evaluated with a nil context.
var literalCtx = &hcl.EvalContext{}
