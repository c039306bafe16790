// Package planfile loads a Terraform or OpenTofu plan for opexlint: plan JSON
// from `terraform show -json` / `tofu show -json` (format_version 0.1 through
// 1.x), or a binary plan file converted through terraform-exec. Values that
// Terraform marks sensitive are masked in the decoded document before any rule
// or report can see them.
package planfile

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Mask replaces every value Terraform marks sensitive in Plan.Doc.
const Mask = "(sensitive value)"

// MaxDepth bounds the nesting of the plan JSON. Real plans stay far below it;
// the bound keeps hostile input from exhausting the stack of later walkers
// (masking, OPA's value conversion).
const MaxDepth = 512

// Options controls how a binary plan file is converted to JSON.
type Options struct {
	// TerraformBin is the terraform or tofu binary (--terraform-bin). Empty:
	// look up "terraform", then "tofu", on PATH.
	TerraformBin string
	// WorkDir is the working directory the plan was created in (terraform
	// show needs its .terraform directory). Empty: the plan file's directory.
	WorkDir string
}

// Plan is a decoded plan.
type Plan struct {
	// Doc is the decoded plan JSON (nil when the plan was loaded with LoadInput). Objects are map[string]any, arrays []any,
	// and numbers are json.Number (never float64), so large integers and
	// exact decimals survive unchanged; OPA's ast.InterfaceToValue accepts
	// json.Number. Sensitive values are replaced by Mask.
	Doc map[string]any
	// FormatVersion is the plan's format_version (always present: a document
	// without one is rejected).
	FormatVersion string
	// Source is the path as given to Load (or the source given to Decode).
	Source string
	// Sensitive holds the original sensitive values found (strings, and
	// numbers in their JSON text), deduplicated and sorted, so that output can
	// be scrubbed of them. Empty strings, booleans and the Mask text itself
	// (plans redacted upstream) are not recorded. Short values such as "1"
	// are: a scrubber should decide how to treat them.
	Sensitive []string
	// Input is the plan as OPA's value type, masked as Doc is, with the top-level keys asked
	// of LoadInput. Only LoadInput and DecodeInput set it.
	Input ast.Object
	// Actions holds change.actions of each resource_changes entry, in order (nil for an entry
	// without). Only LoadInput and DecodeInput set it.
	Actions [][]string
}

// InputError is a problem with an input file: what and where.
type InputError struct {
	File         string
	Line, Column int
	Msg          string
}

// Error renders "file:line:col: msg", omitting parts that are empty or zero.
func (e *InputError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, e.Line)
		if e.Column > 0 {
			loc = fmt.Sprintf("%s:%d", loc, e.Column)
		}
	}
	if loc == "" {
		return e.Msg
	}
	return loc + ": " + e.Msg
}
