package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMeetingCalendarOnTheWeeksItIsHeld (walk2 W2-2): the calendar file of
// a meeting held on the 1st & 3rd Friday repeated it every Friday. Read
// back by emersion/go-ical and expanded by rrule-go, the file is one
// monthly rule on both weeks (BYDAY=1FR,3FR) and meets on those Fridays
// only; one with no meeting on the 5th Saturday meets on the other four;
// one held every other week (a feed gives no date it started from) stays
// weekly, and its description says to check with the group, in the
// reader's language, a visitor's too, and in the words the meeting's page
// uses ("un domingo sí y otro no"): it quoted the feed's English ("Every
// Other Sunday") to a Spanish reader.
func TestMeetingCalendarOnTheWeeksItIsHeld(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	feed := `[
{"slug":"fridays","name":"Friday Night Speakers","day":5,"time":"19:00","notes":"1st & 3rd Friday.","formatted_address":"1 Main St, Chicago","types":["O"]},
{"slug":"saturdays","name":"Saturday Step Study","day":6,"time":"10:00","notes":"No meeting on the 5th Saturday.","formatted_address":"2 Main St, Chicago","types":["O"]},
{"slug":"other","name":"Every Other Sunday Group","day":0,"time":"18:00","notes":"Meets every other Sunday.","formatted_address":"3 Main St, Chicago","types":["O"]}]`
	res, err := importer.ParseMeetingGuide(strings.NewReader(feed), importer.Options{TimeZone: "America/Chicago"})
	if err != nil || len(res.Meetings) != 3 {
		t.Fatalf("feed: %v %+v", err, res)
	}
	if _, err := e.app.ImportMeetings(t.Context(), "test", res); err != nil {
		t.Fatal(err)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	read := func(slug string) (*goical.Event, string, []time.Time) {
		t.Helper()
		r := e.do("GET", "/api/v1/meetings/"+store.MeetingID("test", slug)+"/calendar.ics", "", nil)
		expectStatus(t, r, http.StatusOK)
		cal := parseFeed(t, r.Body)
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%s: %d events in the file", slug, len(evs))
		}
		ev := evs[0]
		rule := ev.Props.Get(goical.PropRecurrenceRule).Value
		start := ev.Props.Get(goical.PropDateTimeStart)
		w, err := time.Parse("20060102T150405", start.Value)
		if err != nil {
			t.Fatal(err)
		}
		opt, err := rrule.StrToROption(rule)
		if err != nil {
			t.Fatalf("%s: rrule-go rejects %q: %v", slug, rule, err)
		}
		opt.Dtstart = time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, chicago)
		rr, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatal(err)
		}
		return &ev, rule, rr.Between(opt.Dtstart, opt.Dtstart.AddDate(0, 4, 0), true)
	}

	_, rule, days := read("fridays")
	if rule != "FREQ=MONTHLY;INTERVAL=1;BYDAY=1FR,3FR" {
		t.Errorf("the 1st & 3rd Friday meeting's rule: %q", rule)
	}
	for _, d := range days {
		if week := (d.Day()-1)/7 + 1; d.Weekday() != time.Friday || (week != 1 && week != 3) || d.Hour() != 19 {
			t.Errorf("the 1st & 3rd Friday meeting meets on %s", d.Format("Mon 2 Jan 15:04"))
		}
	}
	if len(days) < 7 {
		t.Errorf("four months of 1st & 3rd Fridays: %d meetings", len(days))
	}

	_, rule, days = read("saturdays")
	if rule != "FREQ=MONTHLY;INTERVAL=1;BYDAY=1SA,2SA,3SA,4SA" {
		t.Errorf("the meeting with no 5th Saturday: %q", rule)
	}
	for _, d := range days {
		if d.Weekday() != time.Saturday || d.Day() > 28 {
			t.Errorf("the meeting with no 5th Saturday meets on %s", d.Format("Mon 2 Jan"))
		}
	}

	ev, rule, _ := read("other")
	if rule != "FREQ=WEEKLY;INTERVAL=1;BYDAY=SU" {
		t.Errorf("the every-other-week meeting's rule: %q", rule)
	}
	if about, _ := ev.Props.Text(goical.PropDescription); !strings.Contains(about, `The listing says it is held on some weeks only (every other Sunday), which this calendar cannot repeat, so it repeats the meeting every week: check with the group before you go.`) {
		t.Errorf("the every-other-week meeting's description: %q", about)
	}
	// A visitor reading Spanish (on the page's switch, or by the browser's
	// language) reads the note in Spanish: it was in English for everyone
	// without an account.
	for _, h := range [][2]string{{"Cookie", "kinship_lang=es"}, {"Accept-Language", "es-MX,es;q=0.9"}} {
		req, err := http.NewRequest("GET", e.http.URL+"/api/v1/meetings/"+store.MeetingID("test", "other")+"/calendar.ics", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set(h[0], h[1])
		r := e.send(req, "")
		expectStatus(t, r, http.StatusOK)
		evs := parseFeed(t, r.Body).Events()
		if len(evs) != 1 {
			t.Fatalf("%s: %d events in the file", h[1], len(evs))
		}
		about, _ := evs[0].Props.Text(goical.PropDescription)
		if !strings.Contains(about, `El listado dice que se reúne solo algunas semanas (un domingo sí y otro no), y este calendario no puede repetirla así, de modo que la repite cada semana: confirma con el grupo antes de ir.`) ||
			strings.Contains(about, "The listing says") || strings.Contains(about, `"Every Other Sunday"`) {
			t.Errorf("%s: the every-other-week meeting's description: %q", h[1], about)
		}
	}
}
