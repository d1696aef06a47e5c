package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestMeetingFinder(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		chicago, _ := time.LoadLocation("America/Chicago")
		now := e.clock.Now().In(chicago)
		at := func(d time.Duration) (int, string) {
			x := now.Add(d)
			return int(x.Weekday()), x.Format("15:04")
		}
		d1, t1 := at(30 * time.Minute)
		d2, t2 := at(90 * time.Minute)
		d3, t3 := at(5 * time.Hour)
		d4, t4 := at(-20 * time.Minute) // started 20 minutes ago, lasts an hour
		feed := fmt.Sprintf(`[
{"slug":"soon","name":"Soon Women Online","day":%d,"time":%q,"types":["W","ONL"],"conference_url":"https://zoom.us/j/1"},
{"slug":"later","name":"Later Spanish","day":%d,"time":%q,"types":["S"],"formatted_address":"1 Main St, Chicago","latitude":41.88,"longitude":-87.63},
{"slug":"far","name":"Far Away","day":%d,"time":%q,"types":["O"],"formatted_address":"2 Main St, Chicago"},
{"slug":"now","name":"Going On Now","day":%d,"time":%q,"types":["O"],"formatted_address":"3 Main St, Evanston","latitude":42.05,"longitude":-87.68}]`, d1, t1, d2, t2, d3, t3, d4, t4)
		res, err := importer.ParseMeetingGuide(strings.NewReader(feed), importer.Options{TimeZone: "America/Chicago"})
		if err != nil || len(res.Meetings) != 4 {
			t.Fatalf("feed: %v %+v", err, res)
		}
		if _, err := e.app.ImportMeetings(t.Context(), "test", res); err != nil {
			t.Fatal(err)
		}
		// Anyone may search, signed in or not.
		r := e.do("GET", "/api/v1/meetings?within_hours=2&time_zone=Europe/London", "", nil)
		expectStatus(t, r, http.StatusOK)
		var names []string
		for _, m := range r.JSON(t)["items"].([]any) {
			names = append(names, m.(map[string]any)["name"].(string))
		}
		if strings.Join(names, ",") != "Going On Now,Soon Women Online,Later Spanish" {
			t.Fatalf("next two hours, soonest first: %v", names)
		}
		r = e.do("GET", "/api/v1/meetings?within_hours=2&type=W&attendance=online", "", nil)
		if ms := r.JSON(t)["items"].([]any); len(ms) != 1 || ms[0].(map[string]any)["name"] != "Soon Women Online" {
			t.Fatalf("women, online: %v", ms)
		}
		if ms := e.do("GET", "/api/v1/meetings", "", nil).JSON(t)["items"].([]any); len(ms) != 4 {
			t.Fatalf("any time: %d", len(ms))
		}
		// Near downtown Chicago within 5 km: the in-person meeting there and the
		// online one stay; Evanston (about 19 km) and the one without coordinates go.
		near := e.do("GET", "/api/v1/meetings?within_hours=2&lat=41.8781&lng=-87.6298&radius_km=5", "", nil).JSON(t)["items"].([]any)
		var nearNames []string
		for _, m := range near {
			nearNames = append(nearNames, m.(map[string]any)["name"].(string))
		}
		if strings.Join(nearNames, ",") != "Soon Women Online,Later Spanish" {
			t.Fatalf("near Chicago: %v", nearNames)
		}
		if d := near[1].(map[string]any)["distance_km"].(float64); d > 1 {
			t.Fatalf("distance %v", d)
		}
		byDistR := e.do("GET", "/api/v1/meetings?lat=41.8781&lng=-87.6298&radius_km=50&sort=distance&attendance=in_person&limit=1", "", nil)
		expectStatus(t, byDistR, http.StatusOK)
		byDist := byDistR.JSON(t)["items"].([]any)
		if len(byDist) != 1 || byDist[0].(map[string]any)["name"] != "Later Spanish" {
			t.Fatalf("nearest in person: %v", byDist)
		}
		if ms := e.do("GET", "/api/v1/meetings?q=spanish", "", nil).JSON(t)["items"].([]any); len(ms) != 1 {
			t.Fatalf("text search: %v", ms)
		}
		for _, bad := range []string{"time_zone=Mars/Base", "lat=91&lng=0", "lat=abc&lng=1", "lat=41", "radius_km=0", "day=9", "limit=0", "attendance=carpool"} {
			expectStatus(t, e.do("GET", "/api/v1/meetings?"+bad, "", nil), http.StatusBadRequest)
		}
		expectStatus(t, e.do("GET", "/api/v1/meetings?time_zone=Mars/Base", "", nil), http.StatusBadRequest)
		expectStatus(t, e.do("GET", "/api/v1/meetings?type=NOPE", "", nil), http.StatusBadRequest)
		expectStatus(t, e.do("GET", "/api/v1/meetings?within_hours=soon", "", nil), http.StatusBadRequest)
		// One meeting's page and calendar file.
		detail := e.do("GET", "/meetings/test/later", "", nil)
		expectStatus(t, detail, http.StatusOK)
		if b := string(detail.Body); !strings.Contains(b, "Later Spanish") || !strings.Contains(b, "calendar.ics") || !strings.Contains(b, "Directions") {
			t.Fatalf("meeting page:\n%s", b)
		}
		// The meeting item as a client reads it: snake_case keys only, every
		// key present, null for what the feed did not give.
		var later map[string]any
		for _, m := range e.do("GET", "/api/v1/meetings?q=spanish", "", nil).JSON(t)["items"].([]any) {
			later = m.(map[string]any)
		}
		keys := []string{"id", "source", "name", "day", "start_time", "end_time", "time_zone", "types", "type_names", "attendance", "conference_url",
			"conference_phone", "location", "address", "address_approximate", "latitude", "longitude", "region", "notes", "location_notes", "conference_notes",
			"conference_phone_dial", "conference_phone_number", "directions_url", "url",
			"next_start", "next_start_local", "in_progress", "distance_km", "month_weeks"}
		expectKeys(t, later, keys...)
		if later["conference_url"] != nil || later["conference_phone_dial"] != nil || later["location_notes"] != nil || later["distance_km"] != nil || later["address"] != "1 Main St, Chicago" || later["source"] != "test" {
			t.Fatalf("absent values must be null: %v", later)
		}
		if !timestampRE.MatchString(later["next_start"].(string)) {
			t.Fatalf("next_start %q", later["next_start"])
		}
		id := later["id"].(string)
		one := e.do("GET", "/api/v1/meetings/"+id+"?time_zone=America/Chicago", "", nil)
		expectStatus(t, one, http.StatusOK)
		got := one.JSON(t)["meeting"].(map[string]any)
		expectKeys(t, got, keys...)
		if got["id"] != id || got["name"] != "Later Spanish" || got["next_start"] != later["next_start"] {
			t.Fatalf("one meeting by id: %s", one.Body)
		}
		expectStatus(t, e.do("GET", "/api/v1/meetings/not-an-id", "", nil), http.StatusNotFound)
		ics := e.do("GET", "/api/v1/meetings/"+id+"/calendar.ics", "", nil)
		expectStatus(t, ics, http.StatusOK)
		cal := string(ics.Body)
		for _, want := range []string{"BEGIN:VCALENDAR\r\n", "BEGIN:VTIMEZONE", "TZID=America/Chicago", "RRULE:FREQ=WEEKLY", "SUMMARY:Later Spanish", "UID:test-later@kinship"} {
			if !strings.Contains(cal, want) {
				t.Fatalf("calendar lacks %q:\n%s", want, cal)
			}
		}
		expectStatus(t, e.do("GET", "/api/v1/meetings/"+store.MeetingID("test", "nothing")+"/calendar.ics", "", nil), http.StatusNotFound)
		expectStatus(t, e.do("GET", "/meetings/test/nothing", "", nil), http.StatusNotFound)
		page := e.do("GET", "/meetings?within=2&type=S", "", nil)
		expectStatus(t, page, http.StatusOK)
		if body := string(page.Body); !strings.Contains(body, "Later Spanish") || strings.Contains(body, "Far Away") || !strings.Contains(body, "1 meeting") {
			t.Fatalf("finder page:\n%s", body)
		}
	})
}

