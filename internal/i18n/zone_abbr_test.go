package i18n

import (
	"testing"
	"time"
)

// TestZoneClockNamesEveryZone: a zone whose time zone data has letters
// keeps them; one that gives only its offset (Bogotá "-05", Kathmandu
// "+0545", São Paulo "-03") is written in CLDR's short GMT format, which
// English and Spanish share (walk14 W14-3: "17:30 -05").
func TestZoneClockNamesEveryZone(t *testing.T) {
	at := time.Date(2027, 3, 15, 22, 30, 0, 0, time.UTC)
	en, es := Load().Lang("en"), Load().Lang("es")
	for _, c := range []struct{ zone, en, es string }{
		{"America/Bogota", "17:30 GMT-5", "17:30 GMT-5"},
		{"America/Sao_Paulo", "19:30 GMT-3", "19:30 GMT-3"},
		{"Asia/Kathmandu", "04:15 GMT+5:45", "04:15 GMT+5:45"},
		{"America/Los_Angeles", "15:30 PDT", "15:30 PDT"},
		{"Europe/Madrid", "23:30 CET", "23:30 CET"},
		{"Asia/Kolkata", "04:00 IST", "04:00 IST"},
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := en.ZoneClock(at.In(loc)); got != c.en {
			t.Errorf("%s in English: %q, want %q", c.zone, got, c.en)
		}
		if got := es.ZoneClock(at.In(loc)); got != c.es {
			t.Errorf("%s in Spanish: %q, want %q", c.zone, got, c.es)
		}
	}
}
