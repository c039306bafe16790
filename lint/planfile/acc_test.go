package planfile

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// accBinary returns the terraform or tofu binary for TestAcc tests: they run
// only with TF_ACC=1 and then fail, not skip, when the binary is missing.
func accBinary(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run acceptance tests")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("TF_ACC_TERRAFORM_PATH: %v", err)
	}
	return bin
}

const accConfig = `
variable "token" {
  type      = string
  sensitive = true
  default   = "acc-S3CRET-token-value"
}

resource "terraform_data" "plain" {
  input = "visible-input"
}

resource "terraform_data" "secret" {
  input = var.token
}

resource "terraform_data" "many" {
  count = 2
  input = count.index
}
`

func TestAccBinaryPlan(t *testing.T) {
	bin := accBinary(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(accConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	tf, err := tfexec.NewTerraform(dir, bin)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := tf.Init(ctx); err != nil {
		t.Fatalf("init: %v", err)
	}
	planPath := filepath.Join(dir, "tfplan")
	if _, err := tf.Plan(ctx, tfexec.Out(planPath)); err != nil {
		t.Fatalf("plan: %v", err)
	}

	// WorkDir defaults to the plan's directory.
	p, err := Load(planPath, Options{TerraformBin: bin})
	if err != nil {
		t.Fatal(err)
	}
	if p.FormatVersion == "" || p.Source != planPath {
		t.Errorf("version %q source %q", p.FormatVersion, p.Source)
	}
	var addrs []string
	for _, rc := range p.Doc["resource_changes"].([]any) {
		addrs = append(addrs, rc.(map[string]any)["address"].(string))
	}
	want := "terraform_data.many[0] terraform_data.many[1] terraform_data.plain terraform_data.secret"
	if got := strings.Join(addrs, " "); got != want {
		t.Errorf("addresses %q, want %q", got, want)
	}
	out, _ := json.Marshal(p.Doc)
	if strings.Contains(string(out), "acc-S3CRET-token-value") {
		t.Error("the sensitive variable survived masking")
	}
	if !strings.Contains(string(out), "visible-input") {
		t.Error("a non-sensitive value was lost")
	}
	found := false
	for _, s := range p.Sensitive {
		found = found || s == "acc-S3CRET-token-value"
	}
	if !found {
		t.Errorf("Sensitive = %q, want the token", p.Sensitive)
	}

	// The same plan read from another directory with an explicit WorkDir.
	if _, err := Load(planPath, Options{TerraformBin: bin, WorkDir: dir}); err != nil {
		t.Errorf("explicit WorkDir: %v", err)
	}
}

// A zip that claims to be a plan but is not: terraform's own error comes
// back as one line naming the file.
func TestAccBinaryPlanCorrupt(t *testing.T) {
	bin := accBinary(t)
	plan := writeFile(t, "bad.tfplan", zipBytes(t, "tfplan", "tfstate"))
	_, err := Load(plan, Options{TerraformBin: bin})
	if err == nil {
		t.Fatal("no error for a corrupt plan")
	}
	prefix := plan + ": " + filepath.Base(bin) + " show -json failed (in " + filepath.Dir(plan) + "): "
	if msg := err.Error(); !strings.HasPrefix(msg, prefix) || strings.Contains(msg, "\n") {
		t.Errorf("error %q, want one line starting %q", msg, prefix)
	}
}
