package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk7: the meeting finder opened on "Later today: 210 meetings", but its
// search form's "When" said "Now": a person who only added "Newport Beach"
// and pressed Show (by keyboard, in the walk) got "Now or within the hour:
// 40 meetings" instead of the later-today meetings they were reading. The
// form now shows the search the results are of, in English and Spanish,
// and adding a place keeps it.
func TestBrowserFinderFormShowsTheSearchShown(t *testing.T) {
	base, a, _ := startServerOpts(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	importOC(t, a)
	st := steps{t}
	for _, c := range []struct{ lang, later, shot string }{{"en", "Later today: ", "finder-when-en.png"}, {"es", "Más tarde hoy: ", "finder-when-es.png"}} {
		tab, done := phone(t, chromium(t))
		defer done()
		st.do(tab, "Los Angeles", inZone("America/Los_Angeles"))
		if c.lang == "es" {
			st.do(tab, "Spanish", chromedp.Navigate(base+"/"), chromedp.SetValue(css(`#f-lang`), "es"), chromedp.Click(css(`form.lang-switch button`)),
				chromedp.WaitVisible(css(`html[lang=es]`)))
		}
		st.do(tab, "the finder", chromedp.Navigate(base+"/meetings"))
		st.until(tab, "the finder in Pacific time", `document.cookie.includes("kinship_tz=") && !document.querySelector('[data-zone-unknown]') && !!document.querySelector('#res-h')`)
		if h := st.text(tab, `#res-h`); !strings.HasPrefix(h, c.later) {
			t.Fatalf("%s: the finder opens on %q", c.lang, h)
		}
		if v := eval[string](t, tab, "when", `document.querySelector('#f-when').value`); v != "today" {
			t.Errorf("%s: the results are later today's and the form's When is %q", c.lang, v)
		}
		st.do(tab, "add a place", chromedp.Click(css(`details.finder-form summary`)), chromedp.SendKeys(css(`#f-near`), "Newport Beach"),
			submitAndWait(`form.finder button[type=submit]`))
		if h := st.text(tab, `#res-h`); !strings.HasPrefix(h, c.later) {
			t.Errorf("%s: with a place added the results read %q, want %q still", c.lang, h, c.later)
		}
		shot(t, tab, c.shot)
	}
}

// inZone makes the tab's browser live in zone, as the person's phone does.
func inZone(zone string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	})
}
