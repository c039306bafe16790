// Package plangen generates large, realistic Terraform plan JSON documents
// (format_version 1.2, as `terraform show -json` writes them) together with
// the matching tree of .tf files, for benchmarking opexlint and the policy
// library against plain OPA and conftest.
//
// The output is a pure function of Options: the same options always produce
// the same bytes. Only the structure (module tree, blocks, instance
// addresses and actions) is held in memory; attribute values are derived
// from a per-instance random stream each time a section needs them, so a
// 100k-change plan is written without materialising it.
package plangen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// Options select what to generate.
type Options struct {
	// Changes is the number of resource_changes entries (resource instances).
	Changes int
	// Seed makes the output reproducible; different seeds give different plans.
	Seed uint64
	// Modules is the number of module directories (each called once). Zero
	// scales it with Changes. The HCL-only benchmark sets it to get a tree
	// of a given number of files.
	Modules int
}

// Action names as counted in Stats; replacements are split by order.
const (
	ActCreate       = "create"
	ActUpdate       = "update"
	ActDelete       = "delete"
	ActReplaceDC    = "delete-create"
	ActReplaceCD    = "create-delete"
	ActNoop         = "no-op"
	ActRead         = "read"
	providerAWS     = "registry.terraform.io/hashicorp/aws"
	providerOpex    = "registry.terraform.io/opexhq/opex"
	terraformVer    = "1.5.7"
	formatVersion   = "1.2"
	defaultRegion   = "eu-west-1"
	awsAccount      = "123456789012"
	maxModuleDepth  = 3
	structureShare  = 0.25 // auto mode: one instance per (module instance, block) takes a quarter of N; count/for_each repetition the rest
	driftPerMille   = 5
	waiverPerCent   = 6
	secretVarName   = "db_password"
	secretOutput    = "database_master_password"
	sensitiveMarker = "SECRET-"
)

// SensitiveMarker prefixes every value the generated plan marks sensitive
// (the sensitive variable, the sensitive output, database passwords), so a
// benchmark can check that no report leaks one.
const SensitiveMarker = sensitiveMarker

// Stats describe a generated plan and tree.
type Stats struct {
	Changes         int            `json:"changes"`
	Actions         map[string]int `json:"actions"`
	Stateful        int            `json:"stateful_changes"`
	Modules         int            `json:"modules"`
	ModuleInstances int            `json:"module_instances"`
	Blocks          int            `json:"blocks"`
	Files           int            `json:"files"`
	Drift           int            `json:"drift"`
	Waivers         int            `json:"inline_waivers"`
}

type repKind int

const (
	repNone repKind = iota
	repCount
	repForEach
)

type modDef struct {
	name   string // call label; "" for the root module
	dir    string // slash-separated, relative to the tree root
	kind   *kindSpec
	depth  int
	parent *modDef
	call   *modCall // how the parent calls it; nil for the root
	blocks []*block
	calls  []*modCall
	insts  []*modInst
}

type modCall struct {
	name  string
	def   *modDef
	rep   repKind
	n     int      // count
	keys  []string // for_each keys
	byEnv bool     // for_each keys are environment names
	env   string   // environment passed when not byEnv
	file  string
	line  int
}

type modInst struct {
	addr    string // "" for root, else module.a["k"].module.b[0]
	def     *modDef
	parent  *modInst
	env     string
	owner   string
	service string
}

type block struct {
	def    *modDef
	spec   *typeSpec
	name   string
	rep    repKind
	idx    int // position among all blocks, seeds block-level literals
	file   string
	line   int
	waiver string // rule id of an inline waiver above the block, or ""
	// Lifecycle settings: prevent_destroy blocks are never deleted or
	// replaced (Terraform would refuse the plan), and the replacement order
	// follows create_before_destroy.
	preventDestroy, cbd bool
	attrs               []cattr
	keyPool             []string
}

// cfgAddr is the address of the block inside its module (data. prefix for data sources).
func (b *block) cfgAddr() string {
	if b.spec.mode == "data" {
		return "data." + b.spec.typ + "." + b.name
	}
	return b.spec.typ + "." + b.name
}

type instance struct {
	blk    *block
	mi     *modInst
	key    any // nil, int (count) or string (for_each)
	action string
	addr   string
	id     uint64
	drift  bool
}

// Generator holds the structure of one plan; create it with New.
type Generator struct {
	opts   Options
	root   *modDef
	defs   []*modDef // root first, then module directories in creation order
	insts  []*instance
	byMod  map[string][]*instance  // module instance address → its instances, sorted by address
	kids   map[*modInst][]*modInst // child module instances, sorted by address
	mods   []*modInst              // every module instance, root first
	stats  Stats
	secret string
	// nextBlock numbers blocks (including those of modules not kept) so that
	// each block's literals come from its own random stream.
	nextBlock int
}

