// Package tfconfig indexes a directory of Terraform .tf files for opexlint:
// where each resource and module block is, the inline waivers written above or
// inside them, lifecycle facts that plan JSON does not carry, and a synthetic
// plan for HCL-only mode. Local module calls are followed; registry and git
// sources are not. Nothing is evaluated beyond literals: no variables, no
// functions, no provider schemas.
package tfconfig

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/opexhq/terraform-provider-opex/lint/planfile"
)

// InputError is the error type for malformed inline waivers (file:line).
type InputError = planfile.InputError

// maxModuleDepth bounds nested local module calls; real trees are shallow,
// and the bound also stops a module that calls itself through a symlink.
const maxModuleDepth = 32

// maxModuleCalls bounds the module calls followed in the whole tree: a
// directory calling the next one twice, twenty levels deep, would otherwise
// expand to a million module instances.
const maxModuleCalls = 2000

// Config is a parsed configuration tree.
type Config struct {
	// Root is the absolute path of the root module directory.
	Root string

	root    *module
	diags   []Diagnostic
	warns   []Diagnostic
	index   map[string]location // config address → block
	moved   map[string]string   // full config address (from) → (to)
	waivers []InlineWaiver
	facts   map[string]ResourceFacts
	// bodiless: the parsed block bodies were let go (LoadForPlan); SyntheticPlan needs them.
	bodiless bool
}

type location struct {
	file string
	line int
}

// Diagnostic is an HCL problem in a file; File is relative to Root.
type Diagnostic struct {
	File         string
	Line, Column int
	Msg          string
}

// String renders "file:line:col: msg".
func (d Diagnostic) String() string {
	return (&planfile.InputError{File: d.File, Line: d.Line, Column: d.Column, Msg: d.Msg}).Error()
}

// InlineWaiver is one `# opex:ignore` comment attached to a block.
type InlineWaiver struct {
	Rules  []string
	Until  string // YYYY-MM-DD or ""
	Reason string
	File   string // relative to Root, slash-separated
	Line   int
	// Target is the configuration address of the block the waiver applies
	// to, without instance keys: "module.a.aws_x.y", "module.a.data.x.y" or
	// "module.a".
	Target string
}

// Covers reports whether the waiver applies to a configuration address (see
// Config.Resolve): the target block itself, every instance of it, and, for a
// module block, everything inside the module.
func (w InlineWaiver) Covers(configAddress string) bool {
	if configAddress == w.Target {
		return true
	}
	return isModuleTarget(w.Target) && strings.HasPrefix(configAddress, w.Target+".")
}

// isModuleTarget reports whether a target names a module call (its last two
// steps are module.<name>) rather than a resource.
func isModuleTarget(target string) bool {
	steps := splitAddress(target)
	return len(steps) >= 2 && steps[len(steps)-2] == "module"
}

// ResourceFacts are literal lifecycle facts of a resource block.
type ResourceFacts struct {
	PreventDestroy      bool
	CreateBeforeDestroy bool
	Provisioners        []string
}

// module is one instance of a module in the call tree (a directory parsed
// once may appear under several calls).
type module struct {
	prefix    string // "" for root, else "module.a.module.b"
	dir       string // absolute
	resources []*resource
	calls     []*call
}

type resource struct {
	mode, typ, name string
	loc             location
	body            hcl.Body
}

