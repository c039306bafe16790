package lint

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opexhq/terraform-provider-opex/lint/report"
)

// accBinary returns TF_ACC_TERRAFORM_PATH; acceptance tests run only with TF_ACC=1 and then
// fail, not skip, when the binary is missing.
func accBinary(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC=1 but TF_ACC_TERRAFORM_PATH is not set")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("TF_ACC_TERRAFORM_PATH: %v", err)
	}
	return bin
}

func tf(t *testing.T, bin, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_VAR_password=hunter2-SECRET")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	return out
}

const accMain = `variable "password" {
  type      = string
  sensitive = true
}

# opex:ignore echo-input reason="public greeting"
resource "terraform_data" "greeting" {
  input = "hello"
}

resource "terraform_data" "kept" {
  input = "kept"

  lifecycle {
    prevent_destroy = true
  }
}

resource "terraform_data" "copy" {
  input = nonsensitive(var.password)
}

# opex:ignore unprotected-data reason="workers are disposable"
module "workers" {
  source = "./modules/workers"
}

module "shards" {
  source = "./modules/workers"
  count  = 2
}
`

const accModule = `resource "terraform_data" "worker" {
  for_each = toset(["a", "b"])
  input    = each.key
}
`

func TestAccEndToEnd(t *testing.T) {
	bin := accBinary(t)
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "modules", "workers"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "main.tf"), []byte(accMain), 0o644))
	must(os.WriteFile(filepath.Join(dir, "modules", "workers", "main.tf"), []byte(accModule), 0o644))
	tf(t, bin, dir, "init", "-input=false", "-no-color")
	tf(t, bin, dir, "plan", "-input=false", "-no-color", "-out=tfplan")
	planJSON := filepath.Join(dir, "plan.json")
	must(os.WriteFile(planJSON, tf(t, bin, dir, "show", "-json", "tfplan"), 0o644))

	var reports []*report.Report
	for _, input := range []struct{ name, path string }{{"json", planJSON}, {"binary", filepath.Join(dir, "tfplan")}} {
		r, err := Run(context.Background(), opts(input.path, func(o *Options) { o.Dir = dir; o.TerraformBin = bin }))
		if err != nil {
			t.Fatalf("%s plan: %v", input.name, err)
		}
		reports = append(reports, r)
	}
	got := lines(reports[0])
	if lines(reports[1]) != got {
		t.Fatalf("binary and JSON plans lint differently:\n%s\n---\n%s", lines(reports[1]), got)
	}
	for _, want := range []string{
		`low echo-input terraform_data.greeting main.tf:7 "input of terraform_data.greeting is hello" waived(public greeting, , main.tf:6)`,
		`medium unprotected-data terraform_data.greeting main.tf:7 "terraform_data.greeting can be destroyed`,
		`low echo-input terraform_data.copy main.tf:19 "input of terraform_data.copy is (sensitive value)"`,
		`medium unprotected-data module.workers.terraform_data.worker["a"] modules/workers/main.tf:1 "module.workers.terraform_data.worker[\"a\"] can be destroyed (note: none)" waived(workers are disposable, , main.tf:23)`,
		`medium unprotected-data module.shards[1].terraform_data.worker["b"] modules/workers/main.tf:1 `,
		`high big-batch  :0 "9 resources change, more than 3"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s\nin:\n%s", want, got)
		}
	}
	if strings.Contains(got, "unprotected-data terraform_data.kept") {
		t.Errorf("prevent_destroy from the .tf files was not used:\n%s", got)
	}
	if strings.Contains(got, `module.shards[1].terraform_data.worker["b"] modules/workers/main.tf:1 "module.shards[1].terraform_data.worker[\"b\"] can be destroyed (note: none)" waived`) {
		t.Errorf("the workers waiver leaked onto another call of the same module:\n%s", got)
	}
	for _, format := range report.Formats {
		var b bytes.Buffer
		if err := report.Write(&b, format, reports[1], report.Options{}); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b.Bytes(), []byte("hunter2-SECRET")) {
			t.Errorf("%s report prints the sensitive variable", format)
		}
	}
}
