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
//
// drop(start, end) gives back the pages of data[start:end] once the decoder is done with them
// (the sections it has walked, the changes it has parsed), so that the file and the values
// built from it are not both resident at the peak. Read again, the pages come back from the
// file. For a file read onto the heap it does nothing.
func readPlan(path string) (data []byte, release func(), drop func(start, end int), err error) {
	release, drop = func() {}, func(int, int) {}
	f, err := os.Open(path)
	if err != nil {
		return nil, release, drop, err
	}
	defer func() { _ = f.Close() }() // read-only: the mapping outlives the descriptor
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < mapMin || st.Size() != int64(int(st.Size())) {
		data, err := os.ReadFile(path)
		return data, release, drop, err
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		data, err := os.ReadFile(path)
		return data, release, drop, err
	}
	page := os.Getpagesize()
	drop = func(start, end int) {
		// Whole pages inside the range only: its neighbours may still be read.
		start = (start + page - 1) / page * page
		end = end / page * page
		if start < end && end <= len(data) {
			_ = syscall.Madvise(data[start:end], syscall.MADV_DONTNEED)
		}
	}
	return data, func() { _ = syscall.Munmap(data) }, drop, nil
}
