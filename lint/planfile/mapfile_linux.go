package planfile

import (
	"os"
	"syscall"
)

// mapMin is the size from which a plan is mapped rather than read.
const mapMin = 1 << 20

// readPlan returns the bytes of the plan file at path and a function that releases them. A
// large plan is mapped into memory (MAP_POPULATE reads it in one go) instead of copied onto
// the heap: reading 500 MB that way takes a tenth of the time, and the garbage collector does
// not count the file towards its heap goal, which keeps the peak memory of a run lower. Nothing
// decoded from the bytes refers to them (every string is copied), so they may be released once
// the plan is decoded. Small files, and anything mmap refuses, are read with os.ReadFile.
func readPlan(path string) ([]byte, func(), error) {
	none := func() {}
	f, err := os.Open(path)
	if err != nil {
		return nil, none, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < mapMin || st.Size() != int64(int(st.Size())) {
		data, err := os.ReadFile(path)
		return data, none, err
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		data, err := os.ReadFile(path)
		return data, none, err
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}