func (r *resource) relAddress() string {
	if r.mode == "data" {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

type call struct {
	name, source string
	loc          location
	child        *module // nil unless the source is a local directory
}

// parsedFile is one .tf file, parsed once however many calls use it.
type parsedFile struct {
	rel      string // relative to Root, slash-separated
	file     *hcl.File
	comments []comment
}

type loader struct {
	cfg   *Config
	lean  bool                 // LoadForPlan: block bodies are not kept
	dirs  map[string]*dirParse // absolute dir → its parse (loader goroutine only)
	errs  []*InputError        // malformed waivers; File relative to Root
	calls int                  // local module calls followed so far

	// Parsing is most of Load's time, and directories are independent: the
	// directories of a module's local calls are queued for worker goroutines
	// as soon as the calls are known, while the loader indexes on. What is
	// reported (diagnostics and their order) stays that of a sequential walk
	// because a directory's diagnostics are merged when the walk reaches it.
	queue   chan *dirParse
	stop    atomic.Bool // set when the walk is over: queued parses are dropped
	workers sync.WaitGroup
}

// dirParse is the parse of one directory, run by whichever goroutine claims
// it first: a worker that took it from the queue, or the loader when the walk
// reaches the directory before any worker did.
type dirParse struct {
	dir     string
	claimed atomic.Bool
	done    chan struct{}
	files   []*parsedFile
	diags   []Diagnostic
	err     error
	merged  bool // diags appended to the Config (loader goroutine only)
}

func (d *dirParse) claim() bool { return d.claimed.CompareAndSwap(false, true) }

// Load parses dir and the local modules it calls. HCL syntax errors do not
// fail Load (see Diagnostics): the rest of the file and the other files are
// still indexed. A malformed inline waiver returns an *InputError with its
// file:line (the file joined to dir as given, unlike the Root-relative paths
// of Diagnostics and InlineWaivers); a missing or unreadable directory returns
// an *InputError too.
func Load(dir string) (*Config, error) { return load(dir, false) }

func load(dir string, lean bool) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &InputError{File: dir, Msg: "cannot resolve directory: " + err.Error()}
	}
	st, err := os.Stat(abs)
	switch {
	case os.IsNotExist(err):
		return nil, &InputError{File: dir, Msg: "no such directory"}
	case err != nil:
		return nil, &InputError{File: dir, Msg: "cannot read: " + err.Error()}
	case !st.IsDir():
		return nil, &InputError{File: dir, Msg: "not a directory"}
	}
	c := &Config{
		Root:  abs,
		index: map[string]location{},
		moved: map[string]string{},
		facts: map[string]ResourceFacts{},
		// SyntheticPlan needs the bodies LoadForPlan does not keep.
		bodiless: lean,
	}
	l := &loader{cfg: c, lean: lean, dirs: map[string]*dirParse{}}
	l.startWorkers(runtime.GOMAXPROCS(0))
	defer l.stopWorkers()
	files, err := l.parseDir(abs)
	if err != nil {
		return nil, &InputError{File: dir, Msg: err.Error()}
	}
	rootReal := abs
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		rootReal = r
	}
	c.root = l.module("", abs, files, []string{rootReal})
	if len(l.errs) > 0 {
		// Name the file as the user would, relative to the directory given.
		e := *l.errs[0]
		e.File = filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(e.File)))
		return nil, &e
	}
	sortDiagnostics(c.diags)
	sortDiagnostics(c.warns)
	sort.SliceStable(c.waivers, func(i, j int) bool {
		a, b := c.waivers[i], c.waivers[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Target < b.Target
	})
	return c, nil
}

// LoadForPlan is Load for the .tf tree of a plan: it keeps what a plan needs from the tree
// (locations, facts, moved blocks, inline waivers, diagnostics) and lets the parsed block
// bodies go, which only SyntheticPlan (HCL-only mode) reads. On a large tree they are most of
// the memory Load holds, and the garbage collector would otherwise trace them again and again
// while the policies are evaluated.
func LoadForPlan(dir string) (*Config, error) { return load(dir, true) }

// startWorkers starts n parse workers; with one CPU the loader parses alone.
func (l *loader) startWorkers(n int) {
	if n < 2 {
		return
	}
	// Room for every call Load follows; should the queue still be full, the
	// loader parses the directory itself when it reaches it.
	l.queue = make(chan *dirParse, maxModuleCalls)
	for i := 0; i < n; i++ {
		l.workers.Add(1)
		go func() {
			defer l.workers.Done()
			for d := range l.queue {
				if !l.stop.Load() && d.claim() {
					d.run(l.cfg.Root)
				}
			}
		}()
	}
}

