package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// walk4: "Sunday, nearest first" near Laguna Beach listed the Canyon
// Club's meetings, all 0.6 miles away, as 11:45, 10:00, 07:00, 18:00,
// 18:00, 10:00, 06:55. Meetings equally near are now soonest first, as a
// person planning their Sunday reads them, in English and in Spanish.
func TestBrowserEquallyNearMeetingsSoonestFirst(t *testing.T) {
	saturdayNight := time.Date(2026, 12, 6, 6, 50, 0, 0, time.UTC) // 22:50 on Saturday in Los Angeles
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return saturdayNight }})
	importOC(t, a)
	ctx, done := phone(t, chromium(t))
	defer done()
	st := steps{t}
	type css = chromedp.CSS
	type item struct{ When, Where string }
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	for lang, accept := range map[string]string{"en": "en-US,en;q=0.9", "es": "es-MX,es;q=0.9"} {
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": accept}}); err != nil {
			t.Fatal(err)
		}
		st.do(ctx, lang+": Sunday near Laguna Beach", chromedp.Navigate(base+"/meetings?when=sun&near=Laguna+Beach&sort=nearest"),
			chromedp.WaitVisible(css(`main h2`)))
		items := eval[[]item](t, ctx, "the list", `Array.from(document.querySelectorAll('main p.when')).map(p => ({
			When: p.querySelector('time').getAttribute('datetime'),
			Where: p.innerText.split(' · ').pop() + ' at ' + p.closest('li').querySelector('p:last-of-type').innerText}))`)
		if len(items) < 6 {
			t.Fatalf("%s: %d meetings near Laguna Beach on Sunday", lang, len(items))
		}
		same := 0
		for i := 1; i < len(items); i++ {
			if items[i].Where != items[i-1].Where {
				continue
			}
			same++
			a, _ := time.Parse(time.RFC3339, items[i-1].When)
			b, _ := time.Parse(time.RFC3339, items[i].When)
			if b.Before(a) {
				t.Errorf("%s: two meetings %s in the wrong order: %s, then %s", lang, items[i].Where, items[i-1].When, items[i].When)
			}
		}
		if same < 5 || !strings.Contains(items[0].Where, map[string]string{"en": "0.6 miles away at Laguna Beach Canyon Club", "es": "a 1 km at Laguna Beach Canyon Club"}[lang]) {
			t.Errorf("%s: the nearest meetings read %v", lang, items[:6])
		}
		shot(t, ctx, "nearest-ties-"+lang+".png")
	}
}
