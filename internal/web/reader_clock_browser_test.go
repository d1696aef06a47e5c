package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserTimesOnTheReadersClock walks walk15's W15-4 on a phone:
// Priya in Adelaide and Arjun in Kolkata read their group's Monday
// meeting, on the group page and at home, on the 12-hour clock usual
// where they live in English; Priya then chooses 24 hours on her profile
// and reads 19:30.
func TestBrowserTimesOnTheReadersClock(t *testing.T) {
	sunday := time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC) // Monday morning in Adelaide
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return sunday }})
	g, asFay := facilitatedGroup(t, a, "Monday circle", "We meet after work.")
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Evening circle", StartLocal: "2026-12-07T19:30",
		TimeZone: "Australia/Adelaide", DurationMinutes: 60, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"mon"}}}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	for _, c := range []struct {
		email, pw, name, country, zone string
		rule, date, home               string
	}{
		// 19:30 in Adelaide (ACDT, UTC+10:30) is 14:30 in Kolkata (UTC+5:30).
		{"priya@example.org", "amber meadow trail", "Priya", "AU", "Australia/Adelaide",
			"Every week on Monday at 7:30 pm Australian Central Time", "Mon 7 Dec, 7:30 pm", "Today, 7:30 pm"},
		{"arjun@example.org", "cobalt river stone", "Arjun", "IN", "Asia/Kolkata",
			"Every week on Monday at 7:30 pm Australian Central Time", "Mon 7 Dec, 2:30 pm", "2:30 pm"},
	} {
		u := account(t, a, c.email, c.pw, c.name, model.RoleMember)
		livesIn(t, a, u, c.country, c.zone, "en")
		if _, err := a.JoinGroup(asUser(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.name+" group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#meetings`)))
		page := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
		if !strings.Contains(page, c.rule) || !strings.Contains(page, c.date) || strings.Contains(page, "19:30") || strings.Contains(page, "14:30") {
			t.Errorf("%s's group page reads:\n%s\nwant %q and %q, and no 24-hour time", c.name, page, c.rule, c.date)
		}
		shot(t, tab, "clock-group-"+strings.ToLower(c.name)+".png")
		st.do(tab, c.name+" home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`main h1`)))
		home := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
		if !strings.Contains(home, c.home) || strings.Contains(home, "19:30") || strings.Contains(home, "14:30") {
			t.Errorf("%s's home reads:\n%s\nwant %q", c.name, home, c.home)
		}
		shot(t, tab, "clock-home-"+strings.ToLower(c.name)+".png")
		if c.name != "Priya" {
			continue
		}
		st.do(tab, "Priya's profile", chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(css(`#f-clock`)))
		if got := chosenClock(t, tab); got != "As usual where I live" {
			t.Errorf("Priya's clock reads %q", got)
		}
		shot(t, tab, "clock-profile-usual.png")
		st.do(tab, "Priya chooses 24 hours", chromedp.SetValue(css(`#f-clock`), "24"), chromedp.Click(css(`form[action="/clock"] button`)),
			chromedp.WaitVisible(css(`.notice`)))
		if got := chosenClock(t, tab); got != "24-hour (19:30)" {
			t.Errorf("after choosing, Priya's clock reads %q", got)
		}
		shot(t, tab, "clock-profile-24.png")
		st.do(tab, "Priya's group on 24 hours", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#meetings`)))
		if page := strings.Join(strings.Fields(st.text(tab, `main`)), " "); !strings.Contains(page, "Every week on Monday at 19:30 Australian Central Time") || strings.Contains(page, " pm") {
			t.Errorf("Priya on 24 hours reads:\n%s", page)
		}
		shot(t, tab, "clock-group-priya-24.png")
	}
}

// chosenClock is the words of the clock chosen on the profile page.
func chosenClock(t *testing.T, tab context.Context) string {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('#f-clock').selectedOptions[0].textContent`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
