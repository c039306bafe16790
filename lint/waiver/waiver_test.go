package waiver

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/opexhq/terraform-provider-opex/lint/report"
)

var today = time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)

func TestExpired(t *testing.T) {
	for _, tc := range []struct {
		until string
		want  bool
	}{{"", false}, {"2026-03-10", false}, {"2026-03-11", false}, {"2026-03-09", true}, {"garbage", true}} {
		if got := (Waiver{Until: tc.until}).Expired(today); got != tc.want {
			t.Errorf("until %q: expired = %v", tc.until, got)
		}
	}
	// A clock in another zone is compared by its UTC date.
	east := time.FixedZone("UTC+10", 10*3600)
	if !(Waiver{Until: "2026-03-10"}).Expired(time.Date(2026, 3, 11, 9, 0, 0, 0, east).Add(24 * time.Hour)) {
		t.Error("zone handling")
	}
}

func TestCovers(t *testing.T) {
	inlineRes := Waiver{Rules: []string{"r1", "r2"}, Inline: true, Target: "module.a.aws_x.y"}
	inlineMod := Waiver{Rules: []string{"r1"}, Inline: true, Target: "module.a"}
	glob := Waiver{Rules: []string{"r1"}, Pattern: "aws_s3_bucket.*"}
	all := Waiver{Rules: []string{"r1"}}
	for _, tc := range []struct {
		name string
		w    Waiver
		rule string
		addr string
		want bool
	}{
		{"inline resource", inlineRes, "r2", "module.a.aws_x.y", true},
		{"inline resource instance", inlineRes, "r1", `module.a["k"].aws_x.y[3]`, true},
		{"inline other rule", inlineRes, "r3", "module.a.aws_x.y", false},
		{"inline other resource", inlineRes, "r1", "module.a.aws_x.yy", false},
		{"inline module covers contents", inlineMod, "r1", "module.a[0].module.b.aws_x.z", true},
		{"inline module not a sibling", inlineMod, "r1", "module.ab.aws_x.z", false},
		{"inline never plan-wide", inlineMod, "r1", "", false},
		{"glob", glob, "r1", `aws_s3_bucket.logs["x"]`, true},
		{"glob miss", glob, "r1", "module.m.aws_s3_bucket.logs", false},
		{"glob never plan-wide", glob, "r1", "", false},
		{"no address covers all", all, "r1", "", true},
		{"no address covers resources", all, "r1", "aws_x.y", true},
	} {
		if got := tc.w.Covers(tc.rule, tc.addr); got != tc.want {
			t.Errorf("%s: Covers(%q, %q) = %v", tc.name, tc.rule, tc.addr, got)
		}
	}
}

func TestApply(t *testing.T) {
	findings := []report.Finding{
		{RuleID: "r1", Address: "aws_x.a", Severity: "high"},
		{RuleID: "r1", Address: "aws_x.b", Severity: "high"},
		{RuleID: "r2", Severity: "low"},
	}
	waivers := []Waiver{
		{Rules: []string{"r1"}, Pattern: "aws_x.*", Reason: "config", File: ".opexlint.hcl", Line: 3},
		{Rules: []string{"r1"}, Inline: true, Target: "aws_x.a", Reason: "inline", Until: "2026-12-31", File: "main.tf", Line: 9},
		{Rules: []string{"r2"}, Reason: "old", Until: "2026-01-01", File: ".opexlint.hcl", Line: 12},
	}
	out := Apply(findings, waivers, today)
	if len(out) != 4 {
		t.Fatalf("findings = %+v", out)
	}
	if f := out[0]; !f.Waived || f.WaiverReason != "inline" || f.WaiverUntil != "2026-12-31" || f.WaiverSource != "main.tf:9" {
		t.Errorf("inline waiver must win: %+v", f)
	}
	if f := out[1]; !f.Waived || f.WaiverReason != "config" || f.WaiverSource != ".opexlint.hcl:3" {
		t.Errorf("config glob: %+v", f)
	}
	if out[2].Waived {
		t.Errorf("expired waiver still waives: %+v", out[2])
	}
	e := out[3]
	if e.RuleID != ExpiredID || e.Severity != "medium" || e.Principle != "refine-procedures" || e.FocusArea != "evolve" ||
		e.File != ".opexlint.hcl" || e.Line != 12 || e.Address != "" ||
		e.Message != "waiver of r2 expired on 2026-01-01; it no longer waives anything: fix the findings or renew it (reason was: old)" {
		t.Errorf("expired finding = %+v", e)
	}
	// Expired-waiver findings are never waived, even by a waiver that names every rule.
	out = Apply([]report.Finding{{RuleID: ExpiredID}}, []Waiver{{Rules: []string{ExpiredID}, Reason: "x"}}, today)
	if out[0].Waived {
		t.Error("expired-waiver finding was waived")
	}
	inline := expiredFinding(Waiver{Rules: []string{"a", "b"}, Inline: true, Target: "module.m", Until: "2020-01-01", File: "main.tf", Line: 4})
	if inline.Address != "module.m" || !strings.HasPrefix(inline.Message, "inline waiver of a, b on module.m expired on 2020-01-01; ") || strings.Contains(inline.Message, "reason was") {
		t.Errorf("inline expired finding = %+v", inline)
	}
}

// TestApplyFirstCoveringWaiver checks the per-rule index of Apply against its definition: each
// finding takes the first covering waiver, inline waivers before configuration-file ones, each
// kind in the order given.
func TestApplyFirstCoveringWaiver(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	rules := []string{"r1", "r2", "r3"}
	addrs := []string{"", "aws_x.a", `aws_x.a["k"]`, "module.m.aws_x.a", "module.m[0].aws_y.b", "module.mm.aws_x.a"}
	targets := []string{"aws_x.a", "module.m", "module.m.aws_y.b", "module.mm", "aws_y"}
	patterns := []string{"", "aws_x.*", "module.m*", "*"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	for iter := 0; iter < 200; iter++ {
		var ws []Waiver
		for i := rng.IntN(8); i > 0; i-- {
			w := Waiver{Rules: []string{pick(rules)}, Reason: fmt.Sprint("w", i), File: "f", Line: i}
			if rng.IntN(3) == 0 {
				w.Rules = append(w.Rules, pick(rules)) // may repeat a rule
			}
			if rng.IntN(2) == 0 {
				w.Inline, w.Target = true, pick(targets)
			} else {
				w.Pattern = pick(patterns)
			}
			ws = append(ws, w)
		}
		var fs []report.Finding
		for i := 0; i < 12; i++ {
			fs = append(fs, report.Finding{RuleID: pick(rules), Address: pick(addrs)})
		}
		got := Apply(append([]report.Finding(nil), fs...), ws, today)
		for i, f := range fs {
			want := ""
			for _, inline := range []bool{true, false} {
				for _, w := range ws {
					if want == "" && w.Inline == inline && w.Covers(f.RuleID, f.Address) {
						want = w.Source()
					}
				}
			}
			if got[i].WaiverSource != want || got[i].Waived != (want != "") {
				t.Fatalf("iteration %d, finding %+v with waivers %+v: waived by %q, want %q", iter, f, ws, got[i].WaiverSource, want)
			}
		}
	}
}
