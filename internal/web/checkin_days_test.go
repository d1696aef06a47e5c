package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// walk10 W10-12 (and walk8 W8-5): in "Las últimas dos semanas" each day's
// card read "8 de diciembre de 2026", on three lines of a phone's card.
// Now a day reads short, "mar, 8 dic" ("Tue 8 Dec"), her own day (here a
// Tuesday night in Mexico City, already Wednesday in UTC), and a screen
// reader reads it whole, "martes, 8 de diciembre de 2026", not the
// abbreviations.
func TestTheTwoWeeksTableWritesEachDayShortAndWholeForAScreenReader(t *testing.T) {
	// Tue 8 Dec, 22:00 in Mexico City.
	at := time.Date(2026, 12, 9, 4, 0, 0, 0, time.UTC)
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return at }})
	_, eli, _ := readyMentor(t, a)
	p := newPerson(t, base)
	if code, _, _ := p.post("/login", url.Values{"email": {"eli@example.org"}, "password": {"cobalt river stone"}}); code != http.StatusOK {
		t.Fatalf("Eli signs in: %d", code)
	}
	for _, c := range []struct{ lang, short, whole string }{
		{"es", "mar, 8 dic", "martes, 8 de diciembre de 2026"},
		{"en", "Tue 8 Dec", "Tuesday 8 December 2026"},
	} {
		livesIn(t, a, eli, "MX", "America/Mexico_City", c.lang)
		if code, _, _ := p.post("/checkin", url.Values{"mood": {"4"}, "craving": {"2"}, "used": {"false"}}); code != http.StatusOK {
			t.Fatalf("%s: the check-in: %d", c.lang, code)
		}
		_, page, _ := p.do("GET", "/checkin", nil)
		i := strings.Index(page, `id="recent-h"`)
		if i < 0 {
			t.Fatalf("%s: no recent check-ins:\n%s", c.lang, readable(page))
		}
		table := page[i:]
		table = table[:strings.Index(table, "</table>")]
		want := `<td role="cell" class="day"><time datetime="2026-12-08"><span aria-hidden="true">` + c.short +
			`</span><span class="visually-hidden">` + c.whole + `</span></time></td>`
		if !strings.Contains(table, want) {
			t.Errorf("%s: the day's cell is not %s:\n%s", c.lang, want, table)
		}
	}
}
