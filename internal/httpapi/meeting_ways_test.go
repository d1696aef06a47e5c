package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// shown is an element of a page by its id: its attributes and its text.
type shown struct {
	attrs map[string]string
	text  string
}

// shownByID reads a page's elements that have an id, and its first
// heading as "h1".
func shownByID(t *testing.T, page string) map[string]shown {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]shown{}
	var text func(*html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			if id := attrs["id"]; id != "" {
				out[id] = shown{attrs, text(n)}
			}
			if _, ok := out["h1"]; n.Data == "h1" && !ok {
				out["h1"] = shown{attrs, text(n)}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// saidElsewhere reports whether another of the meeting page's notes (its
// notes, where in the building, the call's notes) holds all of text's
// words: the page says each once (web.sayOnce).
func saidElsewhere(page map[string]shown, id, text string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	for _, other := range []string{"meeting-notes", "location-notes", "conference-notes"} {
		if el, ok := page[other]; ok && other != id && strings.Contains(norm(el.text), norm(text)) {
			return true
		}
	}
	// A place's name that only repeats the street its address begins with
	// ("13287 Harbor Blvd." before "13287 Harbor Blvd, Garden Grove…") is
	// said by the address (app.PlaceName).
	if el, ok := page["meeting-address"]; ok && id == "meeting-place" {
		street, _, _ := strings.Cut(el.text, ",")
		return app.PlaceName(store.DirectoryMeeting{Location: text, Address: el.text}) == "" && street != ""
	}
	return false
}

// TestAPIMeetingIsWhatItsPageShows imports the real Orange County and
// SF/Marin Meeting Guide feeds and, for meetings with every kind of way
// in (place names, addresses, where in the building, notes, join links,
// dial-ins with and without keys, calls' IDs and passcodes, online
// meetings whose feed kept a building's notes), reads each meeting from
// GET /api/v1/meetings/{id} and from its page, and expects the same
// place, address, notes, link, dial-in and coordinates in both, and what
// the page leaves out null in the API; but a note the page already says in
// another (a feed's notes that repeat the call's ID and passcode) it says
// once, and the API keeps as the feed gave it.
func TestAPIMeetingIsWhatItsPageShows(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	// picked are the meetings read, with what their feed gave for where in
	// the building and for the call.
	type pick struct {
		store.DirectoryMeeting
		feedLocationNotes, feedConferenceNotes string
	}
	var picked []pick
	seen := map[string]int{}
	for _, feed := range []struct{ source, file, zone string }{
		{"oc", "oc-orange-county.json", "America/Los_Angeles"},
		{"aasfmarin", "aasfmarin.json", ""},
		// "PA meeting at 11:45": in person, its feed names only the city.
		{"edge", "edge-timezones.json", ""},
	} {
		raw, err := os.ReadFile(testutil.SharedData(t, "meeting-guide", feed.file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := importer.ParseMeetingGuide(strings.NewReader(string(raw)), importer.Options{TimeZone: feed.zone})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.ImportMeetings(t.Context(), feed.source, res); err != nil {
			t.Fatal(err)
		}
		// A few meetings of each kind of way in, as the feed orders them.
		for _, m := range res.Meetings {
			kind := fmt.Sprint(m.Attendance, m.Location != "", m.Address != "", m.LocationNotes != "", m.Notes != "", m.ConferenceURL != "",
				m.ConferencePhone != "", strings.ContainsAny(m.ConferencePhone, ",;#"), m.ConferenceNotes != "", m.Latitude != nil, m.Approximate)
			if seen[kind]++; seen[kind] <= 2 {
				picked = append(picked, pick{store.DirectoryMeeting{Source: feed.source, Slug: m.Slug}, m.LocationNotes, m.ConferenceNotes})
			}
		}
	}
	str := func(v any) string { s, _ := v.(string); return s }
	count := map[string]int{}
	for _, dm := range picked {
		r := e.do("GET", "/api/v1/meetings/"+dm.ID(), "", nil)
		expectStatus(t, r, http.StatusOK)
		m := r.JSON(t)["meeting"].(map[string]any)
		p := e.do("GET", "/meetings/"+dm.Source+"/"+dm.Slug, "", nil)
		expectStatus(t, p, http.StatusOK)
		page := shownByID(t, p.String())
		where := dm.Source + "/" + dm.Slug
		if page["h1"].text != m["name"] {
			t.Errorf("%s: the page's heading %q is not the API's name %q", where, page["h1"].text, m["name"])
		}
		// Texts the page shows as they are, each by its id.
		for id, field := range map[string]string{"meeting-place": "location", "meeting-address": "address", "location-notes": "location_notes",
			"meeting-notes": "notes", "conference-notes": "conference_notes"} {
			el, onPage := page[id]
			switch {
			case m[field] == nil && onPage:
				t.Errorf("%s: %s is null in the API, the page shows %q", where, field, el.text)
			case m[field] != nil && !onPage && saidElsewhere(page, id, str(m[field])):
				count["said once"]++
			case m[field] != nil && !onPage:
				t.Errorf("%s: the API's %s is %q, the page does not show it", where, field, m[field])
			case onPage && el.text != m[field]:
				t.Errorf("%s: %s: the API has %q, the page shows %q", where, field, m[field], el.text)
			case onPage:
				count[field]++
			}
		}
		// The links the page offers.
		join, onPage := page["join-online"]
		if m["conference_url"] != nil {
			count["conference_url"]++
		}
		if str(m["conference_url"]) != join.attrs["href"] || onPage != (m["conference_url"] != nil) {
			t.Errorf("%s: the API's conference_url %v, the page's Join online %q", where, m["conference_url"], join.attrs["href"])
		}
		dial, onPage := page["join-by-phone"]
		if onPage != (m["conference_phone_dial"] != nil) || str(m["conference_phone_dial"]) != dial.attrs["href"] ||
			onPage && !strings.Contains(nationalDigits(dial.text), nationalDigits(str(m["conference_phone_number"]))) {
			t.Errorf("%s: the API's dial-in %v (%v), the page's %q %q", where, m["conference_phone_dial"], m["conference_phone_number"], dial.attrs["href"], dial.text)
		}
		if onPage {
			count["dial"]++
			if strings.Contains(str(m["conference_phone_dial"]), ",") {
				count["dial with keys"]++
			}
		}
		if m["conference_phone"] != nil && m["conference_phone_dial"] == nil {
			t.Errorf("%s: a number the page cannot dial: %v", where, m["conference_phone"])
		}
		// What the feed gave and the page leaves out, the API leaves out.
		if dm.feedLocationNotes != "" && m["attendance"] == "online" && m["location_notes"] == nil {
			count["building notes of an online meeting left out"]++
		}
		if dm.feedConferenceNotes != "" && m["conference_url"] == nil && m["conference_phone"] == nil && m["conference_notes"] == nil {
			count["call notes without a call left out"]++
		}
		// Directions: the API's directions_url is the page's link, made by
		// one rule (app.MeetingDirections): to the coordinates, else to the
		// street address; none for a meeting held only online, nor for one
		// whose feed names only a town or city.
		directions, onPage := page["directions"]
		if onPage != (m["directions_url"] != nil) || str(m["directions_url"]) != directions.attrs["href"] {
			t.Errorf("%s: the API's directions_url %v, the page's Directions %q", where, m["directions_url"], directions.attrs["href"])
		}
		to := ""
		if u, err := url.Parse(str(m["directions_url"])); err == nil {
			to = u.Query().Get("to")
		}
		_, cityOnly := page["no-street"]
		switch {
		case m["attendance"] == "online":
			if m["directions_url"] != nil || cityOnly {
				t.Errorf("%s: an online meeting with directions %v (or the city-only note: %v)", where, m["directions_url"], cityOnly)
			}
		case m["address_approximate"] == true:
			count["city only: no directions"]++
			if m["directions_url"] != nil || !cityOnly {
				t.Errorf("%s: a meeting whose feed names only %v: directions %v, the note that says so shown: %v", where, m["address"], m["directions_url"], cityOnly)
			}
		case m["latitude"] != nil:
			count["coordinates"]++
			if want := fmt.Sprintf("%v,%v", m["latitude"], m["longitude"]); to != want {
				t.Errorf("%s: the directions %v are not to the API's coordinates (%s)", where, m["directions_url"], want)
			}
		case m["address"] != nil:
			// A feed without coordinates: the map finds the street address
			// (2b89542, the Edmonton feed's meetings).
			count["address directions"]++
			if to != str(m["address"]) {
				t.Errorf("%s: the directions %v are not to the API's address %q", where, m["directions_url"], m["address"])
			}
		case m["directions_url"] != nil:
			t.Errorf("%s: directions %v to a meeting the API places nowhere", where, m["directions_url"])
		}
	}
	// Every way in was compared on some meeting.
	for _, k := range []string{"location", "address", "location_notes", "notes", "conference_notes", "conference_url", "dial", "dial with keys", "address directions",
		"building notes of an online meeting left out", "coordinates", "city only: no directions", "said once"} {
		if count[k] == 0 {
			t.Errorf("no meeting of the feeds compared %s (%d meetings read): %v", k, len(picked), count)
		}
	}
	t.Logf("%d meetings of %d kinds compared: %v", len(picked), len(seen), count)

	// The real row "Steps 1-8 Workshop (2nd Sat)" (notes "2nd Saturday"):
	// the API says which week and starts it on a 2nd Saturday; the page
	// says so in words.
	ws := store.DirectoryMeeting{Source: "oc", Slug: "steps-1-8-workshop-2nd-sat"}
	m := e.do("GET", "/api/v1/meetings/"+ws.ID(), "", nil).JSON(t)["meeting"].(map[string]any)
	mw, _ := m["month_weeks"].(map[string]any)
	if fmt.Sprint(mw["weeks"]) != "[2]" || mw["except"] != false || mw["words"] != "2nd Sat" {
		t.Errorf("the workshop's month_weeks: %v", m["month_weeks"])
	}
	found := e.do("GET", "/api/v1/meetings?q=Steps+1-8+Workshop&within_hours=0", "", nil).String()
	if !strings.Contains(found, `"words":"2nd Sat"`) {
		t.Errorf("the finder's answer lacks the workshop's weeks: %s", found)
	}
	if got := shownByID(t, e.do("GET", "/meetings/oc/steps-1-8-workshop-2nd-sat", "", nil).String())["meeting-schedule"].text; got != "2nd Saturday of the month, 14:00–17:00" {
		t.Errorf("the workshop's page says %q", got)
	}
}

// nationalDigits is a North American number's ten digits, however it is
// written: the page writes 669-900-9128 where the feed (and the API) keep
// +16699009128 or 6699009128.
func nationalDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return d
}
