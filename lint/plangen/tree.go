package plangen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// BlockInfo locates one resource or data block of the generated tree.
type BlockInfo struct {
	// Address is the configuration address: module path without instance
	// keys plus type.name (data. prefix for data sources).
	Address string
	File    string // slash-separated, relative to the tree root
	Line    int    // line of the resource/data keyword
	Waiver  string // rule id of the # opex:ignore comment directly above, or ""
}

// Blocks lists every block of the tree with its location, sorted by address.
func (g *Generator) Blocks() []BlockInfo {
	var out []BlockInfo
	for _, d := range g.defs {
		prefix := modulePath(d)
		for _, b := range d.blocks {
			out = append(out, BlockInfo{Address: prefix + b.cfgAddr(), File: b.file, Line: b.line, Waiver: b.waiver})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

func modulePath(d *modDef) string {
	if d.call == nil {
		return ""
	}
	return modulePath(d.parent) + "module." + d.name + "."
}

// WriteTree writes the .tf files into dir (created if needed). The files of
// each module directory are rendered in memory (they are small) and written
// one by one.
func (g *Generator) WriteTree(dir string) error {
	for _, d := range g.defs {
		files := g.render(d)
		mdir := filepath.Join(dir, filepath.FromSlash(d.dir))
		if err := os.MkdirAll(mdir, 0o755); err != nil {
			return err
		}
		for _, name := range sortedKeys(files) {
			if err := os.WriteFile(filepath.Join(mdir, name), []byte(files[name].String()), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// layout renders every module once to fix block lines and count files.
func (g *Generator) layout() {
	g.stats.Files, g.stats.Blocks, g.stats.Waivers = 0, 0, 0
	for _, d := range g.defs {
		g.stats.Files += len(g.render(d))
		g.stats.Blocks += len(d.blocks)
		for _, b := range d.blocks {
			if b.waiver != "" {
				g.stats.Waivers++
			}
		}
	}
}

// hw builds one .tf file and tracks the line the next write starts on.
type hw struct {
	sb   strings.Builder
	line int
}

func newHW() *hw { return &hw{line: 1} }

func (h *hw) String() string { return h.sb.String() }

func (h *hw) ln(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	h.sb.WriteString(s)
	h.sb.WriteByte('\n')
	h.line += strings.Count(s, "\n") + 1
}

// render returns the files of one module directory and records block lines.
func (g *Generator) render(d *modDef) map[string]*hw {
	files := map[string]*hw{}
	file := func(name string) *hw {
		f, ok := files[name]
		if !ok {
			f = newHW()
			files[name] = f
		}
		return f
	}
	v := file("versions.tf")
	v.ln("terraform {")
	if d == g.root {
		v.ln(`  required_version = ">= 1.5.0"`)
		v.ln("")
	}
	v.ln("  required_providers {")
	v.ln(`    aws = {`)
	v.ln(`      source  = "hashicorp/aws"`)
	v.ln(`      version = "~> 5.60"`)
	v.ln(`    }`)
	if d == g.root {
		v.ln(`    opex = {`)
		v.ln(`      source  = "opexhq/opex"`)
		v.ln(`      version = ">= 0.1.0"`)
		v.ln(`    }`)
	}
	v.ln("  }")
	v.ln("}")

	vars, outs := file("variables.tf"), file("outputs.tf")
	if d == g.root {
		p := file("providers.tf")
		p.ln(`provider "aws" {`)
		p.ln(`  region = var.region`)
		p.ln("")
		p.ln(`  default_tags {`)
		p.ln(`    tags = var.default_tags`)
		p.ln(`  }`)
		p.ln(`}`)
		p.ln("")
		p.ln(`provider "opex" {}`)
		vars.ln("variable \"region\" {\n  type    = string\n  default = %s\n}\n", hclString(defaultRegion))
		vars.ln("variable %q {\n  description = \"Master password of the databases\"\n  type        = string\n  sensitive   = true\n}\n", secretVarName)
		vars.ln("variable \"default_tags\" {\n  type = map(string)\n  default = %s\n}\n", hclValue(defaultTags, 1))
		vars.ln("variable \"alarm_topics\" {\n  description = \"SNS topic per environment\"\n  type        = map(string)\n}")
		outs.ln("output %q {\n  value     = var.%s\n  sensitive = true\n}\n", secretOutput, secretVarName)
		outs.ln("output \"environment_id\" {\n  value = opex_environment.production.id\n}\n")
		outs.ln("output \"module_count\" {\n  value = %d\n}", len(g.defs)-1)
	} else {
		for i, mv := range moduleVars {
			if i > 0 {
				vars.ln("")
			}
			vars.ln("variable %q {\n%s\n}", mv.name, mv.hcl)
		}
		outs.ln("output \"name\" {\n  value = var.name\n}")
	}

	if len(d.calls) > 0 {
		l := file("locals.tf")
		l.ln("locals {")
		l.ln("  # Per-call count and for_each keys, keyed by resource address.")
		width := 0
		for _, c := range d.calls {
			width = max(width, len(c.name))
		}
		for _, field := range []string{"replicas", "instances"} {
			l.ln("  %s = {", field)
			for _, c := range sortedCalls(d) {
				l.ln("    %-*s = {}", width, c.name)
			}
			l.ln("  }")
		}
		l.ln("}")
		m := file("modules.tf")
		for i, c := range sortedCalls(d) {
			if i > 0 {
				m.ln("")
			}
			c.file, c.line = relFile(d, "modules.tf"), m.line
			m.ln("module %q {", c.name)
			m.ln("  source = %s", hclString(moduleSource(d, c.def)))
			switch c.rep {
			case repCount:
				m.ln("  count  = %d", c.n)
			case repForEach:
				m.ln("  for_each = %s", hclValue(keySet(c.keys), 1))
			}
			m.ln("")
			writeAttrs(m, callArgs(d, c), 1)
			m.ln("}")
		}
	}

	for _, b := range d.blocks {
		f := file(b.spec.file)
		if f.line > 1 {
			f.ln("")
		}
		if b.waiver != "" {
			until := ""
			if b.idx%3 == 0 {
				until = " until=2099-12-31"
			}
			f.ln("# opex:ignore %s%s reason=%q", b.waiver, until, "accepted risk, reviewed with "+d.kind.name+" owners")
		}
		b.file, b.line = relFile(d, b.spec.file), f.line
		kw := "resource"
		if b.spec.mode == "data" {
			kw = "data"
		}
		f.ln("%s %q %q {", kw, b.spec.typ, b.name)
		switch b.rep {
		case repCount:
			f.ln("  count = lookup(var.replicas, %q, 1)", b.cfgAddr())
			f.ln("")
		case repForEach:
			f.ln("  for_each = toset(lookup(var.instances, %q, []))", b.cfgAddr())
			f.ln("")
		}
		var plain, blocks []cattr
		for _, a := range b.attrs {
			if a.nested {
				blocks = append(blocks, a)
			} else {
				plain = append(plain, a)
			}
		}
		writeAttrs(f, plain, 1)
		for _, a := range blocks {
			for _, nb := range a.lit.([]map[string]any) {
				f.ln("")
				f.ln("  %s {", a.name)
				writeMap(f, nb, 2)
				f.ln("  }")
			}
		}
		if b.preventDestroy || b.cbd {
			f.ln("")
			f.ln("  lifecycle {")
			if b.preventDestroy {
				f.ln("    prevent_destroy = true")
			}
			if b.cbd {
				f.ln("    create_before_destroy = true")
			}
			f.ln("  }")
		}
		f.ln("}")
	}
	return files
}

func relFile(d *modDef, name string) string {
	if d.dir == "." {
		return name
	}
	return d.dir + "/" + name
}

// writeAttrs writes attributes with aligned equals signs, as terraform fmt does.
func writeAttrs(f *hw, as []cattr, depth int) {
	width := 0
	for _, a := range as {
		width = max(width, len(a.name))
	}
	ind := strings.Repeat("  ", depth)
	for _, a := range as {
		val := a.expr
		if val == "" {
			val = hclValue(a.lit, depth)
		}
		f.ln("%s%-*s = %s", ind, width, a.name, val)
	}
}

func writeMap(f *hw, m map[string]any, depth int) {
	keys := sortedKeys(m)
	width := 0
	for _, k := range keys {
		width = max(width, len(k))
	}
	ind := strings.Repeat("  ", depth)
	for _, k := range keys {
		f.ln("%s%-*s = %s", ind, width, k, hclValue(m[k], depth))
	}
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// hclValue renders a literal as HCL; depth is the indentation of the line
// holding it, for multi-line objects.
func hclValue(v any, depth int) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return hclString(t)
	case bool:
		return strconv.FormatBool(t)
	case int:
		return strconv.Itoa(t)
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = hclValue(e, depth)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		if len(t) == 0 {
			return "{}"
		}
		keys := sortedKeys(t)
		width := 0
		for _, k := range keys {
			width = max(width, len(hclKey(k)))
		}
		ind := strings.Repeat("  ", depth+1)
		var sb strings.Builder
		sb.WriteString("{\n")
		for _, k := range keys {
			fmt.Fprintf(&sb, "%s%-*s = %s\n", ind, width, hclKey(k), hclValue(t[k], depth+1))
		}
		sb.WriteString(strings.Repeat("  ", depth) + "}")
		return sb.String()
	}
	panic(fmt.Sprintf("plangen: no HCL rendering for %T", v)) // a bug in the type table, caught by the tests
}

func hclKey(k string) string {
	if identRE.MatchString(k) {
		return k
	}
	return hclString(k)
}

// hclString quotes s as an HCL string literal (template sequences escaped).
func hclString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}
