package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint/plangen"
)

func TestRunWritesPlanTreeAndStats(t *testing.T) {
	dir := t.TempDir()
	plan, tree := filepath.Join(dir, "out", "plan.json"), filepath.Join(dir, "tree")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-n", "300", "-seed", "4", "-out", plan, "-tf-dir", tree, "-stats"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	g, err := plangen.New(plangen.Options{Changes: 300, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if _, err := g.WritePlan(&want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the command's plan differs from the library's for the same options")
	}
	if fi, err := os.Stat(plan); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("plan file mode: %v %v", fi.Mode(), err)
	}
	if _, err := os.Stat(filepath.Join(tree, "versions.tf")); err != nil {
		t.Errorf("tree not written: %v", err)
	}
	var st plangen.Stats
	if err := json.Unmarshal(stdout.Bytes(), &st); err != nil || st.Changes != 300 {
		t.Errorf("stats %q: %v", stdout.String(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "out", ".opexplangen-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestRunStdout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-n", "20", "-out", "-", "-stats"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !json.Valid(stdout.Bytes()) {
		t.Error("stdout is not one JSON document (stats must go to stderr with -out -)")
	}
	if !strings.Contains(stderr.String(), `"changes": 20`) {
		t.Errorf("stats not on stderr: %q", stderr.String())
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "nothing to do"},
		{[]string{"-n", "0", "-out", "-"}, "changes must be at least 1"},
		{[]string{"-n", "10", "-modules", "30", "-out", "-"}, "too few for 30 modules"},
		{[]string{"-out", "-", "extra"}, `unexpected argument "extra"`},
		{[]string{"-n", "x"}, "invalid value"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: stderr %q, want %q", tc.args, stderr.String(), tc.want)
		}
	}
}