// New builds the structure for opts. It fails when Changes is not positive
// or too small for an explicit Modules count.
func New(opts Options) (*Generator, error) {
	if opts.Changes < 1 {
		return nil, fmt.Errorf("plangen: changes must be at least 1, got %d", opts.Changes)
	}
	if opts.Modules < 0 {
		return nil, fmt.Errorf("plangen: modules must not be negative, got %d", opts.Modules)
	}
	g := &Generator{opts: opts, byMod: map[string][]*instance{}}
	r := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	g.secret = fmt.Sprintf("%s%016x", sensitiveMarker, r.Uint64())
	if err := g.buildModules(r); err != nil {
		return nil, err
	}
	if err := g.buildInstances(r); err != nil {
		return nil, err
	}
	g.assignActions(r)
	g.finish(r)
	g.layout()
	return g, nil
}

// Stats returns counts describing the generated plan.
func (g *Generator) Stats() Stats {
	s := g.stats
	s.Actions = make(map[string]int, len(g.stats.Actions))
	for k, v := range g.stats.Actions {
		s.Actions[k] = v
	}
	return s
}

var (
	environments = []string{"production", "staging", "development"}
	teams        = []string{"payments", "checkout", "platform", "identity", "search", "data", "growth", "mobile"}
	services     = []string{"checkout", "orders", "billing", "catalog", "search", "inventory", "shipping",
		"accounts", "notifications", "ledger", "pricing", "reviews", "media", "auth", "reports", "events"}
)

// buildModules creates the root module and the module directories, each
// called exactly once (so configuration size is proportional to blocks),
// nested at most maxModuleDepth deep.
func (g *Generator) buildModules(r *rand.Rand) error {
	g.root = &modDef{dir: ".", kind: rootKind}
	g.root.insts = []*modInst{{def: g.root, env: "production", owner: "platform", service: "platform"}}
	g.defs = []*modDef{g.root}
	g.addBlocks(r, g.root)
	base := len(g.root.blocks)
	if base > g.opts.Changes {
		// Tiny plans: keep the first blocks only, so that every block has an instance.
		g.root.blocks = g.root.blocks[:g.opts.Changes]
		base = g.opts.Changes
	}
	budget := int(float64(g.opts.Changes) * structureShare)
	for i := 0; ; i++ {
		if g.opts.Modules > 0 && i == g.opts.Modules {
			break
		}
		d := g.newModule(r, i)
		cost := len(d.blocks) * len(d.insts)
		if g.opts.Modules == 0 && base+cost > budget {
			g.detach(d)
			break
		}
		if base+cost > g.opts.Changes {
			g.detach(d)
			return fmt.Errorf("plangen: %d changes are too few for %d modules (module %d alone needs %d more)",
				g.opts.Changes, g.opts.Modules, i+1, base+cost-g.opts.Changes)
		}
		base += cost
		g.defs = append(g.defs, d)
	}
	for _, d := range g.defs {
		g.mods = append(g.mods, d.insts...)
	}
	g.stats.Modules = len(g.defs) - 1
	g.stats.ModuleInstances = len(g.mods) - 1
	return nil
}

