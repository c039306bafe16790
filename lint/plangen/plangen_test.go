package plangen

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
)

func generate(t testing.TB, opts Options) (*Generator, []byte) {
	t.Helper()
	g, err := New(opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	var buf bytes.Buffer
	n, err := g.WritePlan(&buf)
	if err != nil {
		t.Fatalf("WritePlan: %v", err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WritePlan reported %d bytes, wrote %d", n, buf.Len())
	}
	return g, buf.Bytes()
}

func treeDigest(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(rel + "\x00"))
		h.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func TestDeterministic(t *testing.T) {
	opts := Options{Changes: 1500, Seed: 7}
	g1, a := generate(t, opts)
	g2, b := generate(t, opts)
	if !bytes.Equal(a, b) {
		t.Fatal("two plans generated with the same options differ")
	}
	d1, d2 := t.TempDir(), t.TempDir()
	if err := g1.WriteTree(d1); err != nil {
		t.Fatal(err)
	}
	if err := g2.WriteTree(d2); err != nil {
		t.Fatal(err)
	}
	if treeDigest(t, d1) != treeDigest(t, d2) {
		t.Fatal("two trees generated with the same options differ")
	}
	// Writing twice from one generator gives the same bytes too (values
	// are re-derived per section and per write).
	var again bytes.Buffer
	if _, err := g1.WritePlan(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, again.Bytes()) {
		t.Fatal("a second WritePlan from the same generator differs")
	}
	_, c := generate(t, Options{Changes: 1500, Seed: 8})
	if bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same plan")
	}
}

func TestPlanUnmarshalsAndValidates(t *testing.T) {
	const n = 3000
	g, raw := generate(t, Options{Changes: n, Seed: 1})
	var p tfjson.Plan
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatalf("terraform-json rejects the plan: %v", err)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if p.FormatVersion != "1.2" {
		t.Errorf("format_version = %q", p.FormatVersion)
	}
	if len(p.ResourceChanges) != n {
		t.Fatalf("%d resource_changes, want %d", len(p.ResourceChanges), n)
	}
	if p.PriorState == nil || p.PlannedValues == nil || p.Config == nil {
		t.Fatal("prior_state, planned_values or configuration missing")
	}

	st := g.Stats()
	counts := map[string]int{}
	seen := map[string]bool{}
	sawModuleKey, sawCountKey, sawDeepModule := false, false, false
	for _, rc := range p.ResourceChanges {
		if seen[rc.Address] {
			t.Fatalf("duplicate address %s", rc.Address)
		}
		seen[rc.Address] = true
		a := rc.Change.Actions
		var k string
		switch {
		case a.Create():
			k = ActCreate
		case a.Update():
			k = ActUpdate
		case a.Delete():
			k = ActDelete
		case a.NoOp():
			k = ActNoop
		case a.Read():
			k = ActRead
		case a.DestroyBeforeCreate():
			k = ActReplaceDC
		case a.CreateBeforeDestroy():
			k = ActReplaceCD
		default:
			t.Fatalf("%s: unexpected actions %v", rc.Address, a)
		}
		counts[k]++
		if (k == ActRead) != (rc.Mode == tfjson.DataResourceMode) {
			t.Errorf("%s: mode %s with actions %v", rc.Address, rc.Mode, a)
		}
		switch k {
		case ActCreate, ActReplaceDC, ActReplaceCD:
			au, ok := rc.Change.AfterUnknown.(map[string]any)
			if !ok || au["id"] != true {
				t.Errorf("%s: after_unknown lacks id=true: %v", rc.Address, rc.Change.AfterUnknown)
			}
			if after, ok := rc.Change.After.(map[string]any); !ok || after["id"] != nil {
				t.Errorf("%s: after of a create holds the unknown id", rc.Address)
			}
		}
		if k == ActDelete && (rc.Change.After != nil || rc.ActionReason == "") {
			t.Errorf("%s: delete with after %v reason %q", rc.Address, rc.Change.After, rc.ActionReason)
		}
		if strings.Contains(rc.ModuleAddress, `["`) {
			sawModuleKey = true
		}
		if _, ok := rc.Index.(float64); ok {
			sawCountKey = true
		}
		if strings.Count(rc.ModuleAddress, "module.") >= 2 {
			sawDeepModule = true
		}
		if want := rc.ModuleAddress; want != "" && !strings.HasPrefix(rc.Address, want+".") {
			t.Errorf("%s: module_address %s is not its prefix", rc.Address, want)
		}
	}
	for _, k := range []string{ActCreate, ActUpdate, ActDelete, ActNoop, ActRead, ActReplaceDC, ActReplaceCD} {
		if counts[k] == 0 {
			t.Errorf("no %s change in %d", k, n)
		}
		if counts[k] != st.Actions[k] {
			t.Errorf("%s: plan has %d, Stats says %d", k, counts[k], st.Actions[k])
		}
	}
	// The mix is dominated by no-ops, as in real estates, with every kind represented.
	if counts[ActNoop] < n/2 || counts[ActCreate] < n/20 || counts[ActUpdate] < n/20 {
		t.Errorf("unrealistic action mix: %v", counts)
	}
	if !sawModuleKey || !sawCountKey || !sawDeepModule {
		t.Errorf("address shapes missing: for_each module %v, count index %v, nested module %v", sawModuleKey, sawCountKey, sawDeepModule)
	}
	if len(p.ResourceDrift) == 0 || len(p.ResourceDrift) != st.Drift || len(p.RelevantAttributes) != st.Drift {
		t.Errorf("drift: %d entries, %d relevant attributes, Stats %d", len(p.ResourceDrift), len(p.RelevantAttributes), st.Drift)
	}
	if len(p.Config.RootModule.ModuleCalls) == 0 {
		t.Error("configuration has no module calls")
	}
	if v := p.Config.RootModule.Variables[secretVarName]; v == nil || !v.Sensitive {
		t.Errorf("variable %s is not declared sensitive", secretVarName)
	}
	if o := p.OutputChanges[secretOutput]; o == nil || o.AfterSensitive != true {
		t.Errorf("output %s is not sensitive", secretOutput)
	}
	if o := p.PlannedValues.Outputs[secretOutput]; o == nil || !o.Sensitive {
		t.Errorf("planned output %s is not sensitive", secretOutput)
	}
	// planned_values holds every instance that exists after apply.
	planned := 0
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		planned += len(m.Resources)
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(p.PlannedValues.RootModule)
	if want := n - counts[ActDelete]; planned != want {
		t.Errorf("planned_values has %d resources, want %d", planned, want)
	}
}

// TestSensitiveValuesMarked checks that every planted secret sits under a
// sensitive mark (or is the sensitive variable itself), so redaction tests
// built on these plans are sound.
func TestSensitiveValuesMarked(t *testing.T) {
	g, raw := generate(t, Options{Changes: 2000, Seed: 3})
	var p map[string]any
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	marked := 0
	check := func(where string, val, sens any) {
		m, _ := val.(map[string]any)
		s, _ := sens.(map[string]any)
		for k, v := range m {
			if str, ok := v.(string); ok && strings.Contains(str, sensitiveMarker) {
				marked++
				if s[k] != true {
					t.Errorf("%s: %s holds a secret but is not marked sensitive", where, k)
				}
			}
		}
	}
	for _, sect := range []string{"resource_changes", "resource_drift"} {
		for _, e := range p[sect].([]any) {
			rc := e.(map[string]any)
			ch := rc["change"].(map[string]any)
			check(rc["address"].(string), ch["before"], ch["before_sensitive"])
			check(rc["address"].(string), ch["after"], ch["after_sensitive"])
		}
	}
	if marked == 0 {
		t.Fatal("no resource attribute holds a secret")
	}
	var walk func(where string, m map[string]any)
	walk = func(where string, m map[string]any) {
		for _, r := range asList(m["resources"]) {
			rm := r.(map[string]any)
			check(where+" "+rm["address"].(string), rm["values"], rm["sensitive_values"])
		}
		for _, c := range asList(m["child_modules"]) {
			walk(where, c.(map[string]any))
		}
	}
	planned := p["planned_values"].(map[string]any)
	prior := p["prior_state"].(map[string]any)["values"].(map[string]any)
	walk("planned_values", planned["root_module"].(map[string]any))
	walk("prior_state", prior["root_module"].(map[string]any))
	for _, outs := range []any{planned["outputs"], prior["outputs"]} {
		for name, o := range outs.(map[string]any) {
			om := o.(map[string]any)
			if v, _ := om["value"].(string); strings.Contains(v, sensitiveMarker) {
				marked++
				if om["sensitive"] != true {
					t.Errorf("output %s holds a secret but is not sensitive", name)
				}
			}
		}
	}
	for name, o := range p["output_changes"].(map[string]any) {
		om := o.(map[string]any)
		for _, side := range []string{"before", "after"} {
			if v, _ := om[side].(string); strings.Contains(v, sensitiveMarker) {
				marked++
				if om[side+"_sensitive"] != true {
					t.Errorf("output change %s: %s holds a secret but is not sensitive", name, side)
				}
			}
		}
	}
	// Plan JSON does not redact sensitive variables; the configuration marks them.
	const variables = 1
	if total := bytes.Count(raw, []byte(g.secret)); total != marked+variables {
		t.Errorf("the secret occurs %d times, %d of them marked sensitive (+%d variable): some occurrence is unmarked", total, marked, variables)
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// stripKeys turns an instance address into its configuration address.
func stripKeys(addr string) string {
	var sb strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted:
			if c == '\\' {
				i++
			} else if c == '"' {
				quoted = false
			}
		case c == '"' && depth > 0:
			quoted = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

type parsedBlock struct {
	file string
	line int
}

// parseTree indexes a .tf tree the way a locator would: parse each module
// directory with hcl/v2 and follow the local module calls from the root.
func parseTree(t *testing.T, root string) map[string]parsedBlock {
	t.Helper()
	parser := hclparse.NewParser()
	out := map[string]parsedBlock{}
	var walk func(dir, prefix string)
	walk = func(dir, prefix string) {
		files, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), "*.tf"))
		if err != nil || len(files) == 0 {
			t.Fatalf("module %q: no .tf files in %s", prefix, dir)
		}
		for _, f := range files {
			hf, diags := parser.ParseHCLFile(f)
			if diags.HasErrors() {
				t.Fatalf("%s", diags.Error())
			}
			rel := path.Join(dir, filepath.Base(f))
			for _, b := range hf.Body.(*hclsyntax.Body).Blocks {
				switch b.Type {
				case "resource", "data":
					addr := prefix + b.Labels[0] + "." + b.Labels[1]
					if b.Type == "data" {
						addr = prefix + "data." + b.Labels[0] + "." + b.Labels[1]
					}
					if _, dup := out[addr]; dup {
						t.Fatalf("%s declared twice", addr)
					}
					out[addr] = parsedBlock{file: path.Clean(rel), line: b.DefRange().Start.Line}
				case "module":
					v, diags := b.Body.Attributes["source"].Expr.Value(nil)
					if diags.HasErrors() {
						t.Fatalf("%s: module %s source: %s", rel, b.Labels[0], diags.Error())
					}
					walk(path.Join(dir, v.AsString()), prefix+"module."+b.Labels[0]+".")
				}
			}
		}
	}
	walk(".", "")
	return out
}

func TestTreeLocatesEveryAddress(t *testing.T) {
	g, raw := generate(t, Options{Changes: 2500, Seed: 11})
	dir := t.TempDir()
	if err := g.WriteTree(dir); err != nil {
		t.Fatal(err)
	}
	blocks := parseTree(t, dir)
	var p tfjson.Plan
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	for _, rc := range p.ResourceChanges {
		if _, ok := blocks[stripKeys(rc.Address)]; !ok {
			t.Errorf("%s: no block %s in the tree", rc.Address, stripKeys(rc.Address))
		}
	}
	infos := g.Blocks()
	if len(infos) != len(blocks) {
		t.Errorf("Blocks() lists %d blocks, the tree has %d", len(infos), len(blocks))
	}
	waivers := 0
	for _, bi := range infos {
		pb, ok := blocks[bi.Address]
		if !ok {
			t.Errorf("Blocks() lists %s, not in the tree", bi.Address)
			continue
		}
		if pb.file != bi.File || pb.line != bi.Line {
			t.Errorf("%s: Blocks() says %s:%d, parsed at %s:%d", bi.Address, bi.File, bi.Line, pb.file, pb.line)
		}
		if bi.Waiver != "" {
			waivers++
			above := lineOf(t, filepath.Join(dir, filepath.FromSlash(bi.File)), bi.Line-1)
			if !strings.HasPrefix(above, "# opex:ignore "+bi.Waiver) {
				t.Errorf("%s: line above the block is %q, want an opex:ignore comment", bi.Address, above)
			}
		}
	}
	if waivers == 0 || waivers != g.Stats().Waivers {
		t.Errorf("%d inline waivers, Stats says %d", waivers, g.Stats().Waivers)
	}
	var files int
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, _ error) error {
		if !d.IsDir() {
			files++
		}
		return nil
	})
	if files != g.Stats().Files {
		t.Errorf("%d files written, Stats says %d", files, g.Stats().Files)
	}
}

