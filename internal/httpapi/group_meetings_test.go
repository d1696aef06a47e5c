package httpapi_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// parseFeed reads an iCalendar feed with emersion/go-ical, failing on anything invalid.
func parseFeed(t *testing.T, body []byte) *goical.Calendar {
	t.Helper()
	if !bytes.Contains(body, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(body, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("lines must end in CRLF, and only CRLF")
	}
	for _, line := range strings.Split(string(body), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line longer than 75 octets: %q", line)
		}
	}
	cal, err := goical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("go-ical rejects the feed: %v\n%s", err, body)
	}
	return cal
}

func TestGroupMeetingsAndCalendars(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		// A Monday in November 2026, before the meetings start.
		e.clock.now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
		e.signupLogin("admin@example.org", goodPassword, "Admin")
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		_, mTok := e.signupLogin("milo@example.org", goodPassword, "Milo")
		expectStatus(t, e.do("PATCH", "/api/v1/me", mTok, map[string]any{"time_zone": "Europe/London"}), http.StatusOK)
		gid := e.newGroup(fTok, "Parents in recovery — evenings", "listed")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", mTok, nil), http.StatusOK)

		weekly := map[string]any{"title": "Weekly meeting", "start_local": "2026-12-01T19:00", "time_zone": "America/Chicago", "duration_minutes": 60,
			"recurrence": map[string]any{"freq": "weekly", "weekdays": []string{"tue"}}, "online_url": "https://meet.example.org/parents"}
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/meetings", mTok, weekly), http.StatusForbidden)
		r := e.do("POST", "/api/v1/groups/"+gid+"/meetings", fTok, weekly)
		expectStatus(t, r, http.StatusCreated)
		mt := r.JSON(t)
		mid := mt["id"].(string)
		if !strings.Contains(mt["schedule"].(string), "Tuesday at 19:00 America/Chicago") {
			t.Fatalf("schedule: %v", mt["schedule"])
		}
		// Milo sees the next meeting in his own zone: 19:00 in Chicago is 01:00 in London.
		list := e.do("GET", "/api/v1/groups/"+gid+"/meetings", mTok, nil).JSON(t)["meetings"].([]any)
		next := list[0].(map[string]any)["upcoming"].([]any)[0].(map[string]any)
		if next["start"] != "2026-12-02T01:00:00.000Z" || list[0].(map[string]any)["viewer_time_zone"] != "Europe/London" {
			t.Fatalf("next meeting in the viewer's zone: %v", next)
		}
		// Across the March change the wall time stays 19:00 in Chicago.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/meetings", fTok, map[string]any{"title": "Spring", "start_local": "2027-03-02T19:00",
			"time_zone": "America/Chicago", "duration_minutes": 60, "recurrence": map[string]any{"freq": "weekly", "weekdays": []string{"tue"}}}), http.StatusCreated)

		// Cancel one date, move another.
		expectStatus(t, e.do("POST", "/api/v1/group-meetings/"+mid+"/occurrences", fTok, map[string]any{"occurrence": "2026-12-09T01:00:00Z", "cancel": true}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/group-meetings/"+mid+"/occurrences", fTok, map[string]any{"occurrence": "2026-12-16T01:00:00Z", "start_local": "2026-12-16T18:30"}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/group-meetings/"+mid+"/occurrences", fTok, map[string]any{"occurrence": "2026-12-10T01:00:00Z", "cancel": true}), http.StatusBadRequest)

		// RSVP and attendance.
		expectStatus(t, e.do("POST", "/api/v1/group-meetings/"+mid+"/rsvp", mTok, map[string]any{"occurrence": "2026-12-02T01:00:00Z", "status": "going"}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/group-meetings/"+mid+"/rsvp", mTok, map[string]any{"occurrence": "2026-12-02T01:00:00Z", "attended": true}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/group-meetings/"+mid+"/rsvp", mTok, map[string]any{"occurrence": "2026-12-02T01:00:00Z", "status": "perhaps"}), http.StatusBadRequest)

		// The group calendar is valid RFC 5545, and a second parser agrees on the dates.
		r = e.do("GET", "/api/v1/groups/"+gid+"/calendar.ics", mTok, nil)
		expectStatus(t, r, http.StatusOK)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("content type %q", r.Header.Get("Content-Type"))
		}
		cal := parseFeed(t, r.Body)
		zones := map[string]bool{}
		for _, c := range cal.Children {
			if c.Name == goical.CompTimezone {
				id, _ := c.Props.Text(goical.PropTimezoneID)
				zones[id] = true
			}
		}
		var master *goical.Event
		for _, ev := range cal.Events() {
			for _, p := range []string{goical.PropUID, goical.PropDateTimeStamp, goical.PropDateTimeStart} {
				if ev.Props.Get(p) == nil {
					t.Fatalf("VEVENT without %s", p)
				}
			}
			if tz := ev.Props.Get(goical.PropDateTimeStart).Params.Get(goical.PropTimezoneID); tz != "" && !zones[tz] {
				t.Fatalf("TZID %s has no VTIMEZONE", tz)
			}
			if ev.Props.Get(goical.PropRecurrenceRule) != nil && strings.HasPrefix(ev.Props.Get(goical.PropUID).Value, mid) {
				master = &ev
			}
		}
		if master == nil {
			t.Fatalf("no recurring event for the meeting:\n%s", r.Body)
		}
		if len(master.Props.Values(goical.PropExceptionDates)) == 0 {
			t.Fatalf("the cancelled date has no EXDATE:\n%s", r.Body)
		}
		chicago, _ := time.LoadLocation("America/Chicago")
		start, err := master.DateTimeStart(chicago)
		if err != nil {
			t.Fatal(err)
		}
		opt, err := rrule.StrToROptionInLocation(master.Props.Get(goical.PropRecurrenceRule).Value, chicago)
		if err != nil {
			t.Fatal(err)
		}
		opt.Dtstart = start
		rule, _ := rrule.NewRRule(*opt)
		set := &rrule.Set{}
		set.RRule(rule)
		for _, ex := range master.Props.Values(goical.PropExceptionDates) {
			exd, err := time.ParseInLocation("20060102T150405", ex.Value, chicago)
			if err != nil {
				exd, err = time.Parse("20060102T150405Z", ex.Value)
			}
			if err != nil {
				t.Fatalf("EXDATE %q: %v", ex.Value, err)
			}
			set.ExDate(exd)
		}
		got := set.Between(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), true)
		want := []string{"2026-12-02T01:00:00Z", "2026-12-16T01:00:00Z", "2026-12-23T01:00:00Z"} // the 9th is cancelled; the 16th is overridden by a RECURRENCE-ID event
		if len(got) != len(want) {
			t.Fatalf("rrule-go expands %v", got)
		}
		for i := range got {
			if got[i].UTC().Format(time.RFC3339) != want[i] {
				t.Fatalf("rrule-go expands %v, want %v", got, want)
			}
		}

		// A private subscription address works without a session until revoked.
		feed := e.do("POST", "/api/v1/me/calendar-feeds", mTok, nil).JSON(t)["url"].(string)
		path := strings.TrimPrefix(feed, e.http.URL)
		r = e.do("GET", path, "", nil)
		expectStatus(t, r, http.StatusOK)
		parseFeed(t, r.Body)
		expectStatus(t, e.do("GET", "/calendar/not-a-token.ics", "", nil), http.StatusNotFound)
		expectStatus(t, e.do("DELETE", "/api/v1/me/calendar-feeds", mTok, nil), http.StatusNoContent)
		expectStatus(t, e.do("GET", path, "", nil), http.StatusNotFound)
		// Non-members get no calendar.
		_, oTok := e.signupLogin("olive@example.org", goodPassword, "Olive")
		expectStatus(t, e.do("GET", "/api/v1/groups/"+gid+"/calendar.ics", oTok, nil), http.StatusForbidden)

		// Bad input: unknown zone, end before start, bad repeat rule — nothing stored.
		bad := []map[string]any{
			{"title": "x", "start_local": "2026-12-01T19:00", "time_zone": "Mars/Olympus", "duration_minutes": 60},
			{"title": "x", "start_local": "2026-12-01T19:00", "end_local": "2026-12-01T18:00", "time_zone": "America/Chicago"},
			{"title": "x", "start_local": "2026-12-01T19:00", "time_zone": "America/Chicago", "duration_minutes": -5},
			{"title": "x", "start_local": "tomorrow", "time_zone": "America/Chicago", "duration_minutes": 60},
			{"title": "x", "start_local": "2026-12-01T19:00", "time_zone": "America/Chicago", "duration_minutes": 60, "recurrence": map[string]any{"freq": "weekly", "weekdays": []string{"someday"}}},
		}
		for _, b := range bad {
			r := e.do("POST", "/api/v1/groups/"+gid+"/meetings", fTok, b)
			expectStatus(t, r, http.StatusBadRequest)
			if len(problemFields(t, r)) == 0 {
				t.Fatalf("no field named: %s", r.Body)
			}
		}
		if n := len(e.do("GET", "/api/v1/groups/"+gid+"/meetings", fTok, nil).JSON(t)["meetings"].([]any)); n != 2 {
			t.Fatalf("%d meetings stored, want 2", n)
		}

		// Reminders go out once, within the hour before, through the job.
		e.clock.now = time.Date(2026, 12, 2, 0, 30, 0, 0, time.UTC)
		for i, want := range []int{2, 0} {
			n, err := e.app.SendMeetingReminders(t.Context())
			if err != nil || n != want {
				t.Fatalf("reminder run %d sent %d (%v), want %d", i, n, err, want)
			}
		}
	})
}
