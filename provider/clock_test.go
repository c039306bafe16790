package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestPastDue(t *testing.T) {
	// Late in the evening west of UTC it is already the next day in UTC: dates compare in UTC.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	clock := newTestClock(time.Date(2026, 3, 9, 21, 0, 0, 0, ny)) // 2026-03-10 01:00 UTC
	for _, tc := range []struct {
		due  types.String
		want types.Bool
	}{
		{types.StringValue("2026-03-09"), types.BoolValue(true)},
		{types.StringValue("2026-03-10"), types.BoolValue(false)}, // due today is not yet overdue
		{types.StringValue("2026-03-11"), types.BoolValue(false)},
		{types.StringNull(), types.BoolValue(false)},
		{types.StringUnknown(), types.BoolUnknown()},
	} {
		if got := pastDue(tc.due, clock); !got.Equal(tc.want) {
			t.Errorf("pastDue(%s) = %s, want %s", tc.due, got, tc.want)
		}
	}
	if got := pastDue(types.StringValue("2026-03-09"), nil); !got.IsUnknown() {
		t.Errorf("pastDue without a clock = %s, want unknown", got)
	}
}

func TestRunbookReview(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-03-04"))
	for _, tc := range []struct {
		last     types.String
		interval types.Int64
		next     types.String
		overdue  types.Bool
	}{
		{types.StringValue("2026-02-01"), types.Int64Value(30), types.StringValue("2026-03-03"), types.BoolValue(true)},
		{types.StringValue("2026-02-02"), types.Int64Value(30), types.StringValue("2026-03-04"), types.BoolValue(false)},
		{types.StringValue("2024-12-31"), types.Int64Value(60), types.StringValue("2025-03-01"), types.BoolValue(true)},
		{types.StringValue("2025-12-15"), types.Int64Null(), types.StringValue("2026-03-15"), types.BoolValue(false)},
		{types.StringNull(), types.Int64Value(30), types.StringNull(), types.BoolValue(true)},
		{types.StringUnknown(), types.Int64Value(30), types.StringUnknown(), types.BoolUnknown()},
		{types.StringValue("2026-02-01"), types.Int64Unknown(), types.StringUnknown(), types.BoolUnknown()},
	} {
		next, overdue := runbookReview(tc.last, tc.interval, clock)
		if !next.Equal(tc.next) || !overdue.Equal(tc.overdue) {
			t.Errorf("runbookReview(%s, %s) = %s, %s; want %s, %s", tc.last, tc.interval, next, overdue, tc.next, tc.overdue)
		}
	}
}

func TestImprovementOverdue(t *testing.T) {
	clock := newTestClock(testDate(t, "2026-05-01"))
	past := types.StringValue("2026-04-30")
	if got := improvementOverdue(types.StringValue("in_progress"), past, clock); !got.Equal(types.BoolValue(true)) {
		t.Errorf("in progress past due = %s, want true", got)
	}
	if got := improvementOverdue(types.StringValue("done"), past, clock); !got.Equal(types.BoolValue(false)) {
		t.Errorf("done past due = %s, want false", got)
	}
	if got := improvementOverdue(types.StringUnknown(), past, clock); !got.IsUnknown() {
		t.Errorf("unknown status = %s, want unknown", got)
	}
}

func TestTestClock(t *testing.T) {
	c := newTestClock(testDate(t, "2026-01-31"))
	c.Add(24 * time.Hour)
	if got := today(c).Format(dateLayout); got != "2026-02-01" {
		t.Fatalf("after Add: %s", got)
	}
	c.Set(testDate(t, "2027-01-01"))
	if got := today(c).Format(dateLayout); got != "2027-01-01" {
		t.Fatalf("after Set: %s", got)
	}
}