func lineOf(t *testing.T, file string, n int) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for i := 1; s.Scan(); i++ {
		if i == n {
			return s.Text()
		}
	}
	return ""
}

func TestSizeGrowsLinearly(t *testing.T) {
	_, small := generate(t, Options{Changes: 1000, Seed: 1})
	_, large := generate(t, Options{Changes: 8000, Seed: 1})
	per1, per8 := float64(len(small))/1000, float64(len(large))/8000
	if r := per8 / per1; r < 0.8 || r > 1.25 {
		t.Errorf("bytes per change: %.0f at 1k, %.0f at 8k (ratio %.2f)", per1, per8, r)
	}
}

// peakWriter samples the heap while the plan streams through it.
type peakWriter struct {
	n, next int64
	peak    uint64
}

func (w *peakWriter) Write(b []byte) (int, error) {
	w.n += int64(len(b))
	if w.n >= w.next {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		w.peak = max(w.peak, ms.HeapAlloc)
		w.next = w.n + 4<<20
	}
	return len(b), nil
}

func TestWriteStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB plan")
	}
	g, err := New(Options{Changes: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	w := &peakWriter{}
	n, err := g.WritePlan(w)
	if err != nil {
		t.Fatal(err)
	}
	// A writer that built the document first would hold at least n bytes
	// (several times n as Go values); the structure alone is about n/8 and
	// the collector lets the heap reach twice the live data.
	if w.peak > uint64(n)/2 {
		t.Errorf("heap peaked at %d MB while writing a %d MB plan", w.peak>>20, n>>20)
	}
}

func TestSmallAndInvalid(t *testing.T) {
	for _, n := range []int{1, 2, 9, 40} {
		g, raw := generate(t, Options{Changes: n, Seed: 5})
		var p tfjson.Plan
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if len(p.ResourceChanges) != n || g.Stats().Changes != n {
			t.Errorf("n=%d: %d changes", n, len(p.ResourceChanges))
		}
	}
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Changes: 0}, "changes must be at least 1"},
		{Options{Changes: 10, Modules: -1}, "modules must not be negative"},
		{Options{Changes: 100, Modules: 50}, "too few for 50 modules"},
	} {
		if _, err := New(tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error containing %q", tc.opts, err, tc.want)
		}
	}
}

func TestModulesOption(t *testing.T) {
	g, err := New(Options{Changes: 20000, Seed: 2, Modules: 400})
	if err != nil {
		t.Fatal(err)
	}
	st := g.Stats()
	if st.Modules != 400 || st.Files < 2000 {
		t.Errorf("Modules: 400 gave %d modules and %d files", st.Modules, st.Files)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("changes=%d", n), func(b *testing.B) {
			var size int64
			for i := 0; i < b.N; i++ {
				g, err := New(Options{Changes: n, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				if size, err = g.WritePlan(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(size)
		})
	}
}
