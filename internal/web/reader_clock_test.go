package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/importer"
)

// W15-4 (walk15): Priya in Adelaide typed her group's first meeting into
// her phone's own 12-hour time input and then read "19:30" everywhere.
// Each reader now reads times on the clock usual where they live, in
// their language (their profile's country), or on the one they chose;
// a visitor on the one their browser's region reads; someone nothing says
// anything about, on 24 hours as before.
func TestTimesOnTheReadersClock(t *testing.T) {
	base, a, term := startServerMail(t)
	g, asFay := facilitatedGroup(t, a, "Monday circle", "We meet after work.")
	adelaide, _ := time.LoadLocation("Australia/Adelaide")
	day := a.Now().In(adelaide).AddDate(0, 0, 1)
	for day.Weekday() != time.Monday {
		day = day.AddDate(0, 0, 1)
	}
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Evening circle", StartLocal: day.Format("2006-01-02") + "T19:30",
		TimeZone: "Australia/Adelaide", DurationMinutes: 60, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"mon"}}}); err != nil {
		t.Fatal(err)
	}
	first := time.Date(day.Year(), day.Month(), day.Day(), 19, 30, 0, 0, adelaide)
	at := func(zone string) time.Time {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		return first.In(loc)
	}
	clock12 := func(t time.Time) string {
		return t.Format("3:04") + map[bool]string{true: " pm", false: " am"}[t.Hour() >= 12]
	}

	for _, c := range []struct {
		who           reader
		want, notWant []string
	}{
		{reader{email: "priya@example.org", name: "Priya", zone: "Australia/Adelaide", country: "AU", lang: "en"},
			[]string{"Every week on Monday at 7:30 pm", ", 7:30 pm"}, []string{"19:30"}},
		{reader{email: "arjun@example.org", name: "Arjun", zone: "Asia/Kolkata", country: "IN", lang: "en"},
			[]string{"Every week on Monday at 7:30 pm", ", " + clock12(at("Asia/Kolkata"))}, []string{"19:30", at("Asia/Kolkata").Format("15:04")}},
		{reader{email: "olly@example.org", name: "Olly", zone: "Europe/London", country: "GB", lang: "en"},
			[]string{"Every week on Monday at 19:30", ", " + at("Europe/London").Format("15:04")}, []string{" pm", " am "}},
		{reader{email: "valentina@example.org", name: "Valentina", zone: "America/Santiago", country: "CL", lang: "es"},
			[]string{"Cada semana (lunes), 19:30", ", " + at("America/Santiago").Format("15:04")}, []string{"p. m.", "a. m."}},
	} {
		text := c.who.groupPage(t, base, term, g.ID)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s (%s) does not read %q:\n%s", c.who.name, c.who.country, w, text)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(text, w) {
				t.Errorf("%s (%s) reads %q:\n%s", c.who.name, c.who.country, w, text)
			}
		}
	}
	if got := at("America/Santiago").Format("15:04"); got != "06:00" {
		t.Logf("Valentina's hour is %s this season", got) // 06:00 in Chile's summer, as walk15 saw it
	}

	// Sam in New York chose 24 hours on his profile: he reads 19:30
	// where others in the US read 7:30 pm.
	sam := signedUp(t, base, term, "sam@example.org", "Sam", "America/New_York", "US")
	if code, _, _ := sam.post("/groups/"+g.ID+"/join", nil); code != http.StatusOK {
		t.Fatalf("Sam joins: %d", code)
	}
	if _, text := sam.get("/groups/" + g.ID); !strings.Contains(text, "Every week on Monday at 7:30 pm") {
		t.Errorf("Sam in the US, as usual there, reads:\n%s", text)
	}
	_, profile := sam.get("/profile")
	if !strings.Contains(profile, "Clock Times on pages, in emails, notifications and reminders are written on this clock.") {
		t.Errorf("the profile page has no clock choice:\n%s", profile)
	}
	_, page, _ := sam.do("GET", "/profile", nil)
	if !strings.Contains(page, `<option value="usual" selected>As usual where I live</option><option value="12">12-hour (7:30 pm)</option><option value="24">24-hour (19:30)</option>`) {
		t.Errorf("the clock choice reads:\n%s", page)
	}
	code, text, where := sam.post("/clock", url.Values{"clock": {"24"}})
	if code != http.StatusOK || where != "/profile" || !strings.Contains(text, "Your clock is saved.") {
		t.Fatalf("Sam chooses 24 hours: %d %s %s", code, where, text)
	}
	if _, page, _ := sam.do("GET", "/profile", nil); !strings.Contains(page, `<option value="24" selected>24-hour (19:30)</option>`) {
		t.Errorf("the choice is not kept:\n%s", readable(page))
	}
	if _, text := sam.get("/groups/" + g.ID); !strings.Contains(text, "Every week on Monday at 19:30") || strings.Contains(text, " pm") {
		t.Errorf("Sam, who chose 24 hours, reads:\n%s", text)
	}
	// A choice that is none of the three is refused, naming what to choose.
	code, text, _ = sam.post("/clock", url.Values{"clock": {"13"}})
	if code != http.StatusBadRequest || !strings.Contains(text, "Choose a clock: usual (as usual where you live), 12 or 24") {
		t.Errorf("a clock of 13: %d %s", code, text)
	}

	// Visitors: the region of their browser's language says, on a
	// meeting's page (Monday 19:30 in Los Angeles, read in its own zone).
	res, err := importer.ParseMeetingGuide(strings.NewReader(`[{"name": "Evening Serenity", "slug": "evening-serenity", "day": 1, "time": "19:30",
		"end_time": "20:30", "conference_url": "https://zoom.us/j/5551234567", "types": ["O", "ONL"]}]`), importer.Options{TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(context.Background(), "feed", res); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ accept, want, notWant string }{
		{"en-US,en;q=0.9", "every Monday, 7:30 pm–8:30 pm", "19:30"},
		{"en-GB,en;q=0.9", "every Monday, 19:30–20:30", " pm"},
		{"en", "every Monday, 19:30–20:30", " pm"},
		{"es-US,es;q=0.9", "cada lunes, 7:30 p. m.–8:30 p. m.", "19:30"},
		{"es-MX,es;q=0.9", "cada lunes, 19:30–20:30", "p. m."},
	} {
		v := newPerson(t, base)
		v.lang = c.accept
		code, text := v.get("/meetings/feed/evening-serenity")
		if code != http.StatusOK || !strings.Contains(text, c.want) || strings.Contains(text, c.notWant) {
			t.Errorf("a visitor asking for %s reads (%d):\n%s", c.accept, code, text)
		}
	}

	// The finder's choices name the evening and the morning on the same clock.
	for _, c := range []struct{ accept, tonight, morning string }{
		{"en-US,en;q=0.9", "Tonight (from 5 pm)", "Tomorrow morning (5 am to noon)"},
		{"en-GB,en;q=0.9", "Tonight (from 17:00)", "Tomorrow morning (05:00 to 12:00)"},
		{"es-US,es;q=0.9", "Esta noche (desde las 5 p. m.)", "Mañana por la mañana (de 5 a. m. al mediodía)"},
		{"es-MX,es;q=0.9", "Esta noche (desde las 17:00)", "Mañana por la mañana (de 5:00 a 12:00)"},
	} {
		v := newPerson(t, base)
		v.lang = c.accept
		code, page, _ := v.do("GET", "/meetings", nil) // the choices are a list's options
		text := html.UnescapeString(page)
		if code != http.StatusOK || !strings.Contains(text, ">"+c.tonight+"</option>") || !strings.Contains(text, ">"+c.morning+"</option>") {
			t.Errorf("a visitor asking for %s reads the finder (%d), want %q and %q:\n%.1500s", c.accept, code, c.tonight, c.morning, text)
		}
	}
}
