package planfile

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
)

var zipMagic = []byte("PK\x03\x04")

// Load reads a plan file: plan JSON, or a binary plan (a zip archive,
// detected by content) that is converted with `terraform show -json`.
func Load(path string, opts Options) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: readError(err)}
	}
	if bytes.HasPrefix(data, zipMagic) {
		return loadBinary(path, data, opts, func(data []byte) (*Plan, error) { return decodeBytes(data, path) })
	}
	return decodeBytes(data, path)
}

func readError(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "cannot read: permission denied"
	case errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "is a directory"):
		return "is a directory, not a plan file"
	case errors.As(err, &pe):
		return "cannot read: " + pe.Err.Error()
	}
	return "cannot read: " + err.Error()
}

// loadBinary converts a binary plan with terraform (or tofu) show -json and decodes the JSON
// with decode.
func loadBinary(path string, data []byte, opts Options, decode func([]byte) (*Plan, error)) (*Plan, error) {
	// Check that the archive is a plan before running anything: Terraform
	// and OpenTofu plan files always hold a "tfplan" entry.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &InputError{File: path, Msg: "not a plan: a zip archive that cannot be read (" + err.Error() + ")"}
	}
	isPlan := false
	for _, f := range zr.File {
		if f.Name == "tfplan" {
			isPlan = true
			break
		}
	}
	if !isPlan {
		return nil, &InputError{File: path, Msg: "not a plan: a zip archive without a tfplan entry (expected a file from `terraform plan -out`)"}
	}

	bin, err := findBinary(opts.TerraformBin)
	if err != nil {
		return nil, &InputError{File: path, Msg: err.Error()}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: "cannot resolve path: " + err.Error()}
	}
	workDir := opts.WorkDir
	if workDir == "" {
		workDir = filepath.Dir(abs)
	}
	tf, err := tfexec.NewTerraform(workDir, bin)
	if err != nil {
		return nil, &InputError{File: path, Msg: "cannot run " + bin + ": " + oneLine(err.Error())}
	}
	// ShowPlanFile decodes into tfjson.Plan, which opexlint does not use;
	// the raw JSON is captured from stdout and decoded once more by
	// decode so masking and errors are the same as for a JSON file.
	// The version check runs first (and is cached) so that its own JSON
	// does not land in the captured stdout.
	ctx := context.Background()
	if _, _, err := tf.Version(ctx, false); err != nil {
		return nil, &InputError{File: path, Msg: "cannot run " + bin + " version: " + oneLine(err.Error())}
	}
	var out bytes.Buffer
	tf.SetStdout(&out)
	_, showErr := tf.ShowPlanFile(ctx, abs)
	if out.Len() == 0 {
		msg := "no output"
		if showErr != nil {
			msg = oneLine(showErr.Error())
		}
		return nil, &InputError{File: path, Msg: filepath.Base(bin) + " show -json failed (in " + workDir + "): " + msg}
	}
	// A tfjson validation error (say a format version it does not know)
	// is reported by decode in opexlint's own words.
	return decode(out.Bytes())
}

// findBinary resolves --terraform-bin, else terraform, then tofu, on PATH.
func findBinary(given string) (string, error) {
	if given != "" {
		p, err := exec.LookPath(given)
		if err != nil {
			return "", errors.New("binary plan file: cannot run --terraform-bin " + given + ": " + oneLine(err.Error()))
		}
		return p, nil
	}
	for _, name := range []string{"terraform", "tofu"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("binary plan file: converting it needs terraform or tofu, and neither is on PATH (use --terraform-bin, or pass the output of `terraform show -json`)")
}

// oneLine collapses a multi-line tool error (Terraform's boxed diagnostics)
// into one bounded line.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.Trim(strings.TrimSpace(l), "│╷╵─")
		l = strings.TrimSpace(l)
		if l != "" {
			parts = append(parts, l)
		}
	}
	out := strings.Join(parts, " ")
	if r := []rune(out); len(r) > 300 {
		out = string(r[:300]) + "…"
	}
	return out
}
