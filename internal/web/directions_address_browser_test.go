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
		tab, done := phoneReading(t, c.accept)
		st := steps{t}
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

// phoneReading is a phone whose browser asks for pages in accept's
// languages (an Accept-Language header), as a visitor's does.
func phoneReading(t *testing.T, accept string) (context.Context, func()) {
	t.Helper()
	tab, done := phone(t, chromium(t))
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		done()
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": accept}}); err != nil {
		done()
		t.Fatal(err)
	}
	return tab, done
}

// TestBrowserACityAloneIsNoPlaceToGo (walk5 W5-13): "PA meeting at 11:45"
// is held in person and its feed gives only a city ("Philadelphia"); its
// page offered "Directions" to the middle of Philadelphia. On a phone, in
// Spanish and English, it offers none and says the listing gives no street
// address and what to do.
func TestBrowserACityAloneIsNoPlaceToGo(t *testing.T) {
	base, a := startServer(t)
	raw, err := os.ReadFile(sharedData(t, "meeting-guide", "edge-timezones.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.ParseMeetingGuide(strings.NewReader(string(raw)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(context.Background(), "edge", res); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ accept, inPerson, note string }{
		{"es-MX,es;q=0.9", "En persona", "El listado da solo la ciudad, sin la dirección, así que no hay indicaciones para llegar. Pregunta al directorio local dónde se reúne antes de ir."},
		{"en-US,en;q=0.9", "In person", "The listing gives only the town or city, not a street address, so there are no directions. Ask the local directory where it meets before you go."},
	} {
		tab, done := phoneReading(t, c.accept)
		st := steps{t}
		st.do(tab, c.accept, chromedp.Navigate(base+"/meetings/edge/pa-meeting"), chromedp.WaitVisible(css(`#meeting-address`)))
		if got := st.text(tab, `#meeting-address`); got != "Philadelphia" {
			t.Errorf("%s: the place reads %q", c.accept, got)
		}
		if got := st.text(tab, `#no-street`); got != c.note {
			t.Errorf("%s: the note reads %q, want %q", c.accept, got, c.note)
		}
		if main := st.text(tab, `main`); !strings.Contains(main, c.inPerson) {
			t.Errorf("%s: the page does not say it is held %q:\n%s", c.accept, c.inPerson, main)
		}
		if n := eval[int](t, tab, "directions", `document.querySelectorAll('#directions').length`); n != 0 {
			t.Errorf("%s: directions offered to a city", c.accept)
		}
		shot(t, tab, "city-only-"+c.accept[:2]+".png")
		done()
	}
}