// TestMeetingTimesAcrossDaylightSaving: with the clock fixed on the Saturday
// before clocks fall back, a Sunday 19:00 Chicago meeting is shown at 19:00
// CST to a Chicago viewer and at 01:00 GMT on Monday to a London viewer.
func TestMeetingTimesAcrossDaylightSaving(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	chicago, _ := time.LoadLocation("America/Chicago")
	e.clock.Advance(time.Date(2026, 10, 31, 12, 0, 0, 0, chicago).Sub(e.clock.Now()))
	res, err := importer.ParseMeetingGuide(strings.NewReader(`[{"slug":"sun","name":"Sunday Night","day":0,"time":"19:00","timezone":"America/Chicago","types":["O"],"conference_url":"https://zoom.us/j/9"}]`), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.ImportMeetings(t.Context(), "dst", res); err != nil {
		t.Fatal(err)
	}
	for tz, want := range map[string]string{"America/Chicago": "Sun 1 Nov, 19:00 CST", "Europe/London": "Mon 2 Nov, 01:00 GMT"} {
		ms := e.do("GET", "/api/v1/meetings?time_zone="+tz, "", nil).JSON(t)["items"].([]any)
		if len(ms) != 1 || ms[0].(map[string]any)["next_start_local"] != want {
			t.Fatalf("%s: %v, want %s", tz, ms, want)
		}
	}
	// Within the next 36 hours it is listed; within 24 it is not.
	if ms := e.do("GET", "/api/v1/meetings?within_hours=24", "", nil).JSON(t)["items"].([]any); len(ms) != 0 {
		t.Fatalf("24 hours: %v", ms)
	}
	if ms := e.do("GET", "/api/v1/meetings?within_hours=36", "", nil).JSON(t)["items"].([]any); len(ms) != 1 {
		t.Fatalf("36 hours: %v", ms)
	}
}
