package tfconfig

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint/plangen"
)

// checkScan asserts the contract of scanComments against the HCL lexer: when
// the fast scan vouches for src, its comments are lexFile's and lexFile finds
// no excessive nesting. It returns whether the fast scan applied.
func checkScan(t *testing.T, name string, src []byte) bool {
	t.Helper()
	fast, ok := scanComments(src)
	lexed, tooDeep := lexFile(src, name)
	if !ok {
		return false
	}
	if tooDeep != nil {
		t.Errorf("%s: fast scan accepted a file nested deeper than %d (at %v)", name, maxHCLDepth, *tooDeep)
	}
	if !reflect.DeepEqual(fast, lexed) {
		t.Errorf("%s: comments differ\nfast  %+v\nlexer %+v", name, fast, lexed)
	}
	return true
}

func TestScanCommentsMatchesLexer(t *testing.T) {
	tests := []struct {
		name string
		src  string
		fast bool // the fast scan applies
	}{
		{"empty", "", true},
		{"waiver above", "# opex:ignore a\nresource \"a\" \"b\" {\n  x = 1 # trailing\n}\n", true},
		{"slash comments", "// one\n// two\nresource \"a\" \"b\" {} // after\n", true},
		{"comment at EOF without newline", "x = 1\n# last", true},
		{"comment right after a token", "x = 1# c\n", true},
		{"hash in string", "x = \"a # not a comment\" # real\n", true},
		{"slashes in string", "x = \"http://example.com\"\n", true},
		{"escaped quote", "x = \"a \\\" # still string\" # c\n", true},
		{"escaped backslash", "x = \"a \\\\\" # c\n", true},
		{"interpolation", "x = \"${var.a} # not \\\" ${ {a = 1}[\"a\"] }\" # c\n", true},
		{"nested string in interpolation", "x = \"${\"# not ${\"inner\"}\"}\" # c\n", true},
		{"comment inside interpolation", "x = \"${\n# c inside\nvar.a}\"\n", true},
		{"template control", "x = \"%{ if true }yes%{ endif } # not\"\n# c\n", true},
		{"strip markers", "x = \"${~ var.a ~}%{~ if true ~}y%{~ endif ~}\" # c\n", true},
		{"literal sequences", "x = \"$${a} %%{b} $$${c} $ % $% %$ # not\" # c\n", true},
		{"dollar at string end", "x = \"a$\" # c\ny = \"b%\"\n", true},
		{"division and less", "x = 4 / 2 < 3 <= 4\n# c\n", true},
		{"tilde alone", "x = ~1\n# c\n", true},
		{"brackets", "x = [(1), {a = [2]}]\n  # indented\n", true},
		{"non-ASCII in strings and comments", "x = \"héllo ${\"wörld\"}\" # ça\n", true},
		{"tabs", "\tx\t=\t1\t# c\n", true},
		{"unbalanced close", "x = 1 }\n# c\n", false},
		{"unbalanced open", "x = {\n# c\n", false},
		{"unterminated string", "x = \"abc\n# c\n", false},
		{"newline in string", "x = \"a\nb\"\n", false},
		{"escaped newline in string", "x = \"a\\\nb\"\n", false},
		{"heredoc", "x = <<EOT\n# not a comment\nEOT\n# c\n", false},
		{"indented heredoc", "x = <<-EOT\n  a\n  EOT\n", false},
		{"block comment", "/* a\n b */\nx = 1\n", false},
		{"carriage returns", "x = 1\r\n# c\r\n", false},
		{"byte order mark", "\xef\xbb\xbfx = 1\n", false},
		{"non-ASCII identifier", "locals { é = 1 }\n", false},
		{"control byte", "x = 1\x01\n", false},
		{"deep", "x = " + strings.Repeat("[", fastDepthLimit+1) + strings.Repeat("]", fastDepthLimit+1) + "\n", false},
		{"deep strings", "x = " + strings.Repeat("\"${", 70) + strings.Repeat("}\"", 70) + "\n", false},
		{"nested strings under the limit", "x = " + strings.Repeat("\"${", 40) + "1" + strings.Repeat("}\"", 40) + "\n", true},
	}
	for _, tt := range tests {
		if got := checkScan(t, tt.name, []byte(tt.src)); got != tt.fast {
			t.Errorf("%s: fast scan applied = %v, want %v", tt.name, got, tt.fast)
		}
	}
}

