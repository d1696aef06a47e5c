package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

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
// stands under a form with a mistake. In Spanish and in English.
func TestMeetingFinderSaysWhereItsMeetingsAreForAPlaceItDoesNotKnow(t *testing.T) {
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	importOC(t, a)
	importMarin(t, a)
	for _, c := range []struct {
		lang, near string
		want       []string
		not        []string
	}{
		{"es-US,es;q=0.9", "Honolulu", []string{"No encontramos ese lugar",
			"Las reuniones presenciales de este directorio están cerca de Santa Ana, CA; San Francisco, CA; ",
			" lugares más. A las reuniones en línea puedes entrar desde cualquier lugar: ver las reuniones en línea."},
			[]string{"0 reuniones", "Ninguna reunión coincide"}},
		{"en-US,en;q=0.9", "96815", []string{"We could not find that place",
			"The meetings held in person here are near Santa Ana, CA; San Francisco, CA; ",
			" other places. Online meetings can be joined from anywhere: see the online meetings."},
			[]string{"0 meetings", "No meeting matches"}},
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
