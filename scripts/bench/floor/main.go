// Command floor is the lower bound opexlint is measured against (issue 6):
// read a plan JSON file and decode it with encoding/json into map[string]any,
// nothing else. It prints the number of resource_changes so the work cannot
// be skipped and the benchmark can check it read the right file.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor PLAN.json")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "floor: %v\n", err)
		os.Exit(2)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		fmt.Fprintf(os.Stderr, "floor: %s: %v\n", os.Args[1], err)
		os.Exit(2)
	}
	rcs, _ := doc["resource_changes"].([]any)
	fmt.Println(len(rcs))
}
