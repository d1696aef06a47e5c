package zones

import (
	"strings"
	"testing"
	"time"
)

// Zones are named as CLDR names them, in English and in Spanish.
func TestLabelsPeopleKnow(t *testing.T) {
	for name, want := range map[string][2]string{
		"America/Los_Angeles": {"Pacific Time (Los Angeles)", "Hora del Pacífico (Los Ángeles)"},
		"America/New_York":    {"Eastern Time (New York)", "Hora oriental (Nueva York)"},
		"America/Phoenix":     {"Mountain Time (Phoenix)", "Hora de la montaña (Phoenix)"},
		"America/Mexico_City": {"Central Time (Mexico City)", "Hora central (Ciudad de México)"},
		"Europe/London":       {"United Kingdom Time (London)", "Hora de Reino Unido (Londres)"},
		"Europe/Berlin":       {"Central European Time (Berlin)", "Hora de Europa central (Berlín)"},
		"Australia/Sydney":    {"Australian Eastern Time (Sydney)", "Hora de Australia oriental (Sídney)"},
		"Asia/Kolkata":        {"India Standard Time (Kolkata)", "Hora de India (Calcuta)"},
		"America/Sao_Paulo":   {"Brasilia Time (São Paulo)", "Hora de Brasilia (São Paulo)"},
		"Asia/Kathmandu":      {"Nepal Time (Kathmandu)", "Hora de Nepal (Katmandú)"},
		"UTC":                 {"Coordinated Universal Time (UTC)", "Hora universal coordinada (UTC)"},
	} {
		if got := Label(name); got != want[0] {
			t.Errorf("Label(%s) = %q, want %q", name, got, want[0])
		}
		if got := LabelIn("es", name); got != want[1] {
			t.Errorf("LabelIn(es, %s) = %q, want %q", name, got, want[1])
		}
	}
	if got := LabelIn("fr", "America/Los_Angeles"); got != "Pacific Time (Los Angeles)" {
		t.Errorf("a language without names reads %q, want English", got)
	}
}

// The Spanish list is in Spanish alphabetical order: "Hora de África…"
// comes before "Hora de Alaska", where byte order would put it last.
func TestSpanishListInSpanishOrder(t *testing.T) {
	pos := map[string]int{}
	for i, z := range AllIn("es") {
		pos[z.Label] = i
	}
	a, b := pos["Hora de África central (Maputo)"], pos["Hora de Alaska (Anchorage)"]
	if a == 0 || b == 0 || a > b {
		t.Errorf("África at %d, Alaska at %d", a, b)
	}
}

