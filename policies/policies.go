// Package policies embeds the opex Rego policy library (lint rules, readiness checks, shared helpers)
// and the Operational Excellence pillar catalog, the single source of truth for principles and
// focus areas used by opexlint, the provider and the generated docs.
package policies

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

//go:embed lib rules readiness catalog/pillar.json
var files embed.FS

// FS returns the embedded library: lib/, rules/, readiness/ and catalog/pillar.json.
func FS() fs.FS { return files }

// Modules returns the library's Rego sources (tests excluded) keyed by their path inside the
// library, for the given top-level directories ("lib", "rules", "readiness").
func Modules(dirs ...string) (map[string]string, error) {
	out := map[string]string{}
	for _, dir := range dirs {
		err := fs.WalkDir(files, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || path.Ext(p) != ".rego" || strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			b, err := files.ReadFile(p)
			if err != nil {
				return err
			}
			out[p] = string(b)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("policies: reading %s: %w", dir, err)
		}
	}
	return out, nil
}

// Catalog is the Operational Excellence pillar catalog.
type Catalog struct {
	Name             string            `json:"name"`
	Definition       string            `json:"definition"`
	DesignPrinciples []DesignPrinciple `json:"design_principles"`
	Challenges       struct {
		Traditional []string `json:"traditional"`
		Cloud       []string `json:"cloud"`
	} `json:"challenges"`
	FocusAreas []FocusArea `json:"focus_areas"`
}

// DesignPrinciple is one of the pillar's design principles.
type DesignPrinciple struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// FocusArea is one of organization, prepare, operate, evolve.
type FocusArea struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Summary       string         `json:"summary"`
	BestPractices []BestPractice `json:"best_practices"`
}

// BestPractice groups the practices the pillar lists under one heading of a focus area.
type BestPractice struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Practices []string `json:"practices"`
}

var (
	catalogOnce sync.Once
	catalog     Catalog
	catalogErr  error
)

// LoadCatalog returns the pillar catalog (parsed once).
func LoadCatalog() (Catalog, error) {
	catalogOnce.Do(func() {
		b, err := files.ReadFile("catalog/pillar.json")
		if err != nil {
			catalogErr = err
			return
		}
		catalogErr = json.Unmarshal(b, &catalog)
	})
	return catalog, catalogErr
}

// PrincipleIDs returns the ids of the design principles, sorted.
func (c Catalog) PrincipleIDs() []string {
	ids := make([]string, 0, len(c.DesignPrinciples))
	for _, p := range c.DesignPrinciples {
		ids = append(ids, p.ID)
	}
	sort.Strings(ids)
	return ids
}

// FocusAreaIDs returns the ids of the focus areas in pillar order.
func (c Catalog) FocusAreaIDs() []string {
	ids := make([]string, 0, len(c.FocusAreas))
	for _, f := range c.FocusAreas {
		ids = append(ids, f.ID)
	}
	return ids
}

// Principle returns the design principle with the given id.
func (c Catalog) Principle(id string) (DesignPrinciple, bool) {
	for _, p := range c.DesignPrinciples {
		if p.ID == id {
			return p, true
		}
	}
	return DesignPrinciple{}, false
}

// sandboxDenied lists builtins that reach outside the evaluation: the network (http.send), the
// process environment (opa.runtime), DNS (net.lookup_*), and the JSON-schema builtins, whose
// "$ref" may name a file:// URL that AllowNet does not cover. Policies run on untrusted plans in
// CI, so none of them is available; a policy that calls one fails to compile.
var sandboxDenied = []string{"http.send", "opa.runtime", "json.match_schema", "json.verify_schema"}

// SandboxCapabilities returns OPA capabilities without network, environment or file access.
// Every net.* builtin that resolves names is removed, and AllowNet is empty so that no builtin
// (for example JWKS fetching) may open a connection.
func SandboxCapabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0:0]
	for _, b := range caps.Builtins {
		if SandboxDenied(b.Name) {
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

// SandboxDenied reports whether the sandbox removes the builtin with this name.
func SandboxDenied(name string) bool {
	for _, d := range sandboxDenied {
		if name == d {
			return true
		}
	}
	return strings.HasPrefix(name, "net.lookup")
}
