package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk15 (W15-1): Arjun in Kolkata and Valentina in Santiago made their
// group's private calendar address on a phone. The address came as one
// unbroken line of code that pushed the page to 488 pixels, so the page
// slid sideways, and nothing on it could be tapped to subscribe: it had to
// be selected by hand out of a line wider than the screen. Now the address
// wraps inside the screen, "Subscribe in my calendar app" opens it as
// webcal: (a phone's calendar app offers to subscribe), and a hint says what
// to do where nothing opens; in Spanish too, on the group's page and on
// /groups (every group's meetings). A forged ?feed= of another site's
// address shows nothing to tap.
func TestBrowserCalendarAddressSubscribesOnAPhone(t *testing.T) {
	base, a := startServer(t)
	g, asFay := facilitatedGroup(t, a, "Monday Night Circle", "A peer-led circle for people in recovery.")
	start := a.Now().AddDate(0, 0, 1).Format("2006-01-02")
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Monday meeting", StartLocal: start + "T19:30",
		TimeZone: "Australia/Adelaide", DurationMinutes: 60, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"mon"}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who, email, country, zone, lang, button, hint string
	}{
		{"Arjun", "arjun@example.org", "IN", "Asia/Kolkata", "en", "Subscribe in my calendar app",
			"If nothing opens, copy the address above into your calendar app as a calendar from a URL"},
		{"Valentina", "valentina@example.org", "CL", "America/Santiago", "es", "Suscribirme en mi app de calendario",
			"Si no se abre nada, copia la dirección de arriba en tu app de calendario como un calendario desde una URL"},
	} {
		u := account(t, a, c.email, "walk fifteen pass", c.who, model.RoleMember)
		livesIn(t, a, u, c.country, c.zone, c.lang)
		if _, err := a.JoinGroup(app.WithActor(context.Background(), &app.Actor{User: u}), g.ID, true); err != nil {
			t.Fatal(err)
		}
		ctx := signedInPhone(t, base, c.email, "walk fifteen pass")
		st := steps{t}
		for _, page := range []struct{ name, path, form string }{
			{"group", "/groups/" + g.ID, `#calendar ~ form[action="/calendar-feeds"] button`},
			{"groups", "/groups", `#calendar ~ form[action="/calendar-feeds"] button`},
		} {
			st.do(ctx, c.who+" makes the address on "+page.name, chromedp.Navigate(base+page.path), chromedp.WaitVisible(css(`html[lang="`+c.lang+`"] main h1`)),
				chromedp.Click(css(page.form)), chromedp.WaitVisible(css(`code.address`)))
			addr := st.text(ctx, `code.address`)
			if !strings.HasPrefix(addr, base+"/calendar/") || !strings.HasSuffix(addr, ".ics") {
				t.Fatalf("%s on %s: the address reads %q", c.who, page.name, addr)
			}
			wide := eval[int](t, ctx, "page width", `document.documentElement.scrollWidth`)
			if wide > 390 {
				t.Errorf("%s on %s: the page is %d pixels wide on a 390-pixel phone (it slides sideways)", c.who, page.name, wide)
			}
			link := eval[string](t, ctx, "subscribe link", `(() => { const a = [...document.querySelectorAll('main a')].find(x => x.innerText.trim() === `+"`"+c.button+"`"+`); return a ? a.getAttribute('href') : ''; })()`)
			if want := "webcal://" + strings.TrimPrefix(addr, "http://"); link != want {
				t.Errorf("%s on %s: %q links to %q, want %q", c.who, page.name, c.button, link, want)
			}
			if got := st.text(ctx, `main`); !strings.Contains(got, c.hint) {
				t.Errorf("%s on %s: the page reads:\n%s\nwant the hint %q", c.who, page.name, got, c.hint)
			}
			shot(t, ctx, "calendar-subscribe-"+page.name+"-"+c.lang+".png")
		}
		// Someone else's address in the link is not offered.
		st.do(ctx, c.who+" forged", chromedp.Navigate(base+"/groups/"+g.ID+"?done=feed&feed=https%3A%2F%2Fevil.example%2Fcalendar%2Fx.ics"),
			chromedp.WaitVisible(css(`main h1`)))
		if got := eval[string](t, ctx, "forged", `document.querySelector('main').innerText + [...document.querySelectorAll('main a')].map(a => a.href).join(' ')`); strings.Contains(got, "evil.example") || strings.Contains(got, c.button) {
			t.Errorf("%s: a forged address is offered:\n%s", c.who, got)
		}
	}
}