// Every .tf file of the repository's test data, the shared corpus and a
// generated tree: the fast scan agrees with the lexer, and applies to the
// generated tree (the HCL-only benchmark) throughout.
func TestScanCommentsOnRealFiles(t *testing.T) {
	walk := func(root string) (files, fast int) {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fs.SkipDir // an unreadable entry, or a corpus that is absent, is left out
			}
			if d.IsDir() || (configExt(path) != ".tf" && configExt(path) != ".tofu") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files++
			if checkScan(t, path, src) {
				fast++
			}
			return nil
		})
		return files, fast
	}
	for _, root := range []string{"testdata", filepath.Join("..", "testdata"), filepath.Join("..", "cmd"),
		filepath.Join("..", "..", "examples"), filepath.Join("..", "..", "..", "shared", "corpus")} {
		files, fast := walk(root)
		t.Logf("%s: %d files, fast scan on %d", root, files, fast)
	}

	g, err := plangen.New(plangen.Options{Changes: 500, Seed: 3, Modules: 12})
	if err != nil {
		t.Fatal(err)
	}
	tree := t.TempDir()
	if err := g.WriteTree(tree); err != nil {
		t.Fatal(err)
	}
	files, fast := walk(tree)
	if files == 0 || fast != files {
		t.Errorf("generated tree: fast scan on %d of %d files", fast, files)
	}
}

// FuzzScanComments: whatever the input, the fast scan never disagrees with
// the HCL lexer when it applies.
func FuzzScanComments(f *testing.F) {
	for _, s := range []string{
		"# opex:ignore a\nresource \"a\" \"b\" {\n  x = \"${var.a}\" # c\n}\n",
		"x = \"$${a} %%{b} ${\"c\"} %{ if x }y%{ endif }\"\n// d\n",
		"x = \"${~ a ~}\" ~} } { [ ( ) ] }\n",
		"x = \"\\\"#\" #\n",
		"a = 1 /* b */ # c",
		"x = <<EOT\nb\nEOT\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkScan(t, "fuzz.tf", src)
	})
}

// Load and SyntheticPlan parse and render in parallel on a large tree; what
// they return is the same as with one CPU, where they run sequentially.
func TestParallelLoadMatchesSequential(t *testing.T) {
	g, err := plangen.New(plangen.Options{Changes: 5000, Seed: 5, Modules: 100})
	if err != nil {
		t.Fatal(err)
	}
	tree := t.TempDir()
	if err := g.WriteTree(tree); err != nil {
		t.Fatal(err)
	}
	// A parse error and an unreadable module deep in the tree: diagnostics and
	// warnings keep their order whichever goroutine parsed the directory.
	var broken []string
	_ = filepath.WalkDir(tree, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "locals.tf" && len(broken) < 3 {
			broken = append(broken, path)
		}
		return err
	})
	for i, p := range broken {
		if err := os.WriteFile(p, []byte("locals {\n  x = [\n"+strings.Repeat("}", i)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		Diags, Warns []Diagnostic
		Waivers      []InlineWaiver
		Facts        map[string]ResourceFacts
		Index        map[string]location
		Moved        map[string]string
		Plan         map[string]any
	}
	load := func(procs int) result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c, err := Load(tree)
		if err != nil {
			t.Fatal(err)
		}
		return result{c.Diagnostics(), c.Warnings(), c.InlineWaivers(), c.Facts(), c.index, c.moved, c.SyntheticPlan()}
	}
	seq := load(1)
	if len(seq.Diags) < len(broken) || len(seq.Waivers) == 0 || len(seq.Plan["resource_changes"].([]any)) < parallelSerial {
		t.Fatalf("tree too small to exercise the parallel paths: %d diagnostics, %d waivers, %d changes",
			len(seq.Diags), len(seq.Waivers), len(seq.Plan["resource_changes"].([]any)))
	}
	for run := 0; run < 3; run++ {
		if par := load(4); !reflect.DeepEqual(par, seq) {
			t.Fatalf("run %d: parallel load differs from the sequential one", run)
		}
	}
}
