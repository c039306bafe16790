package lint

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint/plangen"
)

// benchSizes are the plan sizes of BenchmarkRun and BenchmarkDecodeFloor (issue 6 measures the
// 10k ratio; 100k runs in scripts/bench, as a whole process).
var benchSizes = []int{1000, 10000}

type benchInput struct {
	plan, tree string
	size       int64
	err        error
}

var (
	benchMu     sync.Mutex
	benchInputs = map[int]*benchInput{}
	benchDir    string
)

// TestMain removes the generated plans, shared by the benchmarks of one process.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// makeBenchDir creates benchDir, once per process; the caller holds benchMu.
func makeBenchDir() error {
	if benchDir != "" {
		return nil
	}
	d, err := os.MkdirTemp("", "opexlint-bench-")
	benchDir = d
	return err
}

// generated writes (once per process) a plangen plan of n changes and its .tf tree.
func generated(b *testing.B, n int) *benchInput {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if in, ok := benchInputs[n]; ok {
		if in.err != nil {
			b.Fatal(in.err)
		}
		return in
	}
	in := &benchInput{}
	benchInputs[n] = in
	in.err = func() error {
		if err := makeBenchDir(); err != nil {
			return err
		}
		dir := filepath.Join(benchDir, fmt.Sprint(n))
		g, err := plangen.New(plangen.Options{Changes: n, Seed: 1})
		if err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		in.plan, in.tree = filepath.Join(dir, "plan.json"), filepath.Join(dir, "tree")
		f, err := os.Create(in.plan)
		if err != nil {
			return err
		}
		in.size, err = g.WritePlan(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		return g.WriteTree(in.tree)
	}()
	if in.err != nil {
		b.Fatal(in.err)
	}
	return in
}

// BenchmarkCompile measures compiling the embedded library (paid once per opexlint process).
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := LoadSettings(context.Background(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFloor is issue 6's floor: encoding/json decoding the plan file (read included)
// into map[string]any. BenchmarkRun at the same size is compared with it.
func BenchmarkDecodeFloor(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("changes=%d", n), func(b *testing.B) {
			in := generated(b, n)
			b.SetBytes(in.size)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				data, err := os.ReadFile(in.plan)
				if err != nil {
					b.Fatal(err)
				}
				var doc map[string]any
				if err := json.Unmarshal(data, &doc); err != nil {
					b.Fatal(err)
				}
				if len(doc) == 0 {
					b.Fatal("empty plan")
				}
			}
		})
	}
}

// BenchmarkRun lints a generated plan with its .tf tree (locations, waivers, facts) using the
// embedded library compiled once: load, evaluate, locate, waive, scrub, sort.
func BenchmarkRun(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("changes=%d", n), func(b *testing.B) {
			in := generated(b, n)
			s, err := LoadSettings(context.Background(), Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(in.size)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r, err := Run(context.Background(), Options{Path: in.plan, Dir: in.tree, Settings: s})
				if err != nil {
					b.Fatal(err)
				}
				if r.Summary.ResourceChanges == 0 || len(r.Findings) == 0 {
					b.Fatalf("changes %d, findings %d: nothing linted", r.Summary.ResourceChanges, len(r.Findings))
				}
			}
		})
	}
}
