package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk10 W10-2 and W10-3: Marisol, in Mexico City, reads Kinship in
// Spanish; her mentor Daniel's profile says he/him. On Tuesday night she
// checked in and said she used. The box that answered read "Escríbele a
// Daniel, tu mentor o mentora", where every other page says "Daniel, tu
// mentor"; and just above the form her recovery time still read "18 días y
// sumando", with nothing saying that her answer had not changed it, or
// where to count the day as a setback if she wished (the form is at the
// page's foot). Now the box names her mentor by his pronouns, says her
// check-in leaves her recovery time as it was, and links to the setback
// form, its date set to her day; in English and in Spanish (here the
// mentor is readyMentor's Mia, the mentee its Eli).
func TestCheckinAfterUsingNamesTheMentorAndOffersTheSetbackForm(t *testing.T) {
	// Tue 8 Dec, 22:00 in Mexico City: Wednesday already in UTC.
	at := time.Date(2026, 12, 9, 4, 0, 0, 0, time.UTC)
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return at }})
	mentor, mentee, _ := readyMentor(t, a)
	livesIn(t, a, mentee, "MX", "America/Mexico_City", "es")
	if _, err := a.UpdateMe(asUser(mentee), func(p *model.Profile) { p.RecoveryStart = "2026-11-20" }); err != nil {
		t.Fatal(err)
	}
	m, err := a.RequestMentor(asUser(mentee), mentor.ID, "Hola Daniel")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeMentorship(asUser(mentor), m.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	p := newPerson(t, base)
	if code, _, _ := p.post("/login", url.Values{"email": {"eli@example.org"}, "password": {"cobalt river stone"}}); code != http.StatusOK {
		t.Fatalf("Eli signs in: %d", code)
	}
	if code, _, _ := p.post("/checkin", url.Values{"mood": {"2"}, "craving": {"8"}, "used": {"true"}}); code != http.StatusOK {
		t.Fatalf("the check-in: %d", code)
	}
	dateField := regexp.MustCompile(`<input[^>]*id="f-date"[^>]*>`)
	for _, c := range []struct{ lang, pronouns, mentor, unsaid, time, link string }{
		{"es", "he/him", "Escríbele a Mia, tu mentor", "tu mentor o mentora", "Tu registro deja tu tiempo en recuperación como estaba.",
			"Si quieres contar este día como un tropiezo, regístralo más abajo."},
		{"es", "ella", "Escríbele a Mia, tu mentora", "tu mentor o mentora", "Tu registro deja tu tiempo en recuperación como estaba.",
			"Si quieres contar este día como un tropiezo, regístralo más abajo."},
		{"en", "he/him", "Write to your mentor, Mia", "", "Your check-in leaves your recovery time as it was.",
			"If you want to count this day as a setback, record it below."},
	} {
		if err := a.SetLanguage(asUser(mentee), c.lang); err != nil {
			t.Fatal(err)
		}
		if _, err := a.UpdateMe(asUser(mentor), func(p *model.Profile) { p.Pronouns = c.pronouns }); err != nil {
			t.Fatal(err)
		}
		_, page, _ := p.do("GET", "/checkin?done=new", nil)
		start := strings.Index(page, `id="reach-out"`)
		if start < 0 {
			t.Fatalf("%s: no reach-out box after a check-in that says she used:\n%s", c.lang, readable(page))
		}
		box := readable(page[start:][:strings.Index(page[start:], "</section>")])
		if !strings.Contains(box, c.mentor) || (c.unsaid != "" && strings.Contains(box, c.unsaid)) {
			t.Errorf("%s, mentor %s: the box does not read %q:\n%s", c.lang, c.pronouns, c.mentor, box)
		}
		if !strings.Contains(box, c.time+" "+c.link) || !strings.Contains(page, `<a href="#dates-h">`+c.link+`</a>`) {
			t.Errorf("%s: the box does not say %q and link %q to the setback form:\n%s", c.lang, c.time, c.link, box)
		}
		if f := dateField.FindString(page); !strings.Contains(f, `value="2026-12-08"`) {
			t.Errorf("%s: the setback form is not set to her day, Tuesday 8 December: %s", c.lang, f)
		}
	}
	// Later, the page as it is any day: no box, and the setback form empty.
	_, page, _ := p.do("GET", "/checkin", nil)
	if strings.Contains(page, `id="reach-setback"`) || strings.Contains(dateField.FindString(page), `value="2026`) {
		t.Errorf("the suggestion stays after the moment:\n%s", readable(page))
	}
}
