package report

import (
	"bytes"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var goldenExt = map[string]string{
	"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "log", "markdown": "md",
}

func render(t testing.TB, format string, r *Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, r, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./lint/report -update, then review the diff)\n--- got ---\n%s", path, got)
	}
}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		for _, format := range Formats {
			t.Run(fx.name+"/"+format, func(t *testing.T) {
				checkGolden(t, fx.name+"."+goldenExt[format], render(t, format, fx.report(), Options{}))
			})
		}
	}
	t.Run("plan/text-color", func(t *testing.T) {
		checkGolden(t, "plan.color.txt", render(t, "text", planReport(), Options{Color: true}))
	})
}

func TestFormatsAreAllRendered(t *testing.T) {
	if len(Formats) != len(goldenExt) {
		t.Fatalf("Formats has %d entries, the golden tests know %d", len(Formats), len(goldenExt))
	}
	for _, format := range Formats {
		if _, ok := goldenExt[format]; !ok {
			t.Errorf("format %q has no golden file", format)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "yaml", planReport(), Options{})
	if err == nil {
		t.Fatal("Write accepted format yaml")
	}
	want := `unknown report format "yaml" (valid formats: text, json, sarif, junit, github, markdown)`
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes on error", buf.Len())
	}
	if err := CheckFormat("yaml"); err == nil || err.Error() != want {
		t.Errorf("CheckFormat(yaml) = %v, want %q", err, want)
	}
	for _, format := range Formats {
		if err := CheckFormat(format); err != nil {
			t.Errorf("CheckFormat(%s) = %v", format, err)
		}
	}
}

func TestBadReport(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "json", nil, Options{}); err == nil {
		t.Error("Write accepted a nil report")
	}
	for _, v := range []float64{math.NaN(), math.Inf(1)} {
		r := planReport()
		r.Summary.BlastRadius = v
		var buf bytes.Buffer
		err := Write(&buf, "json", r, Options{})
		if err == nil || !strings.Contains(err.Error(), "blast radius") {
			t.Errorf("blast radius %v: err = %v, want a blast radius error", v, err)
		}
		if buf.Len() != 0 {
			t.Errorf("blast radius %v: wrote %d bytes on error", v, buf.Len())
		}
	}
}

// TestDeterministic shuffles every list the writers sort and expects byte-identical output, and
// checks that Write leaves the caller's report untouched.
func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, fx := range fixtures {
		for _, format := range Formats {
			want := render(t, format, fx.report(), Options{Color: true})
			for i := range 20 {
				r := fx.report()
				rng.Shuffle(len(r.Findings), func(a, b int) { r.Findings[a], r.Findings[b] = r.Findings[b], r.Findings[a] })
				rng.Shuffle(len(r.Rules), func(a, b int) { r.Rules[a], r.Rules[b] = r.Rules[b], r.Rules[a] })
				rng.Shuffle(len(r.Skipped), func(a, b int) { r.Skipped[a], r.Skipped[b] = r.Skipped[b], r.Skipped[a] })
				before := cloneReport(r)
				got := render(t, format, r, Options{Color: true})
				if !bytes.Equal(got, want) {
					t.Fatalf("%s/%s: shuffle %d changed the output", fx.name, format, i)
				}
				if !reflect.DeepEqual(r, before) {
					t.Fatalf("%s/%s: Write modified the caller's report", fx.name, format)
				}
			}
		}
	}
}

func cloneReport(r *Report) *Report {
	c := *r
	c.Findings = append([]Finding(nil), r.Findings...)
	c.Rules = append([]Rule(nil), r.Rules...)
	c.Skipped = append([]SkippedRule(nil), r.Skipped...)
	c.Summary.BySeverity = map[string]int{}
	for k, v := range r.Summary.BySeverity {
		c.Summary.BySeverity[k] = v
	}
	if r.Summary.BySeverity == nil {
		c.Summary.BySeverity = nil
	}
	return &c
}

func TestCompareFindingsOrder(t *testing.T) {
	r := normalized(planReport())
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.Severity+" "+f.RuleID+" "+f.Address)
	}
	want := []string{
		"critical stateful-destroy module.db.aws_db_instance.main",
		"critical stateful-destroy module.db.aws_db_instance.replica[0]",
		"high large-batch ",
		`high no-rollback aws_lambda_function.api["eu-west-1"]`,
		"medium expired-waiver ",
		"medium missing-alarm aws_sqs_queue.jobs",
		"medium missing-alarm aws_sqs_queue.jobs",
		"low missing-tags aws_s3_bucket.logs",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Ties on the primary keys are broken by the message.
	if r.Findings[5].Message > r.Findings[6].Message {
		t.Errorf("missing-alarm findings not ordered by message: %q > %q", r.Findings[5].Message, r.Findings[6].Message)
	}
}
