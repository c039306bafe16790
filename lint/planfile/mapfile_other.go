//go:build !linux

package planfile

import "os"

// readPlan returns the bytes of the plan file at path and a function that releases them (a
// no-op here: only Linux maps large plans, see mapfile_linux.go).
func readPlan(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}
