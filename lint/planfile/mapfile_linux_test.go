package planfile

import (
	"bytes"
	"errors"
	"os"
	"runtime/debug"
	"testing"
)

var sink byte

func TestReadPlanMapsLargeFiles(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), mapMin/16+1)
	path := writeFile(t, "big.json", big)
	data, release, _, err := readPlan(path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if !bytes.Equal(data, big) {
		t.Fatal("mapped bytes differ from the file")
	}

	// Truncated under the mapping: reading faults, and the fault is recoverable.
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	faulted := func() (got bool) {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() { got = isFault(recover()) }()
		sink = data[len(data)-1]
		return false
	}()
	if !faulted {
		t.Error("reading a truncated mapping did not fault")
	}
}

func TestLoadInputDirectory(t *testing.T) {
	_, err := LoadInput(t.TempDir(), Options{}, nil)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Msg != "is a directory, not a plan file" {
		t.Errorf("err = %v", err)
	}
}
