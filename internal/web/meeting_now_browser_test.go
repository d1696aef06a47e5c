package web_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserMeetingInProgressSaysWhenItStarted: a meeting's page read
// "Happening now · Next: Tue 8 Dec, 19:00" half an hour into that very
// meeting (walk9 W9-9): the "next" was the one under way. On a phone in Los
// Angeles at 19:30 on Tuesday 8 December, in English and Spanish, the page
// of Orange County's East Bluff meeting (Tuesdays 19:00-20:00) says it is
// happening now and when it started, and next week's again once it is over.
func TestBrowserMeetingInProgressSaysWhenItStarted(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	var now atomic.Pointer[time.Time] // the server's clock, moved from the meeting to after it
	at := func(h, m int) { tm := time.Date(2026, 12, 8, h, m, 0, 0, la); now.Store(&tm) }
	at(19, 30)
	base, a, _ := startServerOpts(t, app.Options{Now: func() time.Time { return *now.Load() }})
	importOC(t, a)
	ctx, done := phone(t, chromium(t))
	defer done()
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Los_Angeles"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	for _, c := range []struct{ lang, during, after, next string }{
		{"en", "Happening now · Started: Tue 8 Dec, 7:00 pm", "Next: Tue 15 Dec, 7:00 pm", "Next:"},
		{"es", "En curso ahora · Empezó: mar, 8 dic, 19:00", "Próxima: mar, 15 dic, 19:00", "Próxima:"},
	} {
		if c.lang == "es" {
			st.do(ctx, "Spanish", chromedp.SetValue(css(`#f-lang`), "es"), chromedp.Click(css(`form.lang-switch button`)),
				chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		at(19, 30)
		st.do(ctx, c.lang+" during", chromedp.Navigate(base+"/meetings/oc/east-bluff-mens-stag"), chromedp.WaitVisible(css(`main p.big`)))
		if got := st.text(ctx, `main p.big`); got != c.during || strings.Contains(got, c.next) {
			t.Errorf("%s: half an hour in, the page reads %q; want %q", c.lang, got, c.during)
		}
		shot(t, ctx, "meeting-in-progress-"+c.lang+".png")
		at(20, 30)
		st.do(ctx, c.lang+" after", chromedp.Navigate(base+"/meetings/oc/east-bluff-mens-stag"), chromedp.WaitVisible(css(`main p.big`)))
		if got := st.text(ctx, `main p.big`); got != c.after {
			t.Errorf("%s: once it is over, the page reads %q; want %q", c.lang, got, c.after)
		}
	}
}