// newModule creates module directory i with its call from the root or from
// an earlier module, and expands its module instances.
func (g *Generator) newModule(r *rand.Rand, i int) *modDef {
	k := moduleKinds[r.IntN(len(moduleKinds))]
	svc := services[i%len(services)]
	name := fmt.Sprintf("%s_%s", svc, k.name)
	if i >= len(services) {
		name = fmt.Sprintf("%s_%s_%d", svc, k.name, i/len(services))
	}
	parent := g.root
	if len(g.defs) > 1 && r.IntN(100) < 35 {
		p := g.defs[1+r.IntN(len(g.defs)-1)]
		if p.depth < maxModuleDepth {
			parent = p
		}
	}
	d := &modDef{name: name, kind: k, depth: parent.depth + 1, parent: parent}
	d.dir = "modules/" + strings.ReplaceAll(name, "_", "-")
	c := &modCall{name: name, def: d}
	switch x := r.IntN(10); {
	case x < 4:
		c.rep = repNone
		c.env = environments[r.IntN(len(environments))]
	case x < 6:
		c.rep = repCount
		c.n = 1 + r.IntN(2)
		c.env = environments[r.IntN(len(environments))]
	case x < 8 && parent == g.root:
		c.rep, c.byEnv = repForEach, true
		c.keys = append([]string(nil), environments[:2+r.IntN(2)]...)
	default:
		c.rep = repForEach
		c.env = environments[r.IntN(len(environments))]
		n := 2 + r.IntN(3)
		start := r.IntN(len(services))
		for j := 0; j < n; j++ {
			c.keys = append(c.keys, services[(start+j)%len(services)])
		}
		sort.Strings(c.keys)
	}
	d.call = c
	parent.calls = append(parent.calls, c)
	owner := teams[r.IntN(len(teams))]
	for _, pi := range parent.insts {
		prefix := "module." + name
		if pi.addr != "" {
			prefix = pi.addr + "." + prefix
		}
		// Nested modules inherit the environment of their caller (var.environment).
		env := c.env
		if parent != g.root {
			env = pi.env
		}
		switch c.rep {
		case repNone:
			d.insts = append(d.insts, &modInst{addr: prefix, def: d, parent: pi, env: env, owner: owner, service: svc})
		case repCount:
			for j := 0; j < c.n; j++ {
				d.insts = append(d.insts, &modInst{addr: fmt.Sprintf("%s[%d]", prefix, j), def: d, parent: pi, env: env, owner: owner, service: svc})
			}
		case repForEach:
			for _, key := range c.keys {
				e, s := env, svc
				if c.byEnv {
					e = key
				} else {
					s = key
				}
				d.insts = append(d.insts, &modInst{addr: prefix + "[" + strconv.Quote(key) + "]", def: d, parent: pi, env: e, owner: owner, service: s})
			}
		}
	}
	g.addBlocks(r, d)
	return d
}

// detach undoes the call of a module that was not kept.
func (g *Generator) detach(d *modDef) {
	p := d.parent
	p.calls = p.calls[:len(p.calls)-1]
}

func (g *Generator) addBlocks(r *rand.Rand, d *modDef) {
	for _, bt := range d.kind.blocks {
		if bt.optional && r.IntN(2) == 0 {
			continue
		}
		b := &block{def: d, spec: bt.spec, name: bt.name, rep: bt.rep, idx: g.nextBlock, keyPool: bt.keys}
		g.nextBlock++
		br := rand.New(rand.NewPCG(g.opts.Seed^0x5bd1e995, uint64(b.idx)))
		b.attrs = b.spec.config(&bctx{r: br, b: b})
		if b.spec.mode == "managed" && b.spec.fixedAction == "" {
			b.preventDestroy = b.spec.stateful && br.IntN(100) < 40
			b.cbd = !b.preventDestroy && br.IntN(100) < 35
		}
		// Teams waive what fires: blocks whose literals trip the rule get a
		// waiver more often than the others.
		if w := b.spec.waiverRule; w != "" {
			p := waiverPerCent
			if trips(b) {
				p = 5 * waiverPerCent
			}
			if br.IntN(100) < p {
				b.waiver = w
			}
		}
		d.blocks = append(d.blocks, b)
	}
}

// buildInstances gives every (module instance, block) slot one instance and
// spreads the remaining changes over count/for_each slots.
func (g *Generator) buildInstances(r *rand.Rand) error {
	type slot struct {
		mi *modInst
		b  *block
		n  int
	}
	var slots []*slot
	var repeated []int
	for _, d := range g.defs {
		for _, mi := range d.insts {
			for _, b := range d.blocks {
				if b.rep != repNone {
					repeated = append(repeated, len(slots))
				}
				slots = append(slots, &slot{mi: mi, b: b, n: 1})
			}
		}
	}
	extra := g.opts.Changes - len(slots)
	if extra > 0 && len(repeated) == 0 {
		return fmt.Errorf("plangen: no count/for_each block to place %d more changes", extra)
	}
	for ; extra > 0; extra-- {
		slots[repeated[r.IntN(len(repeated))]].n++
	}
	var id uint64
	for _, s := range slots {
		for j := 0; j < s.n; j++ {
			in := &instance{blk: s.b, mi: s.mi, id: id}
			id++
			switch s.b.rep {
			case repCount:
				in.key = j
			case repForEach:
				pool := s.b.keyPool
				k := pool[j%len(pool)]
				if j >= len(pool) {
					k = fmt.Sprintf("%s-%d", k, j/len(pool)+1)
				}
				in.key = k
			}
			g.insts = append(g.insts, in)
		}
	}
	return nil
}

// Action mix of managed instances, in per cent; no-op takes the rest.
// Deletes only hit count/for_each instances (a removed key or a lower
// count), so every address keeps a block in the .tf tree; replacements are
// destroy-before-create unless the block sets create_before_destroy.
var actionShare = []struct {
	act string
	pct int
}{{ActDelete, 3}, {ActReplaceDC, 5}, {ActCreate, 13}, {ActUpdate, 15}}

