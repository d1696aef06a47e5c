package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserMeetingZoneInWords: a group meets on Tuesdays and Thursdays at
// 19:00 in New York; Jo's phone is in Chicago. The group page said "Every
// week on Tuesday and Thursday at 19:00 America/New_York" and home "(19:00
// America/New_York)", the tz database's name, in Spanish too, where the
// lines around them say "Eastern Time (New York)". On a phone, in English
// and Spanish, both name the zone as people say it.
func TestBrowserMeetingZoneInWords(t *testing.T) {
	base, a := startServer(t)
	g, asFay := facilitatedGroup(t, a, "Parents in recovery", "A weekly circle for parents.")
	start := a.Now().AddDate(0, 0, 1).Format("2006-01-02")
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Parents circle", StartLocal: start + "T19:00",
		TimeZone: "America/New_York", DurationMinutes: 90, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"tue", "thu"}}}); err != nil {
		t.Fatal(err)
	}
	jo := account(t, a, "jo@example.org", "willow creek morning", "Jo", model.RoleMember)
	if _, err := a.JoinGroup(app.WithActor(context.Background(), &app.Actor{User: jo}), g.ID, true); err != nil {
		t.Fatal(err)
	}
	ctx, done := phone(t, chromium(t))
	defer done()
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Chicago"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	st.signIn(ctx, base, "jo@example.org", "willow creek morning")
	for _, c := range []struct{ lang, rule, home string }{
		{"en", "Every week on Tuesday and Thursday at 7:00 pm Eastern Time", "(7:00 pm Eastern Time)"},
		{"es", "Cada semana (martes y jueves), 7:00 p. m. Hora oriental", "(7:00 p. m. Hora oriental)"},
	} {
		if c.lang == "es" {
			st.do(ctx, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(ctx, c.lang+" group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#meetings`)))
		page := st.text(ctx, `main`)
		if !strings.Contains(page, c.rule) || strings.Contains(page, "America/") {
			t.Errorf("%s: the group page reads:\n%s\nwant %q and no tz database name", c.lang, page, c.rule)
		}
		shot(t, ctx, "group-meeting-zone-"+c.lang+".png")
		st.do(ctx, c.lang+" home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`main h1`)))
		home := st.text(ctx, `main`)
		if !strings.Contains(home, c.home) || strings.Contains(home, "America/") {
			t.Errorf("%s: home reads:\n%s\nwant %q and no tz database name", c.lang, home, c.home)
		}
	}
}
