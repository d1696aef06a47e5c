package web_test

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// walk4: on a phone in Kolkata, Chromium names the zone "Asia/Calcutta"
// (ICU's name); the sign-up form showed that raw name in the time zone
// field and in its summary, where the list says "India Standard Time
// (Kolkata)". The form now fills the zone's own label, in English and in
// Spanish, with India as the country.
func TestBrowserSignupZoneFromABrowsersOlderName(t *testing.T) {
	base, _ := startServer(t)
	ctx, done := phone(t, chromium(t))
	defer done()
	st := steps{t}
	type css = chromedp.CSS
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Kolkata"}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ accept, zone, country string }{
		{"en-IN,en;q=0.9", "India Standard Time (Kolkata)", "India"},
		{"es-MX,es;q=0.9", "Hora de India (Calcuta)", "India"},
	} {
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": c.accept}}); err != nil {
			t.Fatal(err)
		}
		st.do(ctx, "sign-up "+c.accept, chromedp.Navigate(base+"/signup"), chromedp.WaitVisible(css(`#f-email`)))
		st.until(ctx, "the zone filled from the browser", `document.querySelector('#f-time_zone').value !== ''`)
		if got, _ := chromedp.Run(ctx, chromedp.Value(css(`#f-time_zone`))); got != c.zone {
			t.Errorf("%s: the time zone field reads %q, want %q", c.accept, got, c.zone)
		}
		if got := st.text(ctx, `#place-summary`); got != c.zone+" · "+c.country {
			t.Errorf("%s: the summary reads %q", c.accept, got)
		}
		shot(t, ctx, "signup-zone-kolkata-"+c.accept[:2]+".png")
	}
}
