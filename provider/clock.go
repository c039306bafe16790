package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Clock supplies the current time. Resources read it through the provider so that
// acceptance tests can move time between steps, as terraform-provider-time does.
type Clock interface {
	Now() time.Time
}

// realClock is the wall clock used by the released provider.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// dateLayout is the only date format opex accepts: a calendar day, no time of day.
const dateLayout = "2006-01-02"

// today returns the clock's current day at midnight UTC; opex compares dates at day precision.
func today(c Clock) time.Time {
	return c.Now().UTC().Truncate(24 * time.Hour)
}

// parseDate parses a YYYY-MM-DD string as midnight UTC.
func parseDate(s string) (time.Time, error) {
	return time.ParseInLocation(dateLayout, s, time.UTC)
}

// isBefore reports whether the date d (YYYY-MM-DD) lies strictly before the clock's current day.
// An unparseable date reports false; the schema validators reject such values before this runs.
func isBefore(d string, c Clock) bool {
	t, err := parseDate(d)
	if err != nil {
		return false
	}
	return t.Before(today(c))
}

// addDays returns the date d plus n days, formatted YYYY-MM-DD.
func addDays(d string, n int64) (string, error) {
	t, err := parseDate(d)
	if err != nil {
		return "", err
	}
	return t.AddDate(0, 0, int(n)).Format(dateLayout), nil
}

// pastDue reports whether the date held by v lies before the clock's current day. The result is
// unknown while v is unknown (or no clock is configured yet), and false when v is null: a date
// that is not set cannot be missed.
func pastDue(v types.String, c Clock) types.Bool {
	switch {
	case v.IsUnknown() || c == nil:
		return types.BoolUnknown()
	case v.IsNull():
		return types.BoolValue(false)
	default:
		return types.BoolValue(isBefore(v.ValueString(), c))
	}
}
