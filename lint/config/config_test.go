package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleLine is a commented-out setting: `name = …`, `name {` or `name "label" {`.
var exampleLine = regexp.MustCompile(`^[a-z_]+( "[^"]*")? *(= |\{$)`)

func TestDefaultFileLoads(t *testing.T) {
	c, err := Parse([]byte(DefaultFile), ".opexlint.hcl")
	if err != nil {
		t.Fatalf("DefaultFile: %v", err)
	}
	if c.FailOn != "high" || len(c.Rules) != 0 || len(c.Waivers) != 0 || len(c.Params) != 0 {
		t.Fatalf("DefaultFile decoded to %+v", c)
	}
	// Every commented example must also be valid once uncommented.
	var lines []string
	for _, l := range strings.Split(DefaultFile, "\n") {
		code := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "#"))
		if strings.HasPrefix(strings.TrimSpace(l), "#") && (code == "}" || exampleLine.MatchString(code)) {
			l = strings.Replace(l, "#", " ", 1)
		}
		lines = append(lines, l)
	}
	c, err = Parse([]byte(strings.Join(lines, "\n")), "uncommented.hcl")
	if err != nil {
		t.Fatalf("uncommented DefaultFile: %v\n%s", err, strings.Join(lines, "\n"))
	}
	if c.Environment != "production" || len(c.Rules) != 1 || len(c.Waivers) != 1 || c.Params["max_changes"].Value == nil {
		t.Fatalf("uncommented DefaultFile decoded to %+v", c)
	}
}

func TestParse(t *testing.T) {
	src := `
fail_on     = "medium"
environment = "production"
policy_dirs = ["policy", "/abs/policy"]

params {
  max_changes = 40
  stateful    = ["aws_db_instance", "aws_s3_bucket"]
  strict      = true
  weights     = { delete = 3.5 }
}

rule "large-batch" {
  enabled  = false
  severity = "low"
  params {
    max_changes = 60
  }
}

waiver {
  rule    = "stateful-delete"
  address = "module.db.**"
  reason  = "Migration CHG-1"
  until   = "2030-01-31"
}

waiver {
  rule   = "large-batch"
  reason = "Initial import"
}
`
	c, err := Parse([]byte(src), "conf/.opexlint.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != "medium" || c.FailOnPos.Line != 2 || c.Environment != "production" {
		t.Fatalf("top level: %+v", c)
	}
	if strings.Join(c.PolicyDirs, ",") != "conf/policy,/abs/policy" {
		t.Fatalf("policy_dirs = %v", c.PolicyDirs)
	}
	got, _ := json.Marshal(map[string]any{"max_changes": c.Params["max_changes"].Value, "stateful": c.Params["stateful"].Value,
		"strict": c.Params["strict"].Value, "weights": c.Params["weights"].Value})
	if string(got) != `{"max_changes":40,"stateful":["aws_db_instance","aws_s3_bucket"],"strict":true,"weights":{"delete":3.5}}` {
		t.Fatalf("params = %s", got)
	}
	if c.Params["stateful"].Pos.String() != "conf/.opexlint.hcl:8" {
		t.Fatalf("param pos = %v", c.Params["stateful"].Pos)
	}
	r := c.Rules[0]
	if r.ID != "large-batch" || r.Enabled == nil || *r.Enabled || r.Severity != "low" || r.Pos.Line != 13 || r.Params["max_changes"].Value.(json.Number) != "60" {
		t.Fatalf("rule = %+v", r)
	}
	w := c.Waivers[0]
	if w.Rule != "stateful-delete" || w.Address != "module.db.**" || w.Reason != "Migration CHG-1" || w.Until != "2030-01-31" || w.Pos.String() != "conf/.opexlint.hcl:21" {
		t.Fatalf("waiver = %+v", w)
	}
	if c.Waivers[1].Address != "" || c.Waivers[1].Until != "" {
		t.Fatalf("waiver 2 = %+v", c.Waivers[1])
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"syntax", "fail_on = \n", "c.hcl:1: Invalid expression"},
		{"unknown attribute", "fail_onn = \"high\"\n", `c.hcl:1: Unsupported argument: An argument named "fail_onn" is not expected here`},
		{"unknown block", "rules \"x\" {}\n", `c.hcl:1: Unsupported block type: Blocks of type "rules" are not expected here`},
		{"bad fail_on", "fail_on = \"urgent\"\n", `c.hcl:1: fail_on = "urgent" is not one of critical, high, medium, low, none`},
		{"fail_on type", "fail_on = [1]\n", `c.hcl:1: Unsuitable value type`},
		{"empty environment", "environment = \" \"\n", "c.hcl:1: environment must not be empty"},
		{"bad severity", "rule \"x\" {\n  severity = \"urgent\"\n}\n", `c.hcl:2: severity = "urgent" is not one of critical, high, medium, low`},
		{"enabled type", "rule \"x\" {\n  enabled = \"maybe\"\n}\n", `c.hcl:2: Unsuitable value type`},
		{"unknown rule attribute", "rule \"x\" {\n  level = \"low\"\n}\n", `c.hcl:2: Unsupported argument: An argument named "level" is not expected here`},
		{"rule without id", "rule {\n}\n", `c.hcl:1: Missing id for rule`},
		{"duplicate rule", "rule \"x\" {}\nrule \"x\" {}\n", `c.hcl:2: duplicate rule "x" block (first at line 1)`},
		{"duplicate params", "params {}\nparams {}\n", `c.hcl:2: Duplicate params block`},
		{"param variable", "params {\n  max = var.x\n}\n", `c.hcl:2: Variables not allowed`},
		{"param function", "params {\n  max = max(1, 2)\n}\n", `c.hcl:2: Function calls not allowed`},
		{"params nested block", "params {\n  inner {}\n}\n", `c.hcl:2: Unexpected "inner" block: Blocks are not allowed here`},
		{"waiver without reason", "waiver {\n  rule = \"x\"\n}\n", `c.hcl:1: Missing required argument: The argument "reason" is required`},
		{"waiver empty reason", "waiver {\n  rule = \"x\"\n  reason = \"  \"\n}\n", `c.hcl:3: waiver reason must not be empty`},
		{"waiver without rule", "waiver {\n  reason = \"r\"\n}\n", `c.hcl:1: Missing required argument: The argument "rule" is required`},
		{"waiver bad date", "waiver {\n  rule = \"x\"\n  reason = \"r\"\n  until = \"31/01/2030\"\n}\n", `c.hcl:4: until = "31/01/2030" is not a date in the form YYYY-MM-DD`},
		{"waiver impossible date", "waiver {\n  rule = \"x\"\n  reason = \"r\"\n  until = \"2030-02-30\"\n}\n", `c.hcl:4: until = "2030-02-30" is not a date`},
		{"waiver bad glob", "waiver {\n  rule = \"x\"\n  reason = \"r\"\n  address = \"a.b**\"\n}\n", `c.hcl:1: address "a.b**": ** must be a whole segment`},
		{"waiver unbalanced glob", "waiver {\n  rule = \"x\"\n  reason = \"r\"\n  address = \"a.b[\"\n}\n", `c.hcl:1: address "a.b[" has an unbalanced [ or quote`},
		{"waiver unknown attribute", "waiver {\n  rule = \"x\"\n  reason = \"r\"\n  expires = \"2030-01-01\"\n}\n", `c.hcl:4: Unsupported argument`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src), "c.hcl")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant prefix %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
		})
	}
}

