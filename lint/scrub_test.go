package lint

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/opexhq/terraform-provider-opex/lint/planfile"
	"github.com/opexhq/terraform-provider-opex/lint/report"
)

// replacerScrub is scrub's reference behaviour: one strings.Replacer of every value, longest
// first. scrub must give exactly its output.
func replacerScrub(findings []report.Finding, sensitive []string) {
	vals := append([]string{}, sensitive...)
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	var pairs []string
	for _, v := range vals {
		if v != "" {
			pairs = append(pairs, v, planfile.Mask)
		}
	}
	rep := strings.NewReplacer(pairs...)
	for i := range findings {
		f := &findings[i]
		for _, s := range []*string{&f.Message, &f.Address, &f.Title, &f.WaiverReason} {
			*s = rep.Replace(*s)
		}
	}
}

func TestScrubMatchesReplacer(t *testing.T) {
	msgs := []report.Finding{
		{Message: "password hunter2 and hunter22 for db", Address: `aws_db_instance.d["hunter2"]`, Title: "T"},
		{Message: "value of sensitive value", WaiverReason: "waived for hunter2"},
		{Message: "nothing secret here", File: "main.tf hunter2"},
	}
	for _, sensitive := range [][]string{
		{"hunter2"},
		{"hunter2", "hunter22"},
		{"value", "hunter2"},
		{"absent", "also absent"},
		{"", "db"},
		{"1", "e", "hunter"},
	} {
		got := append([]report.Finding{}, msgs...)
		want := append([]report.Finding{}, msgs...)
		scrub(got, sensitive)
		replacerScrub(want, sensitive)
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("sensitive %q, finding %d:\n got %+v\nwant %+v", sensitive, i, got[i], want[i])
			}
		}
	}
}

// TestScrubHugeValue: a sensitive value of many MB that no finding holds costs a scan, not a
// quadratic replacer setup.
func TestScrubHugeValue(t *testing.T) {
	huge := strings.Repeat("ab", 10<<20)
	fs := []report.Finding{{Message: "aws_db_instance.d has identifier abab (truncated)", Address: "aws_db_instance.d"}}
	start := time.Now()
	scrub(fs, []string{huge, "truncated"})
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("scrub took %s", d)
	}
	if fs[0].Message != "aws_db_instance.d has identifier abab ("+planfile.Mask+")" {
		t.Fatalf("message = %q", fs[0].Message)
	}
}
