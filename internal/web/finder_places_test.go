package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// W11-1 (walk11): Leilani, in Honolulu, typed "Honolulu" in the meeting
// finder's place, then "96815", and read each time only "we could not find
// that place among the places we know; try a postal code or a nearby city"
// above "Later today: 0 meetings ... No meeting matches", though no search
// had been made and no postal code of hers could work: every meeting
// imported meets in California or online. The finder now says, under the
// place, where its in-person meetings are and that online meetings can be
// joined from anywhere, with a link to them; and no count of meetings
// stands under a form with a mistake. In Spanish and in English. Above,
// since walk13 (W13-6: Tomás typed "Phoenix" and "85004", Lucía "C1425"),
// the page says this Kinship lists no in-person meetings there, not to try
// a postal code or a nearby city.
func TestMeetingFinderSaysWhereItsMeetingsAreForAPlaceItDoesNotKnow(t *testing.T) {
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	importOC(t, a)
	importMarin(t, a)
	for _, c := range []struct {
		lang, near string
		want       []string
		not        []string
	}{
		{"es-US,es;q=0.9", "Honolulu", []string{"Este Kinship no tiene reuniones presenciales en «Honolulu». Debajo del lugar puedes leer dónde están sus reuniones y encontrar las reuniones en línea, a las que puedes entrar desde cualquier lugar.",
			"No hay reuniones en este lugar",
			"Las reuniones presenciales de este directorio están cerca de Santa Ana, CA; San Francisco, CA; ",
			" lugares más. A las reuniones en línea puedes entrar desde cualquier lugar: ver las reuniones en línea."},
			[]string{"0 reuniones", "Ninguna reunión coincide", "ciudad cercana"}},
		{"es-AR,es;q=0.9", "C1425", []string{"Este Kinship no tiene reuniones presenciales en «C1425».",
			"Las reuniones presenciales de este directorio están cerca de Santa Ana, CA; San Francisco, CA; "},
			[]string{"ciudad cercana", "0 reuniones"}},
		{"en-US,en;q=0.9", "Phoenix", []string{"This Kinship lists no in-person meetings in “Phoenix”. Under the place you can read where its meetings are, and find the online meetings, which you can join from anywhere.",
			"No meetings listed in this place"},
			[]string{"nearby city", "0 meetings"}},
		{"en-US,en;q=0.9", "96815", []string{"This Kinship lists no in-person meetings in “96815”.",
			"The meetings held in person here are near Santa Ana, CA; San Francisco, CA; ",
			" other places. Online meetings can be joined from anywhere: see the online meetings."},
			[]string{"0 meetings", "No meeting matches", "nearby city"}},
	} {
		v := newPerson(t, base)
		v.lang = c.lang
		v.setZoneCookie("Pacific/Honolulu")
		code, page, _ := v.do("GET", "/meetings?near="+url.QueryEscape(c.near), nil)
		text := readable(page)
		if code != http.StatusBadRequest {
			t.Errorf("%s: %d", c.near, code)
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s (%s): the page lacks %q:\n%s", c.near, c.lang, w, text)
			}
		}
		for _, w := range c.not {
			if strings.Contains(text, w) {
				t.Errorf("%s (%s): the page says %q:\n%s", c.near, c.lang, w, text)
			}
		}
		// The link is the same search online, and finds meetings.
		m := regexp.MustCompile(`<p class="hint" id="meeting-places">[^<]*(?:<[^>]*>[^<]*)*?<a href="([^"]+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: no link to online meetings:\n%s", c.near, page)
		}
		link := html.UnescapeString(m[1])
		if link != "/meetings?attendance=online&when=today" {
			t.Errorf("%s: the link goes to %q", c.near, link)
		}
		if code, text := v.get(link); code != http.StatusOK || !regexp.MustCompile(`(Later today|Más tarde hoy): [1-9][0-9]* (meetings|reuniones)`).MatchString(text) {
			t.Errorf("%s: the online meetings: %d %.400s", c.near, code, text)
		}
	}
}

// TestBrowserMeetingFinderSaysNoMeetingsThere walks walk13's W13-6 on a
// phone: Tomás, in Phoenix, looked for meetings near "Phoenix", and Lucía,
// in Buenos Aires, near "C1425"; each read "try a postal code or a nearby
// city". Now each reads, in their language, that this Kinship lists no
// in-person meetings there, with the way to the online ones under the place.
func TestBrowserMeetingFinderSaysNoMeetingsThere(t *testing.T) {
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	importOC(t, a)
	importMarin(t, a)
	st := steps{t}
	for _, c := range []struct{ who, accept, near, none, online string }{
		{"tomas", "en-US,en;q=0.9", "Phoenix", "This Kinship lists no in-person meetings in “Phoenix”.", "see the online meetings"},
		{"lucia", "es-AR,es;q=0.9", "C1425", "Este Kinship no tiene reuniones presenciales en «C1425».", "ver las reuniones en línea"},
	} {
		tab, done := phoneReading(t, c.accept)
		st.do(tab, c.who+": near "+c.near, chromedp.Navigate(base+"/meetings?near="+url.QueryEscape(c.near)), chromedp.WaitVisible(css(`#error-summary`)))
		if got := st.text(tab, `#error-summary`); !strings.Contains(got, c.none) || strings.Contains(got, "postal") {
			t.Errorf("%s near %s reads %q, want %q", c.who, c.near, got, c.none)
		}
		if got := st.text(tab, `#meeting-places a`); got != c.online {
			t.Errorf("%s: under the place the link reads %q, want %q", c.who, got, c.online)
		}
		shot(t, tab, "meetings-near-"+c.who+".png")
		done()
	}
}
