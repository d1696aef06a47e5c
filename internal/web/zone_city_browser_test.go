package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserMeetingZoneNamesItsCity walks walk13's W13-5: Marisol's
// group meets on Wednesdays at 19:00 in Mexico City. Tomás, in Phoenix,
// read "Every week on Wednesday at 19:00 Central Time" on the group page,
// each date's "(… 19:00 Central Time where it meets)" and home's "(19:00
// Central Time)": for a reader in the US, Central Time is Chicago's, an
// hour off from March to November. On a phone, in English and Spanish,
// each names the city, as the hint above the dates does.
func TestBrowserMeetingZoneNamesItsCity(t *testing.T) {
	monday := time.Date(2026, 12, 7, 17, 0, 0, 0, time.UTC)
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return monday }})
	g, asFay := facilitatedGroup(t, a, "Círculo de los miércoles", "Nos reunimos los miércoles.")
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Círculo", StartLocal: "2026-12-09T19:00",
		TimeZone: "America/Mexico_City", DurationMinutes: 90, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"wed"}}}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	for _, c := range []struct {
		email, pw, name, country, zone, lang string
		rule, date, home, city               string
	}{
		{"tomas@example.org", "amber meadow trail", "Tomás", "US", "America/Phoenix", "en",
			"Every week on Wednesday at 7:00 pm Central Time (Mexico City)", // in the US: a 12-hour clock
			"Wed 9 Dec, 6:00 pm (Wed 9 Dec, 7:00 pm Central Time (Mexico City) where it meets)",
			"(7:00 pm Central Time (Mexico City))", "Central Time"},
		{"ana@example.org", "cobalt river stone", "Ana", "ES", "Europe/Madrid", "es",
			"Cada semana (miércoles), 19:00 Hora central (Ciudad de México)",
			"jue, 10 dic, 02:00 (mié, 9 dic, 19:00 Hora central (Ciudad de México) donde se reúne)",
			"(19:00 Hora central (Ciudad de México))", "Hora central"},
	} {
		u := account(t, a, c.email, c.pw, c.name, model.RoleMember)
		livesIn(t, a, u, c.country, c.zone, c.lang)
		if _, err := a.JoinGroup(asUser(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
		tab := signedInPhone(t, base, c.email, c.pw)
		// Every time the zone is named without its city is a fault.
		bare := func(page string) bool {
			return strings.Count(page, c.city) != strings.Count(page, c.city+" (")
		}
		st.do(tab, c.lang+" group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#meetings`)))
		page := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
		if !strings.Contains(page, c.rule) || !strings.Contains(page, c.date) || bare(page) {
			t.Errorf("%s's group page reads:\n%s\nwant %q and %q, the zone always with its city", c.name, page, c.rule, c.date)
		}
		shot(t, tab, "zone-city-group-"+c.lang+".png")
		st.do(tab, c.lang+" home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`main h1`)))
		home := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
		if !strings.Contains(home, c.home) || bare(home) {
			t.Errorf("%s's home reads:\n%s\nwant %q", c.name, home, c.home)
		}
		shot(t, tab, "zone-city-home-"+c.lang+".png")
	}
}
