package plangen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
)

// typeSpec describes one resource or data source type: its configuration
// attributes, computed attributes and how updates and replacements change it.
type typeSpec struct {
	typ      string
	mode     string // managed | data
	provider string
	stateful bool
	file     string // file in the module directory holding its blocks
	config   func(c *bctx) []cattr
	computed []comp
	// mutate derives the prior value of an update from the planned one.
	// It must assign new values to top-level keys, never modify nested
	// values in place (literal values are shared between instances).
	mutate func(ic *ictx, before map[string]any)
	// forceNew lists top-level attributes whose change forces a replacement.
	forceNew    []string
	waiverRule  string // a rule id that an inline waiver on this type plausibly names
	fixedAction string // the action every instance gets, when not drawn from the mix
}

type comp struct {
	name string
	val  func(ic *ictx) any
}

// cattr is one attribute (or nested block list) in a resource block. A
// literal (expr == "") is the same for every instance and appears in the
// configuration as constant_value; an expression has per-instance values.
type cattr struct {
	name      string
	lit       any
	expr      string
	refs      []string
	val       func(ic *ictx) any
	nested    bool // lit is []map[string]any written as nested blocks
	single    bool // with nested: one block whose plan value is an object, not a list
	sensitive bool
}

type kindSpec struct {
	name   string
	blocks []blockTmpl
}

type blockTmpl struct {
	spec     *typeSpec
	name     string
	rep      repKind
	keys     []string // for_each key pool
	optional bool
}

// bctx gives a block's config function its deterministic random stream.
type bctx struct {
	r *rand.Rand
	b *block
}

func (c *bctx) pct(p int) bool { return c.r.IntN(100) < p }

func (c *bctx) pick(xs ...string) string { return xs[c.r.IntN(len(xs))] }

func lit(name string, v any) cattr { return cattr{name: name, lit: v} }

func ref(name, expr string, refs []string, val func(ic *ictx) any) cattr {
	return cattr{name: name, expr: expr, refs: refs, val: val}
}

func nested(name string, blocks ...map[string]any) cattr {
	return cattr{name: name, lit: blocks, nested: true}
}

func instRand(seed, id uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, id)) }

// ictx is the per-instance context value functions draw from.
type ictx struct {
	r  *rand.Rand
	in *instance
	g  *Generator
}

func (ic *ictx) env() string   { return ic.in.mi.env }
func (ic *ictx) prod() bool    { return ic.in.mi.env == "production" }
func (ic *ictx) owner() string { return ic.in.mi.owner }

// nm is a resource name: service-env-suffix plus the instance key.
func (ic *ictx) nm(suffix string) string {
	s := ic.in.mi.service + "-" + short(ic.in.mi.env)
	if suffix != "" {
		s += "-" + suffix
	}
	switch k := ic.in.key.(type) {
	case int:
		s += "-" + strconv.Itoa(k)
	case string:
		s += "-" + k
	}
	return s
}

func short(env string) string {
	switch env {
	case "production":
		return "prod"
	case "development":
		return "dev"
	}
	return env[:min(len(env), 5)]
}

func (ic *ictx) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[ic.r.IntN(16)]
	}
	return string(b)
}

func (ic *ictx) arn(service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, defaultRegion, awsAccount, resource)
}

// tags returns the resource's tags; a few resources lack the owner tag, as
// in real estates.
func (ic *ictx) tags(suffix string) map[string]any {
	t := map[string]any{
		"Name":        ic.nm(suffix),
		"environment": ic.env(),
		"service":     ic.in.mi.service,
		"cost-center": fmt.Sprintf("cc-%04d", 1000+len(ic.in.mi.service)*37),
	}
	if ic.r.IntN(100) >= 4 {
		t["owner"] = ic.owner()
	}
	return t
}

func tagsAttr(suffix string) cattr {
	return ref("tags", fmt.Sprintf(`merge(var.tags, { Name = "${var.name}-%s" })`, suffix),
		[]string{"var.tags", "var.name"}, func(ic *ictx) any { return ic.tags(suffix) })
}

var defaultTags = map[string]any{"managed-by": "terraform", "repository": "github.com/acme/infrastructure"}

// values computes the full known object of an instance (configuration plus
// computed attributes) and its sensitive top-level attributes. The random
// stream depends only on the seed and the instance id, so every plan
// section sees the same values.
func (g *Generator) values(in *instance) (map[string]any, map[string]bool) {
	ic := &ictx{r: instRand(g.opts.Seed, in.id), in: in, g: g}
	vals := make(map[string]any, 24)
	var sens map[string]bool
	for _, a := range in.blk.attrs {
		var v any
		switch {
		case a.nested && a.single:
			v = a.lit.([]map[string]any)[0]
		case a.nested:
			bs := a.lit.([]map[string]any)
			l := make([]any, len(bs))
			for i, b := range bs {
				l[i] = b
			}
			v = l
		case a.expr == "":
			v = a.lit
		default:
			v = a.val(ic)
		}
		vals[a.name] = v
		if a.sensitive {
			if sens == nil {
				sens = map[string]bool{}
			}
			sens[a.name] = true
		}
	}
	for _, c := range in.blk.spec.computed {
		vals[c.name] = c.val(ic)
	}
	if t, ok := vals["tags"].(map[string]any); ok && in.blk.spec.provider == providerAWS {
		all := make(map[string]any, len(t)+len(defaultTags))
		for k, v := range defaultTags {
			all[k] = v
		}
		for k, v := range t {
			all[k] = v
		}
		vals["tags_all"] = all
	}
	return vals, sens
}

// withoutComputed copies vals without the attributes a create leaves unknown.
func withoutComputed(spec *typeSpec, vals map[string]any) map[string]any {
	out := make(map[string]any, len(vals))
	for k, v := range vals {
		out[k] = v
	}
	for _, c := range spec.computed {
		delete(out, c.name)
	}
	return out
}

// shape mirrors a value the way Terraform writes after_unknown and
// *_sensitive: containers are kept, primitive leaves are omitted from
// objects and false in lists, and the given top-level keys are true.
func shape(v map[string]any, trueKeys map[string]bool, extra []comp) map[string]any {
	out := map[string]any{}
	for k, x := range v {
		if trueKeys[k] {
			out[k] = true
			continue
		}
		if s, ok := shapeOf(x); ok {
			out[k] = s
		}
	}
	for _, c := range extra {
		out[c.name] = true
	}
	return out
}

func shapeOf(x any) (any, bool) {
	switch t := x.(type) {
	case map[string]any:
		return shape(t, nil, nil), true
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			if s, ok := shapeOf(e); ok {
				l[i] = s
			} else {
				l[i] = false
			}
		}
		return l, true
	case []string:
		l := make([]any, len(t))
		for i := range l {
			l[i] = false
		}
		return l, true
	case []map[string]any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = shape(e, nil, nil)
		}
		return l, true
	}
	return nil, false
}

// sortedKeys is used where output order must not depend on map iteration.
func sortedKeys[M ~map[string]V, V any](m M) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
