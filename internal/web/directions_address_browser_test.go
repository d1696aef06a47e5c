package web_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/importer"
)

// TestBrowserDirectionsFromAnAddress walks walk5's finder: the Edmonton
// feed gives street addresses and no coordinates, and "Chapter House -
// Shifters" at "8318 104 St, Edmonton, Alberta, T6E 4E8, Canada" offered
// no "Directions" (nor did its 314 others). On a phone, in Spanish and
// English, the meeting's page offers directions to its street address.
func TestBrowserDirectionsFromAnAddress(t *testing.T) {
	base, a := startServer(t)
	raw, err := os.ReadFile(sharedData(t, "meeting-guide", "edge-edmonton-nonconforming.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.ParseMeetingGuide(strings.NewReader(string(raw)), importer.Options{TimeZone: "America/Edmonton"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(context.Background(), "edmonton", res); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ accept, label string }{{"es-MX,es;q=0.9", "Cómo llegar"}, {"en-CA,en;q=0.9", "Directions"}} {
		tab, done := phone(t, chromium(t))
		st := steps{t}
		if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(tab, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": c.accept}}); err != nil {
			t.Fatal(err)
		}
		st.do(tab, c.accept, chromedp.Navigate(base+"/meetings/edmonton/6"), chromedp.WaitVisible(css(`#meeting-address`)))
		if got := st.text(tab, `#directions`); got != c.label {
			t.Errorf("%s: the directions button reads %q, want %q", c.accept, got, c.label)
		}
		href, err := chromedp.Run(tab, chromedp.AttributeValue(css(`#directions`), "href"))
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(href.Value)
		if err != nil || u.Host != "www.openstreetmap.org" || u.Query().Get("to") != "8318 104 St, Edmonton, Alberta, T6E 4E8, Canada" {
			t.Errorf("%s: directions lead to %q (%v), want the map's directions to the meeting's street address", c.accept, href.Value, err)
		}
		shot(t, tab, "directions-address-"+c.accept[:2]+".png")
		done()
	}
}
