package rulesdoc

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint/engine"
	"github.com/opexhq/terraform-provider-opex/lint/waiver"
)

func testDocs(t *testing.T) []Doc {
	t.Helper()
	e, err := engine.New(context.Background(), engine.Options{Library: map[string]string{},
		PolicyDirs: []string{"../testdata/policy/lib", "../testdata/policy/rules"}})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Docs(append(e.Rules(), waiver.ExpiredRule), e.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestPage(t *testing.T) {
	docs := testDocs(t)
	if len(docs) != 4 || docs[0].ID != "big-batch" || docs[2].ID != "expired-waiver" {
		t.Fatalf("docs = %+v", docs)
	}
	page := string(Page(docs[0]))
	for _, want := range []string{
		"# `big-batch`: Big batch\n",
		"| Severity | high |",
		"| Design principle | Make frequent, small, reversible changes (`small-reversible-changes`) |",
		"| Focus area | Prepare (`prepare`) |",
		"| Needs a plan | yes |",
		"## Why it matters and what triggers it\n\nToo many resources change in one plan.\n",
		"it is skipped in HCL-only mode",
		"| `max_changes` | `3` | Most changed resources allowed. |",
		"## How to fix\n\nSplit the change.\n",
		"## Example\n\n```hcl\nresource \"terraform_data\" \"a\" {}\n```\n",
		"# opex:ignore big-batch until=",
		"rule    = \"big-batch\"",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	if p := string(Page(docs[3])); strings.Contains(p, "## Parameters") || strings.Contains(p, "## Example") {
		t.Errorf("sections without content:\n%s", p)
	}
}

func TestIndexAndFormats(t *testing.T) {
	docs := testDocs(t)
	idx := string(Index(docs))
	if !strings.Contains(idx, "| [`unprotected-data`](unprotected-data.md) Unprotected data | medium | Anticipate failure | Operate | no |") {
		t.Errorf("index:\n%s", idx)
	}
	for _, l := range strings.Split(idx, "\n") {
		if strings.HasPrefix(l, "| [") && strings.Count(l, " | ") != 4 {
			t.Errorf("broken row %q", l)
		}
	}
	var b bytes.Buffer
	if err := Write(&b, "json", docs); err != nil {
		t.Fatal(err)
	}
	var doc struct{ Rules []Doc }
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Rules) != 4 || doc.Rules[0].Params[0].Default == nil {
		t.Fatalf("json: %v %s", err, b.String())
	}
	b.Reset()
	if err := Write(&b, "text", docs); err != nil || !strings.HasPrefix(b.String(), "ID ") || strings.Count(b.String(), "\n") != 5 {
		t.Fatalf("text: %v\n%s", err, b.String())
	}
	if err := Write(&b, "sarif", docs); err == nil {
		t.Fatal("unknown format accepted")
	}
}
