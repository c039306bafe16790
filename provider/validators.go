package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezone validation must not depend on the host having a zoneinfo database

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Enumerations shared by several resources and by the readiness checks.
var (
	tierValues      = []string{"critical", "high", "medium", "low"}
	severityValues  = []string{"critical", "high", "medium", "low"}
	focusAreaValues = []string{"organization", "prepare", "operate", "evolve"}
	weekdayValues   = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// dateValidator accepts a real calendar date written YYYY-MM-DD.
type dateValidator struct{}

func (dateValidator) Description(context.Context) string {
	return "value must be a calendar date in the form YYYY-MM-DD"
}

func (v dateValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (dateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if err := checkDate(s); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date",
			fmt.Sprintf("Attribute %s must be a calendar date in the form YYYY-MM-DD, got %q: %s.", req.Path, s, err))
	}
}

// checkDate returns why s is not a YYYY-MM-DD calendar date, or nil.
func checkDate(s string) error {
	// time.Parse accepts some non-padded forms; the strict shape check keeps dates sortable as text.
	if !datePattern.MatchString(s) {
		return fmt.Errorf("expected four-digit year, two-digit month and day")
	}
	if _, err := parseDate(s); err != nil {
		return fmt.Errorf("no such day")
	}
	return nil
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// urlValidator accepts an absolute http or https URL with a host.
type urlValidator struct{}

func (urlValidator) Description(context.Context) string {
	return "value must be an absolute http or https URL"
}

func (v urlValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (urlValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if err := checkURL(s); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("Attribute %s must be an absolute http or https URL, got %q: %s.", req.Path, s, err))
	}
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme must be http or https")
	}
	if u.Host == "" {
		return fmt.Errorf("missing host")
	}
	return nil
}

// timezoneValidator accepts an IANA time zone name such as Europe/Paris, or UTC.
type timezoneValidator struct{}

func (timezoneValidator) Description(context.Context) string {
	return "value must be an IANA time zone name such as `Europe/Paris` or `UTC`"
}

func (v timezoneValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timezoneValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if err := checkTimezone(s); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time zone",
			fmt.Sprintf("Attribute %s must be an IANA time zone name such as Europe/Paris, got %q.", req.Path, s))
	}
}

func checkTimezone(s string) error {
	// LoadLocation treats "" and "Local" as the host's zone, which is not a portable declaration.
	if s == "" || s == "Local" {
		return fmt.Errorf("unknown time zone %q", s)
	}
	_, err := time.LoadLocation(s)
	return err
}

// hoursValidator accepts a daily window "HH:MM-HH:MM" (24-hour clock). The end may be earlier
// than the start for a window that runs past midnight, but the two may not be equal.
type hoursValidator struct{}

func (hoursValidator) Description(context.Context) string {
	return "value must be a daily window `HH:MM-HH:MM` on the 24-hour clock"
}

func (v hoursValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (hoursValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if _, _, err := parseHours(s); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid hours",
			fmt.Sprintf("Attribute %s must be a daily window HH:MM-HH:MM, got %q: %s.", req.Path, s, err))
	}
}

// parseHours returns the start and end of a "HH:MM-HH:MM" window as minutes after midnight.
func parseHours(s string) (start, end int, err error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("expected a start and an end separated by '-'")
	}
	if start, err = parseClock(from); err != nil {
		return 0, 0, fmt.Errorf("start: %w", err)
	}
	if end, err = parseClock(to); err != nil {
		return 0, 0, fmt.Errorf("end: %w", err)
	}
	if start == end {
		return 0, 0, fmt.Errorf("start and end are equal; omit the schedule to run all day")
	}
	return start, end, nil
}

var clockPattern = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)$`)

func parseClock(s string) (int, error) {
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a time HH:MM between 00:00 and 23:59", s)
	}
	return int(m[1][0]-'0')*600 + int(m[1][1]-'0')*60 + int(m[2][0]-'0')*10 + int(m[2][1]-'0'), nil
}
