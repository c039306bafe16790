// Command gen writes the rule reference (docs/rules) from the embedded policy library's
// annotations. Run through `go generate ./lint/rulesdoc` (make generate).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/opexhq/terraform-provider-opex/lint/engine"
	"github.com/opexhq/terraform-provider-opex/lint/rulesdoc"
	"github.com/opexhq/terraform-provider-opex/lint/waiver"
)

func main() {
	out := flag.String("out", "docs/rules", "output directory")
	flag.Parse()
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "rulesdoc:", err)
		os.Exit(1)
	}
}

func generate(dir string) error {
	e, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		return err
	}
	docs, err := rulesdoc.Docs(append(e.Rules(), waiver.ExpiredRule), e.Defaults())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	want := map[string][]byte{"README.md": rulesdoc.Index(docs)}
	for _, d := range docs {
		want[d.ID+".md"] = rulesdoc.Page(d)
	}
	// Remove pages of rules that no longer exist, so the docs gate catches them.
	existing, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return err
	}
	for _, p := range existing {
		if _, ok := want[filepath.Base(p)]; !ok {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	for name, b := range want {
		p := filepath.Join(dir, name)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, b) {
			continue // keep mtimes of unchanged pages
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "rulesdoc: %d rules → %s\n", len(docs), strings.TrimSuffix(dir, "/"))
	return nil
}