func TestParseWhatPeopleType(t *testing.T) {
	for in, want := range map[string]string{
		"Pacific": "America/Los_Angeles", "pst": "America/Los_Angeles", "Pacific Time — Los Angeles": "America/Los_Angeles",
		"Pacific Time (Los Angeles)": "America/Los_Angeles", "Hora del Pacífico (Los Ángeles)": "America/Los_Angeles",
		"hora del pacifico (los angeles)": "America/Los_Angeles", "Los Ángeles": "America/Los_Angeles", "Ciudad de México": "America/Mexico_City",
		"Hora universal coordinada (UTC)": "UTC", "Pacífico": "America/Los_Angeles",
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

// Every zone in the list, in every language, loads, has a label without
// the tz name's underscores, and its label reads back to it.
func TestEveryZoneReadsBack(t *testing.T) {
	var all []Zone
	for _, lang := range []string{"en", "es"} {
		l := AllIn(lang)
		if len(l) < 400 {
			t.Fatalf("only %d zones in %s", len(l), lang)
		}
		all = append(all, l...)
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
	for code, want := range map[string]string{"US": "Estados Unidos", "MX": "México", "GB": "Reino Unido", "PR": "Puerto Rico", "DO": "República Dominicana"} {
		if got := CountryNameIn("es", code); got != want {
			t.Errorf("CountryNameIn(es, %s) = %q, want %q", code, got, want)
		}
		if got, ok := ParseCountry(want); !ok || got != code {
			t.Errorf("ParseCountry(%q) = %q", want, got)
		}
	}
	es := CountriesIn("es")
	if len(es) < 240 || es[0].Name != "Afganistán" {
		t.Errorf("%d countries in Spanish, first %v", len(es), es[0])
	}
	if _, ok := ParseCountry("Atlantis"); ok {
		t.Error("Atlantis is a country")
	}
}

// TestOlderNamesBrowsersReport: Chromium reports some zones by their older
// names, and sign-up keeps what the browser says; they are named and
// placed as the zones they are ("America/Buenos_Aires" was shown as it is,
// with no country).
func TestOlderNamesBrowsersReport(t *testing.T) {
	for _, c := range []struct{ old, lang, label, country string }{
		{"America/Buenos_Aires", "es", "Hora de Argentina (Buenos Aires)", "AR"},
		{"America/Buenos_Aires", "en", "Argentina Time (Buenos Aires)", "AR"},
		{"Asia/Calcutta", "en", Label("Asia/Kolkata"), "IN"},
		{"Europe/Kiev", "es", LabelIn("es", "Europe/Kyiv"), "UA"},
		{"America/Indianapolis", "en", Label("America/Indiana/Indianapolis"), "US"},
	} {
		if got := LabelIn(c.lang, c.old); got != c.label {
			t.Errorf("%s in %s: %q, want %q", c.old, c.lang, got, c.label)
		}
		if got := CountryOf(c.old); got != c.country {
			t.Errorf("%s is in %q, want %q", c.old, got, c.country)
		}
	}
	if got := Label("Not/AZone"); got != "Not/AZone" {
		t.Errorf("an unknown name reads %q", got)
	}
}

// After a clock reading a zone's time is named without its city only where
// the name says which clock it is (walk13 W13-5: a meeting in Mexico City
// read "19:00 Central Time", which a reader in the US takes for
// Chicago's, an hour off from March to November).
func TestTimeNameSaysWhichClock(t *testing.T) {
	for name, want := range map[string][2]string{
		"America/Mexico_City":            {"Central Time (Mexico City)", "Hora central (Ciudad de México)"},
		"America/Chicago":                {"Central Time", "Hora central"},
		"America/Winnipeg":               {"Central Time", "Hora central"},
		"America/Regina":                 {"Central Time (Regina)", "Hora central (Regina)"},
		"America/Los_Angeles":            {"Pacific Time", "Hora del Pacífico"},
		"America/Denver":                 {"Mountain Time", "Hora de la montaña"},
		"America/Phoenix":                {"Mountain Time (Phoenix)", "Hora de la montaña (Phoenix)"},
		"America/New_York":               {"Eastern Time", "Hora oriental"},
		"America/Cancun":                 {"Eastern Time (Cancún)", "Hora oriental (Cancún)"},
		"Europe/Madrid":                  {"Central European Time", "Hora de Europa central"},
		"Africa/Algiers":                 {"Central European Time (Algiers)", "Hora de Europa central (Argel)"},
		"America/Argentina/Buenos_Aires": {"Argentina Time", "Hora de Argentina"},
		"Asia/Kolkata":                   {"India Standard Time", "Hora de India"},
		"Asia/Calcutta":                  {"India Standard Time", "Hora de India"},
		"Australia/Brisbane":             {"Australian Eastern Time (Brisbane)", "Hora de Australia oriental (Brisbane)"},
		"Australia/Sydney":               {"Australian Eastern Time", "Hora de Australia oriental"},
	} {
		for i, lang := range []string{"en", "es"} {
			if got := TimeNameIn(lang, name); got != want[i] {
				t.Errorf("TimeNameIn(%s, %s) = %q, want %q", lang, name, got, want[i])
			}
		}
	}
}
