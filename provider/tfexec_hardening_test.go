package provider

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// The tests in this package that need Terraform options terraform-plugin-testing does not pass
// through (-parallelism) or a state it cannot write (a state from an older schema version) drive
// the binary with terraform-exec. The provider is served in-process in debug mode and Terraform
// attaches to it through TF_REATTACH_PROVIDERS, as terraform-plugin-testing does: no build, and
// the test clock reaches the provider.

// tfHarness is a working directory with a terraform or tofu binary attached to an in-process opex.
type tfHarness struct {
	tf   *tfexec.Terraform
	dir  string
	tofu bool
	// reattach names the in-process provider under every address the binary may resolve `opex` to.
	reattach tfexec.ReattachInfo
}

// newTFHarness serves the provider with clock c for the life of the test and prepares dir for
// the binary in TF_ACC_TERRAFORM_PATH. It fails (never skips) when the binary is missing.
func newTFHarness(t *testing.T, c Clock) *tfHarness {
	t.Helper()
	// Like resource.Test: acceptance tests run only with TF_ACC set, and then fail when they cannot.
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run it")
	}
	testAccPreCheck(t)
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", bin, err, out)
	}
	h := &tfHarness{dir: t.TempDir(), tofu: strings.Contains(string(out), "OpenTofu v")}

	ctx, cancel := context.WithCancel(context.Background())
	reattachCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve("registry.terraform.io/hashicorp/opex",
			func() tfprotov6.ProviderServer {
				return providerserver.NewProtocol6(NewWithClock("test", c)())()
			},
			tf6server.WithDebug(ctx, reattachCh, closeCh),
			tf6server.WithoutLogStderrOverride(),
			// go-plugin's own log (listener addresses, shutdown noise) says nothing about opex.
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattachCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the provider did not start serving within 10s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-closeCh:
		case <-time.After(10 * time.Second):
			t.Error("the provider did not stop within 10s")
		}
	})
	cfg := tfexec.ReattachConfig{
		Protocol: string(rc.Protocol), ProtocolVersion: rc.ProtocolVersion, Pid: rc.Pid, Test: rc.Test,
		Addr: tfexec.ReattachConfigAddr{Network: rc.Addr.Network(), String: rc.Addr.String()},
	}
	// An unqualified `opex` resolves to hashicorp/opex on the binary's default registry host.
	h.reattach = tfexec.ReattachInfo{providerHost(h.tofu) + "/hashicorp/opex": cfg}

	h.tf, err = tfexec.NewTerraform(h.dir, bin)
	if err != nil {
		t.Fatalf("terraform-exec: %v", err)
	}
	// A private, empty CLI configuration: no plugin cache, no credentials, no network mirror of
	// the user's, and no update check.
	cliConfig := filepath.Join(h.dir, ".terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := h.tf.SetEnv(map[string]string{
		"HOME": h.dir, "PATH": os.Getenv("PATH"), "TMPDIR": os.TempDir(),
		"TF_CLI_CONFIG_FILE": cliConfig, "CHECKPOINT_DISABLE": "1",
	}); err != nil {
		t.Fatal(err)
	}
	return h
}

// providerHost is the registry host an unqualified provider source resolves to.
func providerHost(tofu bool) string {
	if tofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// write puts a file into the working directory.
func (h *tfHarness) write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(h.dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (h *tfHarness) init(ctx context.Context, t *testing.T) {
	t.Helper()
	if err := h.tf.Init(ctx, tfexec.Reattach(h.reattach), tfexec.Upgrade(false)); err != nil {
		t.Fatalf("init: %v", err)
	}
}
