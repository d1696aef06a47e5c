package zones

import (
	"strings"
	"testing"
	"time"
)

func TestLabelsPeopleKnow(t *testing.T) {
	for name, want := range map[string]string{
		"America/Los_Angeles": "Pacific Time — Los Angeles",
		"America/New_York":    "Eastern Time — New York",
		"America/Phoenix":     "Mountain Time — Phoenix",
		"Europe/London":       "UK Time — London",
		"Europe/Berlin":       "Central European Time — Berlin",
		"Australia/Sydney":    "Australian Eastern Time — Sydney",
		"Asia/Kolkata":        "India Time — Kolkata",
		"America/Sao_Paulo":   "UTC−03:00 — Sao Paulo",
		"Asia/Kathmandu":      "UTC+05:45 — Kathmandu",
	} {
		if got := Label(name); got != want {
			t.Errorf("Label(%s) = %q, want %q", name, got, want)
		}
	}
}

func TestParseWhatPeopleType(t *testing.T) {
	for in, want := range map[string]string{
		"Pacific": "America/Los_Angeles", "pst": "America/Los_Angeles", "Pacific Time — Los Angeles": "America/Los_Angeles",
		"Pacific Time - Los Angeles": "America/Los_Angeles", "los angeles": "America/Los_Angeles", "America/Los_Angeles": "America/Los_Angeles",
		"Eastern": "America/New_York", "EST": "America/New_York", "US/Pacific": "US/Pacific", "UTC": "UTC", " Chicago ": "America/Chicago",
	} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus", "Nowhere"} {
		if got, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) = %q, want refusal", bad, got)
		}
	}
}

// Every zone in the list loads, has a label without the tz name's
// underscores, and its label reads back to it.
func TestEveryZoneReadsBack(t *testing.T) {
	all := All()
	if len(all) < 400 {
		t.Fatalf("only %d zones", len(all))
	}
	for _, z := range all {
		if _, err := time.LoadLocation(z.Name); err != nil {
			t.Errorf("%s: %v", z.Name, err)
		}
		if strings.Contains(z.Label, "_") {
			t.Errorf("%s: label %q", z.Name, z.Label)
		}
		if got, ok := Parse(z.Label); !ok || got != z.Name {
			t.Errorf("Parse(Label(%s)) = %q", z.Name, got)
		}
	}
}

func TestCountries(t *testing.T) {
	if CountryOf("America/Los_Angeles") != "US" || CountryOf("Europe/London") != "GB" || CountryName("us") != "United States" {
		t.Error("country of a zone or name of a code")
	}
	for in, want := range map[string]string{"us": "US", "United Kingdom": "GB", "UK": "GB", "Canada": "CA"} {
		if got, ok := ParseCountry(in); !ok || got != want {
			t.Errorf("ParseCountry(%q) = %q", in, got)
		}
	}
	if _, ok := ParseCountry("Atlantis"); ok {
		t.Error("Atlantis is a country")
	}
}