// stopWorkers drops what is still queued (directories of calls that were not
// followed) and waits for the parses under way.
func (l *loader) stopWorkers() {
	if l.queue == nil {
		return
	}
	l.stop.Store(true)
	close(l.queue)
	l.workers.Wait()
}

// dirParse returns the (possibly queued or running) parse of dir.
func (l *loader) dirParse(dir string) *dirParse {
	d, ok := l.dirs[dir]
	if !ok {
		d = &dirParse{dir: dir, done: make(chan struct{})}
		l.dirs[dir] = d
	}
	return d
}

// prefetch queues the parse of dir for a worker, unless it is already known
// or the queue is full.
func (l *loader) prefetch(dir string) {
	if l.queue == nil {
		return
	}
	if _, known := l.dirs[dir]; known {
		return
	}
	d := l.dirParse(dir)
	select {
	case l.queue <- d:
	default:
	}
}

// parseDir returns the files of dir, parsed once per directory, and records
// their diagnostics the first time the walk reaches the directory.
func (l *loader) parseDir(dir string) ([]*parsedFile, error) {
	d := l.dirParse(dir)
	if d.claim() {
		d.run(l.cfg.Root)
	}
	<-d.done
	if !d.merged {
		d.merged = true
		l.cfg.diags = append(l.cfg.diags, d.diags...)
	}
	return d.files, d.err
}

// relTo renders abs relative to root, slash-separated.
func relTo(root, abs string) string {
	r, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}

// run parses the .tf and .tf.json files of d.dir (and OpenTofu's .tofu and
// .tofu.json). It touches nothing but d, so that it may run on any goroutine.
// Override files are parsed last so that their blocks never shadow the
// primary definition in the location index.
func (d *dirParse) run(root string) {
	defer close(d.done)
	dir := d.dir
	entries, err := os.ReadDir(dir)
	if err != nil {
		d.err = fmt.Errorf("cannot read directory: %w", unwrapPathError(err))
		return
	}
	present := map[string]bool{}
	for _, e := range entries {
		present[e.Name()] = true
	}
	var primary, overrides []string
	for _, e := range entries {
		name := e.Name()
		ext := configExt(name)
		if e.IsDir() || ext == "" {
			continue
		}
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
			continue // editor swap and backup files, as Terraform ignores them
		}
		base := strings.TrimSuffix(name, ext)
		// OpenTofu reads x.tofu instead of x.tf when both exist.
		if (ext == ".tf" && present[base+".tofu"]) || (ext == ".tf.json" && present[base+".tofu.json"]) {
			continue
		}
		if base == "override" || strings.HasSuffix(base, "_override") {
			overrides = append(overrides, name)
		} else {
			primary = append(primary, name)
		}
	}
	sort.Strings(primary)
	sort.Strings(overrides)
	for _, name := range append(primary, overrides...) {
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			d.diags = append(d.diags, Diagnostic{File: relTo(root, path), Msg: "cannot read: " + unwrapPathError(err).Error()})
			continue
		}
		pf := &parsedFile{rel: relTo(root, path)}
		var diags hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			if line, col, deep := jsonTooDeep(src); deep {
				d.diags = append(d.diags, Diagnostic{File: pf.rel, Line: line, Column: col,
					Msg: fmt.Sprintf("nested deeper than %d levels; file not parsed", maxHCLDepth)})
				continue
			}
			pf.file, diags = hcljson.Parse(src, path)
		} else {
			var tooDeep *hcl.Pos
			pf.comments, tooDeep = commentsAndDepth(src, path)
			if tooDeep != nil {
				d.diags = append(d.diags, Diagnostic{File: pf.rel, Line: tooDeep.Line, Column: tooDeep.Column,
					Msg: fmt.Sprintf("nested deeper than %d levels; file not parsed", maxHCLDepth)})
				continue
			}
			pf.file, diags = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		}
		for _, hd := range diags {
			if hd.Severity == hcl.DiagError {
				out := Diagnostic{File: pf.rel, Msg: hd.Summary}
				if hd.Subject != nil {
					out.File = relTo(root, hd.Subject.Filename)
					out.Line, out.Column = hd.Subject.Start.Line, hd.Subject.Start.Column
				}
				d.diags = append(d.diags, out)
			}
		}
		if pf.file == nil || pf.file.Body == nil {
			continue
		}
		d.files = append(d.files, pf)
	}
}

