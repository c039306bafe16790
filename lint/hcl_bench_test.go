package lint

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/opexhq/terraform-provider-opex/lint/plangen"
	"github.com/opexhq/terraform-provider-opex/lint/tfconfig"
)

// hclBenchModules are the module counts of the HCL-only benchmarks: issue 6 measures 400
// (about 2,400 files, as scripts/bench/compare.sh generates); 100 and 200 show the growth.
var hclBenchModules = []int{100, 200, 400}

// hclTree writes (once per process) the .tf tree of `opexplangen -n M*50 -modules M -seed 1`,
// the tree compare.sh lints in HCL-only mode.
func hclTree(b *testing.B, modules int) string {
	b.Helper()
	key := -modules // benchInputs holds plans under positive sizes
	benchMu.Lock()
	defer benchMu.Unlock()
	if in, ok := benchInputs[key]; ok {
		if in.err != nil {
			b.Fatal(in.err)
		}
		return in.tree
	}
	in := &benchInput{}
	benchInputs[key] = in
	in.err = func() error {
		if err := makeBenchDir(); err != nil {
			return err
		}
		g, err := plangen.New(plangen.Options{Changes: modules * 50, Seed: 1, Modules: modules})
		if err != nil {
			return err
		}
		in.tree = filepath.Join(benchDir, fmt.Sprintf("hcl-%d", modules))
		return g.WriteTree(in.tree)
	}()
	if in.err != nil {
		b.Fatal(in.err)
	}
	return in.tree
}

// parseFloor is scripts/bench/hclfloor in process: hcl/v2 parsing of every .tf file.
func parseFloor(dir string) (int, error) {
	parser := hclparse.NewParser()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		if _, diags := parser.ParseHCLFile(path); diags.HasErrors() {
			return diags
		}
		files++
		return nil
	})
	return files, err
}

// BenchmarkHCLFloor is the floor of HCL-only mode (issue 6: <= 3x): parsing alone.
func BenchmarkHCLFloor(b *testing.B) {
	for _, m := range hclBenchModules {
		b.Run(fmt.Sprintf("modules=%d", m), func(b *testing.B) {
			tree := hclTree(b, m)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if n, err := parseFloor(tree); err != nil || n < m {
					b.Fatalf("%d files: %v", n, err)
				}
			}
		})
	}
}

// BenchmarkHCLLoad is the tfconfig part of HCL-only mode: Load, then everything Run asks of
// the Config before evaluation (synthetic plan, inline waivers, facts).
func BenchmarkHCLLoad(b *testing.B) {
	for _, m := range hclBenchModules {
		b.Run(fmt.Sprintf("modules=%d", m), func(b *testing.B) {
			tree := hclTree(b, m)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c, err := tfconfig.Load(tree)
				if err != nil {
					b.Fatal(err)
				}
				doc := c.SyntheticPlan()
				if len(doc["resource_changes"].([]any)) == 0 || len(c.InlineWaivers()) == 0 || len(c.Facts()) == 0 {
					b.Fatal("nothing loaded")
				}
			}
		})
	}
}

// BenchmarkHCLRun is HCL-only mode end to end, as `opexlint check DIR` runs it: the policies
// compiled in every iteration (a process compiles them once), so the ratio to
// BenchmarkHCLFloor is the whole-process one.
func BenchmarkHCLRun(b *testing.B) {
	for _, m := range hclBenchModules {
		b.Run(fmt.Sprintf("modules=%d", m), func(b *testing.B) {
			tree := hclTree(b, m)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r, err := Run(context.Background(), Options{Path: tree, WorkDir: tree})
				if err != nil {
					b.Fatal(err)
				}
				if r.Mode != "hcl" || len(r.Findings) == 0 {
					b.Fatalf("mode %q, %d findings: nothing linted", r.Mode, len(r.Findings))
				}
			}
		})
	}
}
