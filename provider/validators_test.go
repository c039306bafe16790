package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runString runs a string validator on v at attribute path "attr" and returns the error details.
func runString(v validator.String, value types.String) string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("attr"), ConfigValue: value}, resp)
	var details []string
	for _, d := range resp.Diagnostics.Errors() {
		details = append(details, d.Detail())
	}
	return strings.Join(details, "\n")
}

func TestStringValidators(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     validator.String
		value types.String
		want  string // substring of the error; "" for valid
	}{
		{"date ok", dateValidator{}, types.StringValue("2024-02-29"), ""},
		{"date not leap", dateValidator{}, types.StringValue("2026-02-29"), "no such day"},
		{"date month 13", dateValidator{}, types.StringValue("2026-13-01"), "no such day"},
		{"date unpadded", dateValidator{}, types.StringValue("2026-3-1"), "four-digit year"},
		{"date with time", dateValidator{}, types.StringValue("2026-03-01T00:00:00Z"), "four-digit year"},
		{"date names path", dateValidator{}, types.StringValue("soon"), "Attribute attr must be a calendar date"},
		{"date null", dateValidator{}, types.StringNull(), ""},
		{"date unknown", dateValidator{}, types.StringUnknown(), ""},
		{"url https", urlValidator{}, types.StringValue("https://wiki.example.com/a?b=c"), ""},
		{"url http", urlValidator{}, types.StringValue("http://localhost:8080/x"), ""},
		{"url ftp", urlValidator{}, types.StringValue("ftp://example.com"), "scheme must be http or https"},
		{"url relative", urlValidator{}, types.StringValue("/runbooks/db"), "scheme must be http or https"},
		{"url no host", urlValidator{}, types.StringValue("https:///x"), "missing host"},
		{"url unparseable", urlValidator{}, types.StringValue("https://exa mple.com/%zz"), "not a URL"},
		{"tz ok", timezoneValidator{}, types.StringValue("America/Argentina/Buenos_Aires"), ""},
		{"tz utc", timezoneValidator{}, types.StringValue("UTC"), ""},
		{"tz bad", timezoneValidator{}, types.StringValue("Europe/Atlantis"), "IANA time zone"},
		{"tz local", timezoneValidator{}, types.StringValue("Local"), "IANA time zone"},
		{"tz empty", timezoneValidator{}, types.StringValue(""), "IANA time zone"},
		{"hours ok", hoursValidator{}, types.StringValue("08:00-19:30"), ""},
		{"hours overnight", hoursValidator{}, types.StringValue("22:00-06:00"), ""},
		{"hours equal", hoursValidator{}, types.StringValue("08:00-08:00"), "equal"},
		{"hours 24", hoursValidator{}, types.StringValue("08:00-24:00"), "end"},
		{"hours single digit", hoursValidator{}, types.StringValue("8:00-19:00"), "start"},
		{"hours no dash", hoursValidator{}, types.StringValue("08:00 19:00"), "separated by '-'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := runString(tc.v, tc.value)
			if tc.want == "" && got != "" {
				t.Fatalf("unexpected error: %s", got)
			}
			if tc.want != "" && !strings.Contains(got, tc.want) {
				t.Fatalf("error %q does not contain %q", got, tc.want)
			}
		})
	}
}

func TestParseHours(t *testing.T) {
	start, end, err := parseHours("07:05-23:59")
	if err != nil || start != 7*60+5 || end != 23*60+59 {
		t.Fatalf("parseHours = %d, %d, %v; want 425, 1439, nil", start, end, err)
	}
}
