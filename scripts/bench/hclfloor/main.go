// Command hclfloor is the lower bound of opexlint's HCL-only mode (issue 6):
// parse every .tf file under a directory with hcl/v2 and do nothing else.
// It prints the number of files and top-level blocks parsed.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hclfloor DIR")
		os.Exit(2)
	}
	parser := hclparse.NewParser()
	files, blocks := 0, 0
	err := filepath.WalkDir(os.Args[1], func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		f, diags := parser.ParseHCLFile(path)
		if diags.HasErrors() {
			return fmt.Errorf("%s", diags.Error())
		}
		files++
		blocks += len(f.Body.(*hclsyntax.Body).Blocks)
		return nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "hclfloor: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("%d files %d blocks\n", files, blocks)
}
