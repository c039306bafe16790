package lint

import (
	"context"
	"os"
	"testing"
)

// Temporary (helper H9): profiles one run on a big plan named by H9_PLAN. Skipped otherwise.
func TestH9Profile(t *testing.T) {
	plan := os.Getenv("H9_PLAN")
	if plan == "" {
		t.Skip("H9_PLAN not set")
	}
	if _, err := Run(context.Background(), Options{Path: plan, Dir: os.Getenv("H9_DIR"), Timeout: 1 << 40}); err != nil {
		t.Fatal(err)
	}
}
