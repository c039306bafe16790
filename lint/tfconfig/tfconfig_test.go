package tfconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func loadTree(t *testing.T) *Config {
	t.Helper()
	c, err := Load(filepath.Join("testdata", "tree"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// writeTree creates files (slash paths → content) under a temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestConfigAddress(t *testing.T) {
	tests := map[string]string{
		"aws_x.y":                                "aws_x.y",
		"aws_x.y[2]":                             "aws_x.y",
		`aws_x.y["k"]`:                           "aws_x.y",
		`aws_x.y["a.b[c]"]`:                      "aws_x.y",
		`aws_x.y["q\"].x"]`:                      "aws_x.y",
		`module.a["k"].module.b[0].aws_x.y["z"]`: "module.a.module.b.aws_x.y",
		"data.aws_ami.u":                         "data.aws_ami.u",
		`module.a[1].data.x.y[0]`:                "module.a.data.x.y",
		"module.a":                               "module.a",
		"aws_x.y[":                               "aws_x.y",
		"":                                       "",
	}
	for in, want := range tests {
		if got := configAddress(in); got != want {
			t.Errorf("configAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLocate(t *testing.T) {
	c := loadTree(t)
	if !filepath.IsAbs(c.Root) {
		t.Errorf("Root %q is not absolute", c.Root)
	}
	tests := []struct {
		addr, file string
		line       int
		ok         bool
	}{
		{"aws_instance.web", "main.tf", 11, true},
		{"aws_instance.web[1]", "main.tf", 11, true},
		{`aws_s3_bucket.logs["a"]`, "main.tf", 60, true},
		{"aws_db_instance.main", "main.tf", 52, true},
		{"data.aws_ami.ubuntu", "main.tf", 66, true},
		{"module.app", "main.tf", 70, true},
		{`module.app["blue"]`, "main.tf", 70, true},
		{`module.app["blue"].aws_ecs_service.svc`, "modules/app/main.tf", 11, true},
		{`module.app["green"].module.db[0].aws_rds_cluster.this`, "modules/db/main.tf", 1, true},
		{`module.app["green"].module.db[0].data.aws_caller_identity.me`, "modules/db/main.tf", 8, true},
		{`module.app["green"].module.db`, "modules/app/main.tf", 5, true},
		// moved: a resource, a module, and a move inside a module.
		{"aws_instance.old_web[0]", "main.tf", 11, true},
		{`module.legacy["blue"].aws_ecs_service.svc`, "modules/app/main.tf", 11, true},
		{`module.app["blue"].aws_ecs_service.old`, "modules/app/main.tf", 11, true},
		{`module.legacy["x"].aws_ecs_service.old`, "modules/app/main.tf", 11, true},
		// A registry module: not followed, resolves to its call block.
		{"module.vpc.aws_vpc.this[0]", "main.tf", 77, true},
		{"module.vpc.module.nested.aws_x.y", "main.tf", 77, true},
		// Unknown.
		{"aws_instance.nope", "", 0, false},
		{"module.nope.aws_x.y", "", 0, false},
		{"", "", 0, false},
	}
	for _, tc := range tests {
		file, line, ok := c.Locate(tc.addr)
		if file != tc.file || line != tc.line || ok != tc.ok {
			t.Errorf("Locate(%q) = %q, %d, %v; want %q, %d, %v", tc.addr, file, line, ok, tc.file, tc.line, tc.ok)
		}
	}
	var nilCfg *Config
	if _, _, ok := nilCfg.Locate("aws_x.y"); ok {
		t.Error("nil Config located something")
	}
}

func TestInlineWaivers(t *testing.T) {
	got := loadTree(t).InlineWaivers()
	want := []InlineWaiver{
		{Rules: []string{"large-batch", "missing-alarm"}, Until: "2030-01-31", Reason: "migration window, OPS-12", File: "main.tf", Line: 10, Target: "aws_instance.web"},
		{Rules: []string{"prevent-destroy-missing"}, File: "main.tf", Line: 51, Target: "aws_db_instance.main"},
		{Rules: []string{"bucket-versioning"}, Reason: "inside the block", File: "main.tf", Line: 63, Target: "aws_s3_bucket.logs"},
		{Rules: []string{"module-rule"}, File: "main.tf", Line: 76, Target: "module.vpc"},
		{Rules: []string{"deploy-rule"}, File: "modules/app/main.tf", Line: 10, Target: "module.app.aws_ecs_service.svc"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("waivers\n got %+v\nwant %+v", got, want)
	}
}

func TestWaiverAttachment(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `resource "a_b" "above_run" {
}
# opex:ignore r1
# a note between waiver lines
// opex:ignore r2
resource "a_b" "x" {
  name = "x" # opex:ignore r3
  nested {
    # opex:ignore r4
  }
}
resource "a_b" "y" {} # opex:ignore r5-trailing-not-above
resource "a_b" "z" {
  name = "# opex:ignore not-a-comment"
  text = <<EOT
# opex:ignore in-heredoc
EOT
}
/*
 opex:ignore r6 reason="multi-line block comment"
*/
module "m" {
  source = "git::https://example.com/m.git"
}
`,
	})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range c.InlineWaivers() {
		got = append(got, w.Target+":"+strings.Join(w.Rules, ","))
	}
	want := []string{"a_b.x:r1", "a_b.x:r2", "a_b.x:r3", "a_b.x:r4", "a_b.y:r5-trailing-not-above", "module.m:r6"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestParseWaiver(t *testing.T) {
	tests := []struct {
		in      string
		want    InlineWaiver
		waiver  bool
		wantErr string
	}{
		{"# opex:ignore a", InlineWaiver{Rules: []string{"a"}}, true, ""},
		{"// opex:ignore a,b", InlineWaiver{Rules: []string{"a", "b"}}, true, ""},
		{"#opex:ignore a, b,c\n", InlineWaiver{Rules: []string{"a", "b", "c"}}, true, ""},
		{"/* opex:ignore a until=2026-02-28 */", InlineWaiver{Rules: []string{"a"}, Until: "2026-02-28"}, true, ""},
		{`# opex:ignore a reason="has \"quotes\" and = signs" until=2026-01-01`, InlineWaiver{Rules: []string{"a"}, Until: "2026-01-01", Reason: `has "quotes" and = signs`}, true, ""},
		{"# opex:ignore a reason=short", InlineWaiver{Rules: []string{"a"}, Reason: "short"}, true, ""},
		{"# just a comment", InlineWaiver{}, false, ""},
		{"# see opex:ignore in the docs", InlineWaiver{}, false, ""},
		{"# opex:ignored-thing", InlineWaiver{}, false, ""},
		{"# opex:ignore", InlineWaiver{}, true, "malformed opex:ignore: no rule id (expected `opex:ignore <rule-id>[,<rule-id>…] [until=YYYY-MM-DD] [reason=\"…\"]`)"},
		{"# opex:ignore until=2026-01-01", InlineWaiver{}, true, "malformed opex:ignore: no rule id (expected `opex:ignore <rule-id>[,<rule-id>…] [until=YYYY-MM-DD] [reason=\"…\"]`)"},
		{"# opex:ignore a,,b", InlineWaiver{}, true, "malformed opex:ignore: empty rule id in the list"},
		{"# opex:ignore a until=2026-13-01", InlineWaiver{}, true, `malformed opex:ignore: until="2026-13-01" is not a date (expected YYYY-MM-DD)`},
		{"# opex:ignore a until=tomorrow", InlineWaiver{}, true, `malformed opex:ignore: until="tomorrow" is not a date (expected YYYY-MM-DD)`},
		{"# opex:ignore a until=2026-1-5", InlineWaiver{}, true, `malformed opex:ignore: until="2026-1-5" is not a date (expected YYYY-MM-DD)`},
		{`# opex:ignore a reason="open`, InlineWaiver{}, true, "malformed opex:ignore: reason: unterminated quoted string"},
		{`# opex:ignore a reason=""`, InlineWaiver{}, true, "malformed opex:ignore: empty reason"},
		{"# opex:ignore a owner=me", InlineWaiver{}, true, `malformed opex:ignore: unknown option "owner" (expected until or reason)`},
		{"# opex:ignore a b", InlineWaiver{}, true, `malformed opex:ignore: unexpected "b" (expected until=YYYY-MM-DD or reason="…")`},
		{"# opex:ignore a until=2026-01-01 until=2026-01-02", InlineWaiver{}, true, "malformed opex:ignore: until given twice"},
		{"# opex:ignore a!b", InlineWaiver{}, true, `malformed opex:ignore: invalid rule id "a!b"`},
		{`# opex:ignore a reason="x"y`, InlineWaiver{}, true, `malformed opex:ignore: unexpected "y" after reason`},
	}
	for _, tc := range tests {
		w, isWaiver, err := parseWaiver(tc.in)
		if isWaiver != tc.waiver {
			t.Errorf("%q: isWaiver = %v", tc.in, isWaiver)
		}
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("%q: error\n got %v\nwant %s", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if tc.waiver && !reflect.DeepEqual(w, tc.want) {
			t.Errorf("%q: got %+v want %+v", tc.in, w, tc.want)
		}
	}
}

func TestMalformedWaiverFailsLoad(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.tf":              "resource \"a_b\" \"fine\" {}\n",
		"modules/m/main.tf": "\n\n# opex:ignore some-rule until=2026-02-30\nresource \"a_b\" \"c\" {}\n",
		"b.tf":              "module \"m\" {\n  source = \"./modules/m\"\n}\n",
	})
	_, err := Load(dir)
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %T %v, want *InputError", err, err)
	}
	want := filepath.ToSlash(dir) + `/modules/m/main.tf:3: malformed opex:ignore: until="2026-02-30" is not a date (expected YYYY-MM-DD)`
	if err.Error() != want {
		t.Errorf("error\n got %s\nwant %s", err, want)
	}
}

func TestFacts(t *testing.T) {
	got := loadTree(t).Facts()
	want := map[string]ResourceFacts{
		"aws_instance.web":                          {CreateBeforeDestroy: true, Provisioners: []string{"local-exec", "remote-exec"}},
		"aws_db_instance.main":                      {PreventDestroy: true},
		"aws_s3_bucket.logs":                        {},
		"aws_sqs_queue.q":                           {},
		"module.app.aws_ecs_service.svc":            {},
		"module.app.module.db.aws_rds_cluster.this": {PreventDestroy: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("facts\n got %+v\nwant %+v", got, want)
	}
}

func TestFactsNonLiteral(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
resource "a_b" "var" {
  lifecycle {
    prevent_destroy       = var.protect
    create_before_destroy = "true"
  }
}
resource "a_b" "false" {
  lifecycle {
    prevent_destroy = false
  }
}
`})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ResourceFacts{"a_b.var": {CreateBeforeDestroy: true}, "a_b.false": {}}
	if got := c.Facts(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
}

func TestDiagnosticsKeepOtherFiles(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "broken"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range c.Diagnostics() {
		got = append(got, d.String())
	}
	want := []string{
		"b_bad.tf:6:23: Invalid multi-line string",
		"b_bad.tf:6:23: Unterminated template string",
		"b_bad.tf:7:2: Invalid multi-line string",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics\n got %q\nwant %q", got, want)
	}
	for addr, file := range map[string]string{
		"aws_sqs_queue.good":         "a_good.tf",
		"aws_sqs_queue.before_error": "b_bad.tf",
		"aws_sns_topic.after":        "c_more.tf",
	} {
		if f, _, ok := c.Locate(addr); !ok || f != file {
			t.Errorf("Locate(%s) = %q %v, want %s", addr, f, ok, file)
		}
	}
}

func TestLoadErrorsAndEdges(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	if _, err := Load(missing); err == nil || err.Error() != missing+": no such directory" {
		t.Errorf("missing dir: %v", err)
	}
	file := filepath.Join(writeTree(t, map[string]string{"x.tf": ""}), "x.tf")
	if _, err := Load(file); err == nil || err.Error() != file+": not a directory" {
		t.Errorf("file: %v", err)
	}

	// A module calling itself, a missing local module, JSON syntax, and an
	// override file that must not shadow the primary block.
	dir := writeTree(t, map[string]string{
		"main.tf": `module "self" {
  source = "./"
}
module "gone" {
  source = "./missing"
}
resource "a_b" "c" {
  name = "primary"
}
`,
		"extra.tf.json":    `{"resource": {"a_b": {"json": {"name": "from-json", "size": 3, "ref": "${var.x}"}}}}`,
		"main_override.tf": "resource \"a_b\" \"c\" {\n  name = \"override\"\n}\n",
		".hidden.tf":       "this is not { valid",
		"net.tf":           "resource \"a_b\" \"net\" {\n  from = \"tf\"\n}\n",
		"net.tofu":         "\n\nresource \"a_b\" \"net\" {\n  from = \"tofu\"\n}\n",
	})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d := c.Diagnostics(); len(d) != 0 {
		t.Errorf("diagnostics %v (the hidden file must be ignored)", d)
	}
	var diags []string
	for _, d := range c.Warnings() {
		diags = append(diags, d.String())
	}
	wantDiags := []string{
		`main.tf:1: module "self": local module calls nest too deep or loop (./); not followed`,
		`main.tf:4: module "gone": local source "./missing" is not a directory`,
	}
	if !reflect.DeepEqual(diags, wantDiags) {
		t.Errorf("warnings\n got %q\nwant %q", diags, wantDiags)
	}
	if f, line, ok := c.Locate("a_b.c"); f != "main.tf" || line != 7 || !ok {
		t.Errorf("a_b.c at %s:%d", f, line)
	}
	if f, _, ok := c.Locate("a_b.json"); f != "extra.tf.json" || !ok {
		t.Errorf("a_b.json at %s", f)
	}
	if f, line, ok := c.Locate("a_b.net"); f != "net.tofu" || line != 3 || !ok {
		t.Errorf("a_b.net at %s:%d, want net.tofu:3 (.tofu shadows .tf)", f, line)
	}
	sp := c.SyntheticPlan()
	var jsonChange map[string]any
	for _, rc := range sp["resource_changes"].([]any) {
		if rc.(map[string]any)["address"] == "a_b.json" {
			jsonChange = rc.(map[string]any)["change"].(map[string]any)
		}
	}
	if jsonChange == nil {
		t.Fatal("no change for the JSON resource")
	}
	if got := mustJSON(t, jsonChange["after"]); got != `{"name":"from-json","size":3}` {
		t.Errorf("JSON after = %s", got)
	}
	if got := mustJSON(t, jsonChange["after_unknown"]); got != `{"ref":true}` {
		t.Errorf("JSON after_unknown = %s", got)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSyntheticPlan(t *testing.T) {
	sp := loadTree(t).SyntheticPlan()
	if sp["format_version"] != "1.2" {
		t.Errorf("format_version %v", sp["format_version"])
	}
	changes := sp["resource_changes"].([]any)
	var addrs []string
	byAddr := map[string]map[string]any{}
	for _, item := range changes {
		rc := item.(map[string]any)
		addr := rc["address"].(string)
		addrs = append(addrs, addr)
		byAddr[addr] = rc
	}
	wantAddrs := []string{"aws_instance.web", "aws_db_instance.main", "aws_s3_bucket.logs", "aws_sqs_queue.q",
		"module.app.aws_ecs_service.svc", "module.app.module.db.aws_rds_cluster.this"}
	if !reflect.DeepEqual(addrs, wantAddrs) {
		t.Errorf("addresses %q", addrs)
	}
	web := byAddr["aws_instance.web"]
	if web["mode"] != "managed" || web["type"] != "aws_instance" || web["name"] != "web" {
		t.Errorf("web header %v", web)
	}
	if _, has := web["module_address"]; has {
		t.Error("root resource has module_address")
	}
	ch := web["change"].(map[string]any)
	if got := mustJSON(t, ch["actions"]); got != `["create"]` {
		t.Errorf("actions %s", got)
	}
	wantAfter := `{"ami":"ami-123","cpu_credits":2.5,"ebs_block_device":[{"device_name":"/dev/sdb","volume_size":100},{"device_name":"/dev/sdc"}],"instance_type":"t3.micro","monitoring":true,"subnets":["a",null,"c"],"tags":{"owner":"team-a"}}`
	if got := mustJSON(t, ch["after"]); got != wantAfter {
		t.Errorf("after\n got %s\nwant %s", got, wantAfter)
	}
	wantUnknown := `{"ebs_block_device":[{},{"volume_size":true}],"network_interface":true,"subnets":[false,true,false],"tags":{"env":true}}`
	if got := mustJSON(t, ch["after_unknown"]); got != wantUnknown {
		t.Errorf("after_unknown\n got %s\nwant %s", got, wantUnknown)
	}
	svc := byAddr["module.app.aws_ecs_service.svc"]
	if svc["module_address"] != "module.app" {
		t.Errorf("module_address %v", svc["module_address"])
	}
	svcAfter := mustJSON(t, svc["change"].(map[string]any)["after"])
	if svcAfter != `{"deployment_circuit_breaker":[{"enable":true,"rollback":true}],"desired_count":3}` {
		t.Errorf("svc after %s", svcAfter)
	}

	root := sp["configuration"].(map[string]any)["root_module"].(map[string]any)
	var webCfg map[string]any
	for _, r := range root["resources"].([]any) {
		if r.(map[string]any)["address"] == "aws_instance.web" {
			webCfg = r.(map[string]any)
		}
	}
	if got := mustJSON(t, webCfg["provisioners"]); got != `[{"type":"local-exec"},{"type":"remote-exec"}]` {
		t.Errorf("provisioners %s", got)
	}
	if got := mustJSON(t, webCfg["count_expression"]); got != `{"constant_value":2}` {
		t.Errorf("count_expression %s", got)
	}
	exprs := webCfg["expressions"].(map[string]any)
	if got := mustJSON(t, exprs["tags"]); got != `{"references":["var.env"]}` {
		t.Errorf("tags expression %s", got)
	}
	if got := mustJSON(t, exprs["ami"]); got != `{"constant_value":"ami-123"}` {
		t.Errorf("ami expression %s", got)
	}
	calls := root["module_calls"].(map[string]any)
	if got := mustJSON(t, calls["vpc"]); got != `{"source":"terraform-aws-modules/vpc/aws"}` {
		t.Errorf("vpc call %s", got)
	}
	app := calls["app"].(map[string]any)
	db := app["module"].(map[string]any)["module_calls"].(map[string]any)["db"].(map[string]any)
	if db["source"] != "../db" {
		t.Errorf("db call %v", db)
	}
	dbRes := db["module"].(map[string]any)["resources"].([]any)
	if len(dbRes) != 2 || dbRes[0].(map[string]any)["address"] != "aws_rds_cluster.this" || dbRes[1].(map[string]any)["mode"] != "data" {
		t.Errorf("db resources %s", mustJSON(t, dbRes))
	}

	// Each call returns a fresh document.
	sp["format_version"] = "x"
	if loadTree(t).SyntheticPlan()["format_version"] != "1.2" {
		t.Error("SyntheticPlan shares state")
	}
}

func TestReferences(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
resource "a_b" "c" {
  x = "${aws_vpc.main.id}-${data.aws_ami.u.id}-${module.net.ids[0]}-${local.l}-${each.key}"
  y = upper("lit")
}
`})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	res := c.SyntheticPlan()["configuration"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any)[0].(map[string]any)
	exprs := res["expressions"].(map[string]any)
	want := `{"references":["aws_vpc.main.id","aws_vpc.main","data.aws_ami.u.id","data.aws_ami.u","module.net.ids","module.net","local.l","each.key"]}`
	if got := mustJSON(t, exprs["x"]); got != want {
		t.Errorf("x\n got %s\nwant %s", got, want)
	}
	if got := mustJSON(t, exprs["y"]); got != `{}` {
		t.Errorf("y %s", got)
	}
}

func corpusDir(t *testing.T, sub string) string {
	t.Helper()
	d := filepath.Join("..", "..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return d
}

// Real configurations load without a hard failure, and every resource block
// the index holds locates to an existing file.
func TestCorpusHCL(t *testing.T) {
	root := corpusDir(t, "hcl")
	entries, err := os.ReadDir(root)
	if err != nil || len(entries) == 0 {
		t.Skip("no corpus configurations")
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		c, err := Load(dir)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if d := c.Diagnostics(); len(d) > 0 {
			t.Errorf("%s: diagnostics on a valid configuration: %v", e.Name(), d)
		}
		sp := c.SyntheticPlan()
		if _, err := json.Marshal(sp); err != nil {
			t.Errorf("%s: synthetic plan: %v", e.Name(), err)
		}
		for _, item := range sp["resource_changes"].([]any) {
			addr := item.(map[string]any)["address"].(string)
			file, line, ok := c.Locate(addr)
			if !ok || line < 1 {
				t.Errorf("%s: %s not located", e.Name(), addr)
				continue
			}
			if _, err := os.Stat(filepath.Join(c.Root, filepath.FromSlash(file))); err != nil {
				t.Errorf("%s: %s located in %s: %v", e.Name(), addr, file, err)
			}
		}
	}
}

// Hostile nesting is a diagnostic, not a stack overflow; other files load.
func TestDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	dir := writeTree(t, map[string]string{
		"a.tf":         "resource \"a_b\" \"ok\" {}\n",
		"deep.tf":      "locals {\n  x = " + deep + "\n}\n",
		"deep.tf.json": `{"locals": {"x": ` + deep + `}}`,
		"ok.tf":        "resource \"a_b\" \"nested\" {\n  x = " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n}\n",
	})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range c.Diagnostics() {
		got = append(got, d.String())
	}
	want := []string{
		"deep.tf:2:262: nested deeper than 256 levels; file not parsed",
		"deep.tf.json:1:272: nested deeper than 256 levels; file not parsed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics\n got %q\nwant %q", got, want)
	}
	for _, addr := range []string{"a_b.ok", "a_b.nested"} {
		if _, _, ok := c.Locate(addr); !ok {
			t.Errorf("%s not located", addr)
		}
	}
	if _, err := json.Marshal(c.SyntheticPlan()); err != nil {
		t.Error(err)
	}
}

func TestResolveAndCovers(t *testing.T) {
	c := loadTree(t)
	tests := []struct {
		addr, want string
		ok         bool
	}{
		{`aws_instance.web[0]`, "aws_instance.web", true},
		{`aws_instance.old_web[1]`, "aws_instance.web", true},
		{`module.legacy["a"].aws_ecs_service.old`, "module.app.aws_ecs_service.svc", true},
		{`module.vpc.aws_vpc.this`, "module.vpc", true},
		{`aws_nope.x[3]`, "aws_nope.x", false},
	}
	for _, tc := range tests {
		got, ok := c.Resolve(tc.addr)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tc.addr, got, ok, tc.want, tc.ok)
		}
	}
	if got := ConfigAddress(`module.a["x.y"].aws_b.c[1]`); got != "module.a.aws_b.c" {
		t.Errorf("ConfigAddress = %q", got)
	}

	mod := InlineWaiver{Rules: []string{"r"}, Target: "module.app"}
	res := InlineWaiver{Rules: []string{"r"}, Target: "module.app.aws_ecs_service.svc"}
	covers := []struct {
		w    InlineWaiver
		addr string
		want bool
	}{
		{mod, "module.app", true},
		{mod, "module.app.aws_ecs_service.svc", true},
		{mod, "module.app.module.db.aws_rds_cluster.this", true},
		{mod, "module.apps.aws_x.y", false},
		{mod, "aws_instance.web", false},
		{res, "module.app.aws_ecs_service.svc", true},
		{res, "module.app.aws_ecs_service.svc2", false},
		{res, "module.app", false},
	}
	for _, tc := range covers {
		if got := tc.w.Covers(tc.addr); got != tc.want {
			t.Errorf("%s covers %s = %v", tc.w.Target, tc.addr, got)
		}
	}
}

