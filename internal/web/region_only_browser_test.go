package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/importer"
)

// A meeting whose feed gives only a region ("Downtown": no address, no
// map position, no link to join) was listed "In person" with nowhere to
// go. On a phone, in English and Spanish, the finder says where it is as
// the feed gives it and that the address is not listed, and its page says
// so with what to do; a meeting that gives not even a region says the
// address is not listed. A meeting with an address reads as before.
func TestBrowserARegionAloneSaysTheAddressIsNotListed(t *testing.T) {
	base, a := startServer(t)
	res, err := importer.ParseMeetingGuide(strings.NewReader(`[
 {"slug":"downtown-serenity","name":"Downtown Serenity","day":[0,1,2,3,4,5,6],"time":"19:00","region":"Downtown","types":["O"]},
 {"slug":"somewhere","name":"Somewhere Group","day":[0,1,2,3,4,5,6],"time":"20:00","types":["C"]},
 {"slug":"main-street","name":"Main Street Group","day":[0,1,2,3,4,5,6],"time":"21:00","region":"Downtown","formatted_address":"1 Main St, Springfield, IL 62701, USA"}
]`), importer.Options{TimeZone: "America/Chicago"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(context.Background(), "town", res); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	for _, c := range []struct{ accept, region, none, page, nonePage string }{
		{"en-US,en;q=0.9", "Downtown · address not listed", "Address not listed",
			"In Downtown, as the listing gives it. The address is not listed, so there are no directions: ask the local directory where it meets before you go.",
			"The address is not listed, so there are no directions: ask the local directory where it meets before you go."},
		{"es-MX,es;q=0.9", "Downtown · dirección no indicada", "Dirección no indicada",
			"En Downtown, según el listado. La dirección no figura, así que no hay indicaciones para llegar: pregunta al directorio local dónde se reúne antes de ir.",
			"La dirección no figura, así que no hay indicaciones para llegar: pregunta al directorio local dónde se reúne antes de ir."},
	} {
		tab, done := phoneReading(t, c.accept)
		lang := c.accept[:2]
		st.do(tab, lang+" finder", chromedp.Navigate(base+"/meetings?when=week&tz=America/Chicago"), chromedp.WaitVisible(css(`ul.meetings`)))
		list := st.text(tab, `ul.meetings`)
		for _, want := range []string{"Downtown Serenity", c.region, "Somewhere Group", c.none, "1 Main St, Springfield"} {
			if !strings.Contains(list, want) {
				t.Errorf("%s: the finder reads\n%s\nwant %q", lang, list, want)
			}
		}
		if n := strings.Count(list, c.none); n != strings.Count(list, "Somewhere Group") {
			t.Errorf("%s: %q under %d meetings, want only under Somewhere Group's", lang, c.none, n)
		}
		if n := strings.Count(list, c.region); n != strings.Count(list, "Downtown Serenity") {
			t.Errorf("%s: %q under %d meetings, want only under Downtown Serenity's (Main Street gives an address)", lang, c.region, n)
		}
		shotHere(t, tab, "ul.meetings", "region-only-finder-"+lang+".png")
		st.do(tab, lang+" Downtown Serenity", chromedp.Navigate(base+"/meetings/town/downtown-serenity-1"), chromedp.WaitVisible(css(`#no-address`)))
		if got := st.text(tab, `#no-address`); got != c.page {
			t.Errorf("%s: Downtown Serenity's page reads %q, want %q", lang, got, c.page)
		}
		if ok, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`!!document.querySelector('#directions')`)); ok {
			t.Errorf("%s: Downtown Serenity offers directions to nowhere", lang)
		}
		shot(t, tab, "region-only-meeting-"+lang+".png")
		st.do(tab, lang+" Somewhere Group", chromedp.Navigate(base+"/meetings/town/somewhere-1"), chromedp.WaitVisible(css(`#no-address`)))
		if got := st.text(tab, `#no-address`); got != c.nonePage {
			t.Errorf("%s: Somewhere Group's page reads %q, want %q", lang, got, c.nonePage)
		}
		st.do(tab, lang+" Main Street", chromedp.Navigate(base+"/meetings/town/main-street-1"), chromedp.WaitVisible(css(`#meeting-address`)))
		if ok, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`!!document.querySelector('#no-address')`)); ok {
			t.Errorf("%s: Main Street, with its address, says the address is not listed", lang)
		}
		done()
	}
}
