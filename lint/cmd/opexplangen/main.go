// Command opexplangen writes a large, realistic Terraform plan JSON and the
// matching .tf tree, deterministically for a seed, for benchmarking opexlint
// (see scripts/bench/README.md).
//
//	opexplangen -n 10000 -seed 1 -out plan.json -tf-dir tree/
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/opexhq/terraform-provider-opex/lint/plangen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("opexplangen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of resource changes")
	seed := fs.Uint64("seed", 1, "random seed (same seed, same bytes)")
	modules := fs.Int("modules", 0, "number of module directories (0: scaled with -n)")
	out := fs.String("out", "", "plan JSON file to write (- for stdout)")
	tfDir := fs.String("tf-dir", "", "directory to write the matching .tf tree into")
	stats := fs.Bool("stats", false, "print statistics as JSON on stdout (stderr when -out is -)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: opexplangen -n N [-seed S] [-modules M] -out PLAN.json [-tf-dir DIR] [-stats]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "opexplangen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *out == "" && *tfDir == "" {
		fmt.Fprintln(stderr, "opexplangen: nothing to do: give -out and/or -tf-dir")
		return 2
	}
	g, err := plangen.New(plangen.Options{Changes: *n, Seed: *seed, Modules: *modules})
	if err != nil {
		fmt.Fprintf(stderr, "opexplangen: %v\n", err)
		return 2
	}
	statsOut := stdout
	if *out != "" {
		if err := writePlan(g, *out, stdout); err != nil {
			fmt.Fprintf(stderr, "opexplangen: %v\n", err)
			return 1
		}
		if *out == "-" {
			statsOut = stderr
		}
	}
	if *tfDir != "" {
		if err := g.WriteTree(*tfDir); err != nil {
			fmt.Fprintf(stderr, "opexplangen: writing %s: %v\n", *tfDir, err)
			return 1
		}
	}
	if *stats {
		enc := json.NewEncoder(statsOut)
		enc.SetIndent("", "  ")
		if err := enc.Encode(g.Stats()); err != nil {
			fmt.Fprintf(stderr, "opexplangen: %v\n", err)
			return 1
		}
	}
	return 0
}

// writePlan writes through a temporary file so that an interrupted run never
// leaves a truncated plan under the final name.
func writePlan(g *plangen.Generator, path string, stdout io.Writer) error {
	if path == "-" {
		_, err := g.WritePlan(stdout)
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".opexplangen-*.json")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // gone already after the rename
	if _, err := g.WritePlan(tmp); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private; a plan is an ordinary output file.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