func (g *Generator) assignActions(r *rand.Rand) {
	var managed []*instance
	for _, in := range g.insts {
		switch {
		case in.blk.spec.mode == "data":
			in.action = ActRead
		case in.blk.spec.fixedAction != "":
			in.action = in.blk.spec.fixedAction
		default:
			in.action = ActNoop
			managed = append(managed, in)
		}
	}
	r.Shuffle(len(managed), func(i, j int) { managed[i], managed[j] = managed[j], managed[i] })
	for _, a := range actionShare {
		want := len(managed) * a.pct / 100
		for _, in := range managed {
			if want == 0 {
				break
			}
			if in.action != ActNoop {
				continue
			}
			switch a.act {
			case ActDelete:
				if in.blk.rep == repNone || in.blk.preventDestroy {
					continue
				}
			case ActReplaceDC:
				if in.blk.preventDestroy {
					continue
				}
			}
			in.action = a.act
			if a.act == ActReplaceDC && in.blk.cbd {
				in.action = ActReplaceCD
			}
			want--
		}
	}
}

// finish assigns count indexes (deleted instances last, as when a count is
// lowered), computes addresses, sorts, marks drift and counts.
func (g *Generator) finish(r *rand.Rand) {
	// Instances of one slot are contiguous; reorder each count slot.
	for i := 0; i < len(g.insts); {
		j := i + 1
		for j < len(g.insts) && g.insts[j].blk == g.insts[i].blk && g.insts[j].mi == g.insts[i].mi {
			j++
		}
		if g.insts[i].blk.rep == repCount {
			s := g.insts[i:j]
			sort.SliceStable(s, func(a, b int) bool { return s[a].action != ActDelete && s[b].action == ActDelete })
			for k, in := range s {
				in.key = k
			}
		}
		i = j
	}
	g.stats.Actions = map[string]int{}
	for _, in := range g.insts {
		in.addr = instanceAddr(in.mi.addr, in.blk.cfgAddr(), in.key)
		g.stats.Actions[in.action]++
		if in.blk.spec.stateful && in.action != ActNoop && in.action != ActRead {
			g.stats.Stateful++
		}
		if in.blk.spec.mode == "managed" && (in.action == ActNoop || in.action == ActUpdate) &&
			in.blk.spec.mutate != nil && r.IntN(1000) < driftPerMille {
			in.drift = true
			g.stats.Drift++
		}
	}
	g.stats.Changes = len(g.insts)
	sort.Slice(g.insts, func(i, j int) bool { return g.insts[i].addr < g.insts[j].addr })
	for _, in := range g.insts {
		g.byMod[in.mi.addr] = append(g.byMod[in.mi.addr], in)
	}
	sort.Slice(g.mods, func(i, j int) bool { return g.mods[i].addr < g.mods[j].addr })
	g.kids = map[*modInst][]*modInst{}
	for _, m := range g.mods {
		if m.parent != nil {
			g.kids[m.parent] = append(g.kids[m.parent], m)
		}
	}
}

// instanceAddr renders module.a["k"].aws_x.y[0] the way Terraform does.
func instanceAddr(mod, cfg string, key any) string {
	var sb strings.Builder
	if mod != "" {
		sb.WriteString(mod)
		sb.WriteByte('.')
	}
	sb.WriteString(cfg)
	switch k := key.(type) {
	case int:
		sb.WriteString("[" + strconv.Itoa(k) + "]")
	case string:
		sb.WriteString("[" + strconv.Quote(k) + "]")
	}
	return sb.String()
}

// tripping lists literal values that make a library rule fire.
var tripping = map[string]any{
	"skip_final_snapshot": true, "deletion_protection": false, "deletion_protection_enabled": false,
	"enable_deletion_protection": false, "force_destroy": true, "automatic_failover_enabled": false,
	"actions_enabled": false,
}

// trips reports whether a block's literals plausibly trigger its waiver rule.
func trips(b *block) bool {
	for _, a := range b.attrs {
		switch {
		case a.nested:
			for _, nb := range a.lit.([]map[string]any) {
				if nb["enable"] == false || nb["enabled"] == false || nb["status"] == "Suspended" {
					return true
				}
			}
		case a.expr == "":
			if v, ok := tripping[a.name]; ok && v == a.lit {
				return true
			}
			if l, ok := a.lit.([]any); ok && a.name == "alarm_actions" && len(l) == 0 {
				return true
			}
		}
	}
	return false
}
