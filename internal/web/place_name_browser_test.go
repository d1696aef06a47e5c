package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// walk15 (W15-2): a visitor near Newport Beach read, in the Orange County
// feed's meetings, "32142 Alipaz St, 32142 Alipaz St, San Juan Capistrano,
// CA 92675, USA", "2110 E. First St, 2110 E 1st St, Santa Ana" and "4421 E
// La Palma Ave, Anaheim, CA 92807, USA, 4421 E La Palma Ave, Anaheim…":
// the feed's place name is only its address, or the street it begins with. On a
// phone, in English and Spanish, the finder and the meeting's page say the
// street once; a place name that says more than the street ("23401 El Toro
// Rd. Bldg. 101", a building) and a real name (Grace Harbor Church) stay.
func TestBrowserPlaceNameIsNotTheStreetAgain(t *testing.T) {
	exe := chromium(t)
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	importOC(t, a)
	type css = chromedp.CSS
	st := steps{t}
	for _, lang := range []string{"en", "es"} {
		ctx, done := phoneAccepting(t, exe, lang+"-US,"+lang)
		for _, c := range []struct{ q, want, not string }{
			{"Grupo San Juan", "32142 Alipaz St, San Juan Capistrano, CA 92675, USA", "Alipaz St, 32142"},
			{"Amor Y Fe", "13287 Harbor Blvd, Garden Grove, CA 92843, USA", "Harbor Blvd., 13287"},
			{"Centro America", "215 W First St, Tustin, CA 92780, USA", "First St, 215"},
			{"Grupo Sur De California", "2110 E 1st St, Santa Ana, CA 92705, USA", "First St, 2110"},
			{"Men's Dog On The Roof", "4421 E La Palma Ave, Anaheim, CA 92807, USA", "USA, 4421"},
			{"12 X 12", "23401 El Toro Rd. Bldg. 101, 23401 El Toro Rd, Lake Forest, CA 92630, USA", ""},
			{"Sober & Crazy Speakers", "Grace Harbor Church, 12881 Newport Ave, Tustin, CA 92780, USA", ""},
		} {
			st.do(ctx, lang+" finder "+c.q, chromedp.Navigate(base+"/meetings?when=week&q="+url.QueryEscape(c.q)),
				chromedp.WaitVisible(css(`html[lang="`+lang+`"] main h1`)))
			found := eval[string](t, ctx, "places", `[...document.querySelectorAll('.meetings li')].map(li => li.innerText).join('\n--\n')`)
			if !strings.Contains(found, c.want) || (c.not != "" && strings.Contains(found, c.not)) {
				t.Errorf("%s: the finder's %q reads:\n%s\nwant %q", lang, c.q, found, c.want)
			}
		}
		shot(t, ctx, "finder-place-once-"+lang+".png")
		st.do(ctx, lang+" meeting page", chromedp.Navigate(base+"/meetings?when=week&q=Grupo+San+Juan"), chromedp.WaitVisible(css(`.meetings li a`)),
			chromedp.Click(css(`.meetings li a`)), chromedp.WaitVisible(css(`#meeting-address`)))
		page := st.text(ctx, `main`)
		if strings.Count(page, "32142 Alipaz St") != 1 {
			t.Errorf("%s: the meeting's page reads:\n%s\nwant the street once", lang, page)
		}
		done()
	}
}

// phoneAccepting is a phone whose browser asks for the languages accept
// names (Accept-Language), as a visitor's does before any choice.
func phoneAccepting(t *testing.T, exe, accept string) (context.Context, func()) {
	t.Helper()
	ctx, done := phone(t, exe)
	ua := eval[string](t, ctx, "user agent", `navigator.userAgent`)
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: accept}); err != nil {
		t.Fatal(err)
	}
	return ctx, done
}
