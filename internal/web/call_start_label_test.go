package web

import (
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// TestCallFormNamesTheClockOfTheDay: the call form's label names the
// reader's clock. Rafael in Los Angeles, on 10 March (PST), may choose 15
// March (PDT): with no day chosen the label names Pacific Time without a
// season, and once a day is typed, that day's abbreviation (walk14 W14-6).
// A zone whose clocks never change keeps its one abbreviation.
func TestCallFormNamesTheClockOfTheDay(t *testing.T) {
	load := func(name string) *time.Location {
		z, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return z
	}
	la, bogota, kolkata := load("America/Los_Angeles"), load("America/Bogota"), load("Asia/Kolkata")
	march10 := time.Date(2027, 3, 10, 18, 0, 0, 0, time.UTC) // 10:00 PST
	cat := i18n.Load()
	for _, c := range []struct {
		lang  string
		zone  *time.Location
		typed string
		want  string
	}{
		{"es", la, "", "Día y hora, Hora del Pacífico (Los Ángeles)"},
		{"en", la, "", "Day and time, Pacific Time (Los Angeles)"},
		{"es", la, "2027-03-15T15:30", "Día y hora en Los Ángeles (PDT)"},
		{"en", la, "2027-03-12T15:30", "Day and time in Los Angeles (PST)"},
		{"en", la, "not a time", "Day and time, Pacific Time (Los Angeles)"},
		{"es", bogota, "", "Día y hora en Bogotá (GMT-5)"},
		{"en", kolkata, "", "Day and time in Kolkata (IST)"},
		{"en", time.UTC, "", "Day and time, Coordinated Universal Time (UTC)"},
	} {
		if got := callStartLabel(cat.Lang(c.lang), c.zone, march10, c.typed); got != c.want {
			t.Errorf("%s, %s, typed %q: %q, want %q", c.lang, c.zone, c.typed, got, c.want)
		}
	}
}
