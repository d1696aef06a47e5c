package i18n

import (
	"testing"
	"time"
)

// A reader's clock follows their country, their choice and their
// browser's region; a reader nothing says anything about reads 24 hours.
func TestReaderClock(t *testing.T) {
	Load()
	at := func(h, m int) time.Time { return time.Date(2027, 3, 22, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		lang, choice, region string
		t                    time.Time
		want                 string
	}{
		{"en", "", "AU", at(19, 30), "7:30 pm"},   // Priya, Adelaide
		{"en", "", "IN", at(14, 30), "2:30 pm"},   // Arjun, Kolkata
		{"en", "", "US", at(12, 0), "12:00 pm"},   // noon
		{"en", "", "US", at(0, 30), "12:30 am"},   // after midnight
		{"en", "", "CA", at(9, 5), "9:05 am"},     //
		{"en", "", "GB", at(19, 30), "19:30"},     // a UK reader
		{"en", "", "IE", at(19, 30), "19:30"},     //
		{"en", "", "", at(19, 30), "19:30"},       // no country: as before
		{"en", "", "FR", at(19, 30), "19:30"},     // no English locale of its own
		{"en", "24", "US", at(19, 30), "19:30"},   // chose 24 hours in the US
		{"en", "12", "GB", at(19, 30), "7:30 pm"}, // chose 12 hours in the UK
		{"es", "", "CL", at(6, 0), "06:00"},       // Valentina, Santiago
		{"es", "", "ES", at(19, 30), "19:30"},     //
		{"es", "", "US", at(19, 30), "7:30 p. m."},
		{"es", "12", "", at(9, 0), "9:00 a. m."},
		{"es", "", "AU", at(19, 30), "19:30"}, // Spanish in Australia: Spanish's own
	} {
		if got := For(c.lang).Reader(c.choice, c.region).Clock(c.t); got != c.want {
			t.Errorf("%s reader choosing %q in %q reads %q, want %q", c.lang, c.choice, c.region, got, c.want)
		}
	}
	l := For("en").Reader("", "AU")
	if got, want := l.When(at(19, 30), time.UTC, at(0, 0)), "Mon 22 Mar, 7:30 pm"; got != want {
		t.Errorf("When = %q, want %q", got, want)
	}
	if For("en").Key() != "en" || l.Key() != "en_h12" || Load().ByKey("en_h12") != l || Load().ByKey("en") != For("en") {
		t.Errorf("keys: %q %q", For("en").Key(), l.Key())
	}
	if l.InRegion("").Hour12() || l.InRegion("GB").Hour12() {
		t.Error("InRegion keeps the clock of another region")
	}
}

func TestAcceptRegion(t *testing.T) {
	for h, want := range map[string]string{
		"en-US,en;q=0.9":             "US",
		"en":                         "",
		"es-CL,es;q=0.9,en-AU;q=0.8": "CL",
		"fr-FR, en-IN;q=0.5":         "IN",
		"en-Latn-GB":                 "GB",
		"":                           "",
	} {
		code := "en"
		if h == "es-CL,es;q=0.9,en-AU;q=0.8" {
			if got := AcceptRegion(h, "es"); got != want {
				t.Errorf("AcceptRegion(%q, es) = %q, want %q", h, got, want)
			}
			want = "AU"
		}
		if got := AcceptRegion(h, code); got != want {
			t.Errorf("AcceptRegion(%q) = %q, want %q", h, got, want)
		}
	}
}
