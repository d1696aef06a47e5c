package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// walk7: on Fay's phone, her group's meeting dates were squeezed beside
// their actions (Going, Can't make it, Cancel this date, Move this date)
// to one word a line: "Tue 8 / Dec, / 19:00" ("mar, 8 / dic, / 19:00").
// Each date keeps a line of its own now, its actions below, in English
// and Spanish at 390 px.
func TestBrowserMeetingDatesKeepALineOnAPhone(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", "site_admin")
	g, asFay, secret := faysGroupMFA(t, a, "Parents in recovery", "A weekly circle for parents.")
	next := a.Now().AddDate(0, 0, 2)
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Evening circle", StartLocal: next.Format("2006-01-02") + "T19:00",
		TimeZone: "UTC", DurationMinutes: 60, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{strings.ToLower(next.Weekday().String()[:3])}}}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(tab, secret)
	for _, lang := range []string{"en", "es"} {
		if lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, lang+" group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`.sessions.dates li`)))
		lines := eval[float64](t, tab, "the date's lines", `(() => { const s = document.querySelector('.sessions.dates li > span');
			return s.getBoundingClientRect().height / (parseFloat(getComputedStyle(s).fontSize) * 1.5); })()`)
		if lines > 1.2 {
			t.Errorf("%s: the first date takes %.1f lines: %q", lang, lines, st.text(tab, `.sessions.dates li > span`))
		}
		shot(t, tab, "meeting-dates-"+lang+".png")
	}
}