// configExt returns the configuration file extension of name, or "".
func configExt(name string) string {
	for _, ext := range []string{".tf.json", ".tofu.json", ".tf", ".tofu"} {
		if strings.HasSuffix(name, ext) {
			return ext
		}
	}
	return ""
}

func unwrapPathError(err error) error {
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "moved"},
}}

var moduleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}

var movedSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "from"}, {Name: "to"}}}

// module indexes one module instance at prefix and recurses into its local
// calls. stack holds the directories of the calls above it (cycle guard).
func (l *loader) module(prefix, dir string, files []*parsedFile, stack []string) *module {
	m := &module{prefix: prefix, dir: dir}
	full := func(rel string) string {
		if prefix == "" {
			return rel
		}
		return prefix + "." + rel
	}
	for _, pf := range files {
		content, _, _ := pf.file.Body.PartialContent(topSchema)
		for _, blk := range content.Blocks {
			loc := location{file: pf.rel, line: blk.DefRange.Start.Line}
			switch blk.Type {
			case "resource", "data":
				r := &resource{mode: "managed", typ: blk.Labels[0], name: blk.Labels[1], loc: loc, body: blk.Body}
				if l.lean {
					r.body = nil // the file's syntax tree can go as soon as the walk leaves it
				}
				if blk.Type == "data" {
					r.mode = "data"
				}
				addr := full(r.relAddress())
				if _, dup := l.cfg.index[addr]; dup {
					continue // an override file or a duplicate: the first block wins
				}
				l.cfg.index[addr] = loc
				m.resources = append(m.resources, r)
				if r.mode == "managed" {
					l.cfg.facts[addr] = facts(blk.Body)
				}
				l.attachWaivers(pf, blk, addr)
			case "module":
				addr := full("module." + blk.Labels[0])
				if _, dup := l.cfg.index[addr]; dup {
					continue
				}
				l.cfg.index[addr] = loc
				c := &call{name: blk.Labels[0], loc: loc}
				if attrs, _, _ := blk.Body.PartialContent(moduleSchema); attrs != nil {
					if a, ok := attrs.Attributes["source"]; ok {
						if v, d := a.Expr.Value(literalCtx); !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().FriendlyName() == "string" {
							c.source = v.AsString()
						}
					}
				}
				m.calls = append(m.calls, c)
				l.attachWaivers(pf, blk, addr)
			case "moved":
				l.movedBlock(pf, blk, full)
			}
		}
	}
	// The calls' directories first go to the parse workers, so that they are
	// parsed while the walk descends into the first of them.
	type target struct{ dir, real string }
	targets := make([]target, len(m.calls))
	queued := 0
	for i, c := range m.calls {
		if !isLocalSource(c.source) {
			continue
		}
		childDir := filepath.Join(dir, filepath.FromSlash(c.source))
		realDir := childDir
		if r, err := filepath.EvalSymlinks(childDir); err == nil {
			realDir = r
		}
		targets[i] = target{childDir, realDir}
		if l.calls+queued < maxModuleCalls && len(stack) < maxModuleDepth && !contains(stack, realDir) {
			l.prefetch(childDir)
			queued++
		}
	}
	for i, c := range m.calls {
		if !isLocalSource(c.source) {
			continue
		}
		childDir, realDir := targets[i].dir, targets[i].real
		childPrefix := full("module." + c.name)
		if l.calls >= maxModuleCalls {
			l.cfg.warns = append(l.cfg.warns, Diagnostic{File: c.loc.file, Line: c.loc.line,
				Msg: fmt.Sprintf("module %q: more than %d local module calls in the tree; not followed", c.name, maxModuleCalls)})
			continue
		}
		if len(stack) >= maxModuleDepth || contains(stack, realDir) {
			l.cfg.warns = append(l.cfg.warns, Diagnostic{File: c.loc.file, Line: c.loc.line,
				Msg: fmt.Sprintf("module %q: local module calls nest too deep or loop (%s); not followed", c.name, c.source)})
			continue
		}
		st, err := os.Stat(childDir)
		if err != nil || !st.IsDir() {
			l.cfg.warns = append(l.cfg.warns, Diagnostic{File: c.loc.file, Line: c.loc.line,
				Msg: fmt.Sprintf("module %q: local source %q is not a directory", c.name, c.source)})
			continue
		}
		childFiles, err := l.parseDir(childDir)
		if err != nil {
			l.cfg.warns = append(l.cfg.warns, Diagnostic{File: c.loc.file, Line: c.loc.line,
				Msg: fmt.Sprintf("module %q: %v", c.name, err)})
			continue
		}
		l.calls++
		c.child = l.module(childPrefix, childDir, childFiles, append(stack[:len(stack):len(stack)], realDir))
	}
	return m
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// isLocalSource reports whether a module source is a local path, which
// Terraform recognises only by a leading ./ or ../.
func isLocalSource(src string) bool {
	s := strings.ReplaceAll(src, `\`, "/")
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../")
}

// movedBlock records `moved { from = …, to = … }` relative to the module.
func (l *loader) movedBlock(pf *parsedFile, blk *hcl.Block, full func(string) string) {
	attrs, _, _ := blk.Body.PartialContent(movedSchema)
	if attrs == nil {
		return
	}
	from, okFrom := traversalAddress(attrs.Attributes["from"])
	to, okTo := traversalAddress(attrs.Attributes["to"])
	if !okFrom || !okTo {
		return
	}
	l.cfg.moved[full(from)] = full(to)
}

// traversalAddress renders a moved endpoint without its instance keys.
func traversalAddress(a *hcl.Attribute) (string, bool) {
	if a == nil {
		return "", false
	}
	trav, diags := hcl.AbsTraversalForExpr(a.Expr)
	if diags.HasErrors() || len(trav) == 0 {
		return "", false
	}
	var steps []string
	for _, t := range trav {
		switch s := t.(type) {
		case hcl.TraverseRoot:
			steps = append(steps, s.Name)
		case hcl.TraverseAttr:
			steps = append(steps, s.Name)
		}
	}
	return strings.Join(steps, "."), true
}

var lifecycleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "lifecycle"},
	{Type: "provisioner", LabelNames: []string{"type"}},
}}

var lifecycleAttrs = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "prevent_destroy"}, {Name: "create_before_destroy"},
}}

// facts reads literal lifecycle settings and provisioner types.
func facts(body hcl.Body) ResourceFacts {
	var f ResourceFacts
	content, _, _ := body.PartialContent(lifecycleSchema)
	if content == nil {
		return f
	}
	for _, blk := range content.Blocks {
		switch blk.Type {
		case "provisioner":
			f.Provisioners = append(f.Provisioners, blk.Labels[0])
		case "lifecycle":
			attrs, _, _ := blk.Body.PartialContent(lifecycleAttrs)
			if attrs == nil {
				continue
			}
			f.PreventDestroy = f.PreventDestroy || literalTrue(attrs.Attributes["prevent_destroy"])
			f.CreateBeforeDestroy = f.CreateBeforeDestroy || literalTrue(attrs.Attributes["create_before_destroy"])
		}
	}
	return f
}

func literalTrue(a *hcl.Attribute) bool {
	if a == nil {
		return false
	}
	v, diags := a.Expr.Value(literalCtx)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return false
	}
	switch {
	case v.Type().FriendlyName() == "bool":
		return v.True()
	case v.Type().FriendlyName() == "string":
		return v.AsString() == "true" // Terraform converts the string "true"
	}
	return false
}

// Diagnostics returns the problems that kept (part of) a file from being
// parsed: HCL syntax errors, unreadable files, absurd nesting. Sorted by file
// and position.
func (c *Config) Diagnostics() []Diagnostic {
	return append([]Diagnostic(nil), c.diags...)
}

// Warnings returns problems with local module calls that could not be
// followed (missing directory, a call loop); their blocks are still indexed
// and Locate resolves addresses inside them to the module call.
func (c *Config) Warnings() []Diagnostic {
	return append([]Diagnostic(nil), c.warns...)
}

func sortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// Locate maps a plan or configuration address to the file (relative to Root,
// slash-separated) and line of its block. Instance keys are ignored, moved
// blocks are followed from the old address to the new one, and an address
// inside a module that is not indexed (a registry or git module) resolves to
// the innermost module call block that is.
func (c *Config) Locate(address string) (file string, line int, ok bool) {
	addr, found := c.resolve(address)
	if !found {
		return "", 0, false
	}
	loc := c.index[addr]
	return loc.file, loc.line, true
}

// Resolve returns the configuration address of the block Locate finds for
// address (instance keys stripped, moved blocks followed, or the enclosing
// module call), or ConfigAddress(address) and false when there is none.
// Match it against Facts keys and InlineWaiver.Covers.
func (c *Config) Resolve(address string) (string, bool) {
	addr, found := c.resolve(address)
	if !found {
		return configAddress(address), false
	}
	return addr, true
}

func (c *Config) resolve(address string) (string, bool) {
	if c == nil {
		return "", false
	}
	// An exact match first: a block label Terraform would reject (say "[")
	// is still indexed under its literal address.
	if _, found := c.index[address]; found {
		return address, true
	}
	addr := configAddress(address)
	// Follow moved blocks; chains are short, the bound stops cycles.
	for hop := 0; hop < 16; hop++ {
		if _, found := c.index[addr]; found {
			return addr, true
		}
		next, moved := c.applyMoved(addr)
		if !moved {
			break
		}
		addr = next
	}
	steps := splitAddress(addr)
	for n := len(steps) - 1; n >= 2; n-- {
		if steps[n-2] != "module" {
			continue
		}
		if prefix := strings.Join(steps[:n], "."); c.index[prefix] != (location{}) {
			return prefix, true
		}
	}
	return "", false
}

// applyMoved rewrites the longest prefix of addr that a moved block names.
func (c *Config) applyMoved(addr string) (string, bool) {
	if len(c.moved) == 0 {
		return "", false
	}
	steps := splitAddress(addr)
	for n := len(steps); n > 0; n-- {
		prefix := strings.Join(steps[:n], ".")
		if to, ok := c.moved[prefix]; ok && to != prefix {
			return strings.Join(append([]string{to}, steps[n:]...), "."), true
		}
	}
	return "", false
}

// InlineWaivers returns the inline waivers, sorted by file and line.
func (c *Config) InlineWaivers() []InlineWaiver {
	out := make([]InlineWaiver, len(c.waivers))
	for i, w := range c.waivers {
		w.Rules = append([]string(nil), w.Rules...)
		out[i] = w
	}
	return out
}

// Facts returns lifecycle facts of every managed resource block, keyed by
// configuration address.
func (c *Config) Facts() map[string]ResourceFacts {
	out := make(map[string]ResourceFacts, len(c.facts))
	for k, f := range c.facts {
		f.Provisioners = append([]string(nil), f.Provisioners...)
		out[k] = f
	}
	return out
}

// nativeBody returns the hclsyntax body of a block parsed from native
// syntax, or nil for JSON.
func nativeBody(b hcl.Body) *hclsyntax.Body {
	nb, _ := b.(*hclsyntax.Body)
	return nb
}

// jsonTooDeep reports where the nesting of a .tf.json file first exceeds
// maxHCLDepth (the HCL JSON parser recurses per level).
func jsonTooDeep(src []byte) (line, col int, deep bool) {
	depth, inString := 0, false
	line, col = 1, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		col++
		if c == '\n' {
			line, col = line+1, 0
			continue
		}
		if inString {
			switch c {
			case '\\':
				i++
				col++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > maxHCLDepth {
				return line, col, true
			}
		case '}', ']':
			depth--
		}
	}
	return 0, 0, false
}
