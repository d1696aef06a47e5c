package httpapi_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestEveryOtherWeekInTheReadersWords (walk5 W5-14): the real SF/Marin row
// "Inside Out Speaker Meeting at the Beach" (notes "We meet every other
// Sunday.", types EN) read "En persona · every other Sunday, 12:00–13:00"
// on the Spanish page and in the Spanish finder: the feed's English inside
// Kinship's Spanish sentence. Kinship now says it in the reader's words
// ("un domingo sí y otro no"); the feed's own notes stay as written, marked
// as English (the meeting's EN type) for screen readers; the API keeps the
// feed's words (month_weeks.words).
func TestEveryOtherWeekInTheReadersWords(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	// A Saturday morning in San Francisco: the meeting (Sundays 12:00-13:00
	// there) is the next day, inside the finder's next 7 days whatever the
	// real date. On the real clock the test failed every Sunday from the
	// meeting's start (20:00 UTC) to midnight UTC, when the day's meeting
	// had begun and the next was past the finder's seventh day.
	e.clock.mu.Lock()
	e.clock.now = time.Date(2026, time.December, 5, 17, 0, 0, 0, time.UTC)
	e.clock.mu.Unlock()
	raw, err := os.ReadFile(testutil.SharedData(t, "meeting-guide", "aasfmarin.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.ParseMeetingGuide(strings.NewReader(string(raw)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.ImportMeetings(t.Context(), "aasfmarin", res); err != nil {
		t.Fatal(err)
	}
	get := func(path, lang string) string {
		t.Helper()
		r := e.getIn(path, "", lang)
		expectStatus(t, r, http.StatusOK)
		return r.String()
	}
	const slug = "inside-out-speaker-meeting-at-the-beach-1049"
	for _, c := range []struct{ lang, schedule, list string }{
		{"en", "every other Sunday, 12:00–13:00", "every other Sunday"},
		{"es", "un domingo sí y otro no, 12:00–13:00", "un domingo sí y otro no"},
	} {
		page := shownByID(t, get("/meetings/aasfmarin/"+slug, c.lang))
		if got := page["meeting-schedule"].text; got != c.schedule {
			t.Errorf("%s: the meeting page's schedule reads %q, want %q", c.lang, got, c.schedule)
		}
		notes := page["meeting-notes"]
		if !strings.Contains(notes.text, "We meet every other Sunday.") || notes.attrs["lang"] != "en" {
			t.Errorf("%s: the feed's notes %q are not as written, marked English (lang=%q)", c.lang, notes.text, notes.attrs["lang"])
		}
		list := testutil.Visible(get("/meetings?when=week&q=Inside+Out+Speaker", c.lang))
		if !strings.Contains(list, "Inside Out Speaker Meeting at the Beach") || !strings.Contains(list, c.list) {
			t.Errorf("%s: the finder does not read %q beside the meeting:\n%s", c.lang, c.list, list)
		}
		if c.lang == "es" && strings.Contains(list, "every other") {
			t.Errorf("es: English schedule words in the Spanish finder:\n%s", list)
		}
	}
	m := e.do("GET", "/api/v1/meetings?q=Inside+Out+Speaker&within_hours=0", "", nil).String()
	if !strings.Contains(m, `"words":"every other Sunday"`) {
		t.Errorf("the API no longer keeps the feed's words: %s", m)
	}
}