func TestLoadAndFind(t *testing.T) {
	dir := t.TempDir()
	if Find(dir) != "" {
		t.Fatal("Find in an empty dir")
	}
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(`fail_on = "low"`), 0o644); err != nil {
		t.Fatal(err)
	}
	if Find("", t.TempDir(), dir) != p {
		t.Fatalf("Find = %q", Find(dir))
	}
	c, err := Load(p)
	if err != nil || c.FailOn != "low" || c.File != p {
		t.Fatalf("Load = %+v, %v", c, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.hcl")); err == nil || !strings.Contains(err.Error(), "missing.hcl") {
		t.Fatalf("missing file error = %v", err)
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, addr string
		want          bool
	}{
		{"aws_s3_bucket.logs", "aws_s3_bucket.logs", true},
		{"aws_s3_bucket.logs", "aws_s3_bucket.logs[0]", true},
		{"aws_s3_bucket.logs", `aws_s3_bucket.logs["a.b"]`, true},
		{"aws_s3_bucket.logs", "aws_s3_bucket.logs2", false},
		{"aws_s3_bucket.*", "aws_s3_bucket.logs", true},
		{"aws_s3_bucket.*", `aws_s3_bucket.logs["a.b"]`, true},
		{"aws_s3_bucket.*", "module.a.aws_s3_bucket.logs", false},
		{"*.logs", "aws_s3_bucket.logs", true},
		{"aws_*.logs", "aws_s3_bucket.logs", true},
		{"module.db.**", "module.db.aws_db_instance.main", true},
		{"module.db.**", `module.db["x"].module.inner.aws_db_instance.main[1]`, true},
		{"module.db.**", "module.dbx.aws_db_instance.main", false},
		{"**.aws_db_instance.main", "module.a.module.b.aws_db_instance.main", true},
		{"**.aws_db_instance.main", "aws_db_instance.main", true},
		{"**", "anything.at.all", true},
		{`aws_s3_bucket.logs["a.b"]`, `aws_s3_bucket.logs["a.b"]`, true},
		{`aws_s3_bucket.logs["a.b"]`, `aws_s3_bucket.logs["c"]`, false},
		{"aws_s3_bucket.logs[0]", "aws_s3_bucket.logs[1]", false},
		{"module.*.aws_x.y", `module.a["k"].aws_x.y`, true},
		{"data.aws_iam_policy_document.*", "data.aws_iam_policy_document.p", true},
		{"aws_s3_bucket.l?gs", "aws_s3_bucket.logs", false}, // ? is literal
	} {
		if got := MatchGlob(tc.pattern, tc.addr); got != tc.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tc.pattern, tc.addr, got, tc.want)
		}
	}
	if got := ConfigAddress(`module.a["x.y"].module.b[0].aws_x.y["k"]`); got != "module.a.module.b.aws_x.y" {
		t.Errorf("ConfigAddress = %q", got)
	}
}

// FuzzGlob: arbitrary patterns and addresses never panic, and a valid address matches itself.
func FuzzGlob(f *testing.F) {
	for _, s := range []string{"module.a.**", `aws_x.y["a.b"]`, "*.*", "a[", `a["\"]`, "**", ""} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, pattern, addr string) {
		MatchGlob(pattern, addr)
		_ = ValidateGlob(pattern)
		_ = ConfigAddress(addr)
		if _, ok := SplitAddress(addr); ok && !strings.Contains(addr, "*") && !MatchGlob(addr, addr) {
			t.Fatalf("%q does not match itself", addr)
		}
	})
}