// Symlinked self-calls stop at the cycle, and fan-out is bounded.
func TestModuleExpansionBounded(t *testing.T) {
	files := map[string]string{"main.tf": "module \"m\" {\n  source = \"./l0\"\n}\n"}
	for i := 0; i < 16; i++ {
		next := fmt.Sprintf("../l%d", i+1)
		files[fmt.Sprintf("l%d/main.tf", i)] = fmt.Sprintf("module \"a\" {\n  source = %q\n}\nmodule \"b\" {\n  source = %q\n}\nresource \"x_y\" \"z\" {}\n", next, next)
	}
	files["l16/main.tf"] = "resource \"x_y\" \"leaf\" {}\n"
	dir := writeTree(t, files)
	if err := os.Symlink(".", filepath.Join(dir, "l16", "self")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	files2 := "module \"loop\" {\n  source = \"./self\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "l16", "loop.tf"), []byte(files2), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("Load took %v", d)
	}
	var bounded, loop bool
	for _, w := range c.Warnings() {
		bounded = bounded || strings.Contains(w.Msg, "local module calls in the tree; not followed")
		loop = loop || strings.Contains(w.Msg, "nest too deep or loop (./self)")
	}
	if !bounded || !loop {
		t.Errorf("warnings %v", c.Warnings())
	}
	if _, _, ok := c.Locate("module.m.module.a.module.b.x_y.z"); !ok {
		t.Error("resources inside the followed part not located")
	}
}

// LoadForPlan keeps everything a plan uses from the tree, and only that.
func TestLoadForPlan(t *testing.T) {
	for _, dir := range []string{filepath.Join("testdata", "tree"), filepath.Join("testdata", "broken")} {
		full, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		lean, err := LoadForPlan(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(lean.Facts(), full.Facts()) || !reflect.DeepEqual(lean.InlineWaivers(), full.InlineWaivers()) ||
			!reflect.DeepEqual(lean.Diagnostics(), full.Diagnostics()) || !reflect.DeepEqual(lean.Warnings(), full.Warnings()) ||
			!reflect.DeepEqual(lean.index, full.index) || !reflect.DeepEqual(lean.moved, full.moved) {
			t.Errorf("%s: LoadForPlan differs from Load", dir)
		}
	}
	lean, err := LoadForPlan(filepath.Join("testdata", "tree"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("SyntheticPlan of a LoadForPlan configuration did not panic")
		}
	}()
	lean.SyntheticPlan()
}
