package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint/plangen"
)

// BenchmarkCompile measures compiling the embedded library (paid once per opexlint process).
func BenchmarkCompile(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := LoadSettings(context.Background(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun lints a generated plan with its .tf tree (locations, waivers, facts) using the
// embedded library compiled once: load, evaluate, locate, waive, scrub, sort.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprintf("changes=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			g, err := plangen.New(plangen.Options{Changes: n, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			f, err := os.Create(filepath.Join(dir, "plan.json"))
			if err != nil {
				b.Fatal(err)
			}
			size, err := g.WritePlan(f)
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			tree := filepath.Join(dir, "tree")
			if err := g.WriteTree(tree); err != nil {
				b.Fatal(err)
			}
			s, err := LoadSettings(context.Background(), Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r, err := Run(context.Background(), Options{Path: filepath.Join(dir, "plan.json"), Dir: tree, Settings: s})
				if err != nil {
					b.Fatal(err)
				}
				if r.Summary.ResourceChanges == 0 {
					b.Fatal("no changes counted")
				}
			}
		})
	}
}
