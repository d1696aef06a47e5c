package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestCheckins(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, tok := e.signupLogin("sky@example.org", goodPassword, "Sky")
		r := e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 3, "craving": 6, "used": false, "sleep_hours": 6.5, "note": "Long shift", "tags": []string{"work stress", " work stress ", ""}})
		expectStatus(t, r, http.StatusCreated)
		c := r.JSON(t)
		if c["date"] == "" || c["mood"].(float64) != 3 || len(c["tags"].([]any)) != 1 {
			t.Fatalf("check-in %v", c)
		}
		// The same day again updates, it does not duplicate.
		r = e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 4, "craving": 2, "used": false, "tags": []string{"went to a meeting"}})
		expectStatus(t, r, http.StatusOK)
		list := e.do("GET", "/api/v1/checkins?days=7", tok, nil).JSON(t)["checkins"].([]any)
		if len(list) != 1 || list[0].(map[string]any)["mood"].(float64) != 4 {
			t.Fatalf("list after update: %v", list)
		}
		// A new day is a new check-in, listed newest first.
		e.clock.Advance(24 * time.Hour)
		expectStatus(t, e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 5, "craving": 1, "used": false}), http.StatusCreated)
		list = e.do("GET", "/api/v1/checkins", tok, nil).JSON(t)["checkins"].([]any)
		if len(list) != 2 || list[0].(map[string]any)["date"].(string) <= list[1].(map[string]any)["date"].(string) {
			t.Fatalf("two days, newest first: %v", list)
		}
		if l := e.do("GET", "/api/v1/checkins?days=1", tok, nil).JSON(t)["checkins"].([]any); len(l) != 1 {
			t.Fatalf("days=1 gave %d", len(l))
		}
	})
}

func TestCheckinBadInput(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("sky@example.org", goodPassword, "Sky")
	cases := []struct {
		body  any
		field string
		msg   string
	}{
		{map[string]any{"mood": 0, "craving": 2, "used": false}, "mood", "1 (very low) to 5"},
		{map[string]any{"mood": 3, "craving": 11, "used": false}, "craving", "0 (none) to 10"},
		{map[string]any{"mood": 3, "craving": 2}, "used", "true or false"},
		{map[string]any{"mood": 3, "craving": 2, "used": false, "sleep_hours": 30}, "sleep_hours", "between 0 and 24"},
		{map[string]any{"mood": 3, "craving": 2, "used": false, "note": strings.Repeat("n", 2001)}, "note", "at most 2000"},
		{`{"mood": "good", "craving": 2, "used": false}`, "mood", "must be a number"},
		{map[string]any{"mood": 3, "craving": 2, "used": false, "mood_detail": "x"}, "mood_detail", "unknown field"},
	}
	for _, c := range cases {
		r := e.do("POST", "/api/v1/checkins", tok, c.body)
		expectStatus(t, r, http.StatusBadRequest)
		fields := problemFields(t, r)
		if msg, _ := fields[c.field].(string); !strings.Contains(msg, c.msg) {
			t.Errorf("%v: %s message %q, want %q", c.body, c.field, msg, c.msg)
		}
	}
	// Every field to fix is named at once, the missing and the wrong.
	r := e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 9, "craving": -1})
	expectStatus(t, r, http.StatusBadRequest)
	if f := problemFields(t, r); len(f) != 3 || f["mood"] == nil || f["craving"] == nil || f["used"] == nil {
		t.Errorf("all three fields named: %s", r.Body)
	}
	if l := e.do("GET", "/api/v1/checkins", tok, nil).JSON(t)["checkins"].([]any); len(l) != 0 {
		t.Fatalf("bad check-ins were stored: %v", l)
	}
	for _, q := range []string{"0", "367", "abc", "-3"} {
		expectStatus(t, e.do("GET", "/api/v1/checkins?days="+q, tok, nil), http.StatusBadRequest)
	}
}

func TestRecoveryTime(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, tok := e.signupLogin("jay@example.org", goodPassword, "Jay")
		r := e.do("GET", "/api/v1/me/recovery", tok, nil).JSON(t)
		if r["has_start"] != false || !strings.Contains(r["encouragement"].(string), "start date") {
			t.Fatalf("no start yet: %v", r)
		}
		expectStatus(t, e.do("POST", "/api/v1/me/recovery/returns", tok, map[string]string{"date": "2026-01-01"}), http.StatusBadRequest)
		today := e.clock.Now().UTC()
		start := today.AddDate(0, 0, -100).Format("2006-01-02")
		expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"recovery_start": start, "time_zone": "UTC"}), http.StatusOK)
		r = e.do("GET", "/api/v1/me/recovery", tok, nil).JSON(t)
		if r["streak_days"].(float64) != 100 || r["cumulative_days"].(float64) != 100 || r["next_milestone"].(map[string]any)["label"] != "6 months" {
			t.Fatalf("100 days: %v", r)
		}
		// A setback 10 days ago: streak 9, cumulative keeps the 90 before it.
		setback := today.AddDate(0, 0, -10).Format("2006-01-02")
		r = e.do("POST", "/api/v1/me/recovery/returns", tok, map[string]string{"date": setback}).JSON(t)
		if r["streak_days"].(float64) != 9 || r["cumulative_days"].(float64) != 99 || r["returns_to_use"].(float64) != 1 {
			t.Fatalf("after a setback: %v", r)
		}
		if enc := r["encouragement"].(string); strings.Contains(strings.ToLower(enc), "fail") || !strings.Contains(enc, "99") {
			t.Fatalf("encouragement %q", enc)
		}
		for _, bad := range []string{today.AddDate(0, 0, 2).Format("2006-01-02"), today.AddDate(0, 0, -200).Format("2006-01-02"), "yesterday"} {
			expectStatus(t, e.do("POST", "/api/v1/me/recovery/returns", tok, map[string]string{"date": bad}), http.StatusBadRequest)
		}
		// Export carries check-ins and setbacks; deletion erases them.
		expectStatus(t, e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 3, "craving": 3, "used": false}), http.StatusCreated)
		ex := e.do("GET", "/api/v1/me/export", tok, nil).JSON(t)["more"].(map[string]any)
		if len(ex["checkins"].([]any)) != 1 || len(ex["return_to_use_dates"].([]any)) != 1 {
			t.Fatalf("export: %v", ex)
		}
	})
}

// TestCheckinDayFollowsTimeZone: the day a check-in belongs to is the
// member's local day, so travelling neither loses nor doubles one.
func TestCheckinDayFollowsTimeZone(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("ari@example.org", goodPassword, "Ari")
	// 02:00 UTC is still the previous evening in Chicago.
	now := e.clock.Now()
	e.clock.Advance(time.Date(now.Year(), now.Month(), now.Day()+1, 2, 0, 0, 0, time.UTC).Sub(now))
	expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"time_zone": "America/Chicago"}), http.StatusOK)
	c := e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 3, "craving": 1, "used": false}).JSON(t)
	utcDay := e.clock.Now().UTC().Format("2006-01-02")
	if c["date"] == utcDay {
		t.Fatalf("check-in dated by UTC (%s), not the local day", c["date"])
	}
	// Flying to Tokyo the same instant: it is already the next day there.
	expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"time_zone": "Asia/Tokyo"}), http.StatusOK)
	r := e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 4, "craving": 1, "used": false})
	expectStatus(t, r, http.StatusCreated)
	if r.JSON(t)["date"] != utcDay {
		t.Fatalf("Tokyo day %v, want %s", r.JSON(t)["date"], utcDay)
	}
}

func TestRecoveryCapitalAndTrends(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, tok := e.signupLogin("rio@example.org", goodPassword, "Rio")
		h := e.do("GET", "/api/v1/me/recovery-capital", tok, nil).JSON(t)
		if len(h["statements"].([]any)) != 10 || h["threshold"].(float64) != 47 || !strings.Contains(h["explanation"].(string), "47") {
			t.Fatalf("survey description: %v", h)
		}
		for _, bad := range []any{
			map[string]any{"responses": []int{1, 2, 3}},
			map[string]any{"responses": []int{1, 2, 3, 4, 5, 6, 7, 1, 1, 1}},
			map[string]any{"responses": []int{0, 2, 3, 4, 5, 6, 1, 1, 1, 1}},
		} {
			expectStatus(t, e.do("POST", "/api/v1/me/recovery-capital", tok, bad), http.StatusBadRequest)
		}
		r := e.do("POST", "/api/v1/me/recovery-capital", tok, map[string]any{"responses": []int{5, 5, 4, 4, 5, 5, 4, 6, 4, 5}})
		expectStatus(t, r, http.StatusCreated)
		if r.JSON(t)["total"].(float64) != 47 {
			t.Fatalf("total: %s", r.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/me/recovery-capital", tok, map[string]any{"responses": []int{5, 5, 4, 4, 5, 5, 4, 6, 4, 6}}), http.StatusOK)
		e.clock.Advance(6 * 24 * time.Hour)
		expectStatus(t, e.do("GET", "/api/v1/me", tok, nil), http.StatusOK) // keep the session alive
		e.clock.Advance(26 * 24 * time.Hour)
		tok = e.login("rio@example.org", goodPassword, "")
		expectStatus(t, e.do("POST", "/api/v1/me/recovery-capital", tok, map[string]any{"responses": []int{6, 6, 6, 6, 6, 6, 6, 6, 6, 6}}), http.StatusCreated)
		s := e.do("GET", "/api/v1/me/recovery-capital", tok, nil).JSON(t)["surveys"].([]any)
		if len(s) != 2 || s[0].(map[string]any)["total"].(float64) != 48 || s[1].(map[string]any)["total"].(float64) != 60 {
			t.Fatalf("history: %v", s)
		}
		if len(s[0].(map[string]any)["responses"].([]any)) != 10 {
			t.Fatal("item answers not kept")
		}
	})
}

func TestTrendsPage(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("tam@example.org", goodPassword, "Tam")
	for i, m := range []int{2, 3, 3, 4, 5} {
		if i > 0 {
			e.clock.Advance(24 * time.Hour)
		}
		expectStatus(t, e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": m, "craving": 6 - m, "used": false}), http.StatusCreated)
	}
	expectStatus(t, e.do("POST", "/api/v1/me/recovery-capital", tok, map[string]any{"responses": []int{4, 4, 4, 4, 4, 4, 4, 4, 4, 4}}), http.StatusCreated)
	r := e.do("GET", "/trends?days=30", tok, nil)
	expectStatus(t, r, http.StatusOK)
	page := string(r.Body)
	for _, want := range []string{`role="img"`, "Mood, the last 30 days", "5 entries, from 2 to 5", "Higher lately", "<polyline", "Recovery capital", "1 entry, from 40 to 40 of 60"} {
		if !strings.Contains(page, want) {
			t.Errorf("trends page lacks %q", want)
		}
	}
	expectStatus(t, e.do("GET", "/trends?days=7", tok, nil), http.StatusBadRequest)
}

func TestCheckinReminders(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, tok := e.signupLogin("lou@example.org", goodPassword, "Lou")
		expectStatus(t, e.do("PUT", "/api/v1/me/checkin-reminder", tok, map[string]string{"time": "25:00"}), http.StatusBadRequest)
		expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"time_zone": "America/Chicago"}), http.StatusOK)
		chicago, _ := time.LoadLocation("America/Chicago")
		now := e.clock.Now().In(chicago)
		// Today at 19:00 Chicago time, with the reminder set for 20:00.
		e.clock.Advance(time.Date(now.Year(), now.Month(), now.Day()+1, 19, 0, 0, 0, chicago).Sub(e.clock.Now()))
		expectStatus(t, e.do("PUT", "/api/v1/me/checkin-reminder", tok, map[string]string{"time": "20:00"}), http.StatusOK)
		run := func() int {
			n, err := e.app.SendCheckinReminders(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if run() != 0 {
			t.Fatal("reminded before the chosen time")
		}
		e.clock.Advance(90 * time.Minute)
		if run() != 1 || run() != 0 {
			t.Fatal("want exactly one reminder a day")
		}
		if countWith(notifications(t, e, tok), "gentle reminder") != 1 {
			t.Fatal("reminder not delivered in-app")
		}
		// The next day, a member who already checked in is not reminded.
		e.clock.Advance(20 * time.Hour)
		expectStatus(t, e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 4, "craving": 1, "used": false}), http.StatusCreated)
		e.clock.Advance(6 * time.Hour)
		if run() != 0 {
			t.Fatal("reminded after checking in")
		}
		// Turning it off is one call.
		expectStatus(t, e.do("PUT", "/api/v1/me/checkin-reminder", tok, map[string]string{"time": ""}), http.StatusOK)
		if got := e.do("GET", "/api/v1/me/checkin-reminder", tok, nil).JSON(t)["time"]; got != "" {
			t.Fatalf("reminder still set: %v", got)
		}
	})
}

// TestLateCheckin: a check-in made offline keeps the local day it was made
// when it arrives later, up to three days late; a day further back, a day
// that has not begun, or a date that is not one is refused with a message
// saying which days work, and nothing is stored for it.
func TestLateCheckin(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("ari@example.org", goodPassword, "Ari")
	now := e.clock.Now()
	e.clock.Advance(time.Date(now.Year(), now.Month(), now.Day()+1, 12, 0, 0, 0, time.UTC).Sub(now))
	today := e.clock.Now().UTC()
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	r := e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 2, "craving": 6, "used": false, "note": "on the train", "date": day(-3)})
	expectStatus(t, r, http.StatusCreated)
	if r.JSON(t)["date"] != day(-3) {
		t.Fatalf("a late check-in was stored for %v, want %s", r.JSON(t)["date"], day(-3))
	}
	// A refusal writes each day as the page writes it, not as the API takes it.
	words := func(n int) string { return today.AddDate(0, 0, n).Format("2 January 2006") }
	for _, c := range []struct{ date, want string }{
		{day(-4), "up to 3 days late; " + words(-4) + " is too long ago (the earliest is " + words(-3) + ")"},
		{day(2), "cannot be for " + words(2) + ": that day has not begun yet"},
		{"04/12/2026", "give the day of the check-in as YYYY-MM-DD"},
	} {
		r := e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 3, "craving": 1, "used": false, "date": c.date})
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.String(), c.want) {
			t.Errorf("date %s: %s, want %q", c.date, r.Body, c.want)
		}
	}
	// Tomorrow has begun somewhere (UTC+14 at 12:00 UTC): a phone there may send it.
	expectStatus(t, e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 3, "craving": 1, "used": false, "date": day(1)}), http.StatusCreated)
	list := e.do("GET", "/api/v1/checkins?days=7", tok, nil).String()
	if strings.Contains(list, day(-4)) || strings.Contains(list, day(2)) || !strings.Contains(list, day(-3)) {
		t.Fatalf("stored check-ins: %s", list)
	}
}

// TestRecoveryStartOnTheAppsClock: the profile's recovery start is checked
// against the app's clock, not the machine's. With the server's clock months
// ahead of the machine (as KINSHIP_TEST_CLOCK runs it, or a server whose
// clock was set), a start last week is kept, and one after tomorrow is
// refused beside the field in the reader's language.
func TestRecoveryStartOnTheAppsClock(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.clock.Advance(120 * 24 * time.Hour)
	_, tok := e.signupLogin("jay@example.org", goodPassword, "Jay")
	today := e.clock.Now().UTC()
	lastWeek := today.AddDate(0, 0, -7).Format("2006-01-02")
	r := e.do("PATCH", "/api/v1/me", tok, map[string]any{"recovery_start": lastWeek, "time_zone": "UTC"})
	expectStatus(t, r, http.StatusOK)
	if got := e.do("GET", "/api/v1/me/recovery", tok, nil).JSON(t)["streak_days"]; got != 7.0 {
		t.Errorf("a start a week before the app's today: %v days", got)
	}
	later := today.AddDate(0, 0, 3).Format("2006-01-02")
	r = e.do("PATCH", "/api/v1/me", tok, map[string]any{"recovery_start": later})
	expectStatus(t, r, http.StatusBadRequest)
	if !strings.Contains(string(r.Body), "the start date cannot be in the future") {
		t.Errorf("a start after the app's tomorrow: %s", r.Body)
	}
	for lang, want := range map[string]string{"en": "The start date cannot be in the future", "es": "La fecha de inicio no puede ser en el futuro"} {
		req, err := http.NewRequest("POST", e.http.URL+"/profile", strings.NewReader("display_name=Jay&time_zone=UTC&recovery_start="+later))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "kinship_lang="+lang)
		r := e.send(req, tok)
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("%s: the profile page does not say %q (%d)", lang, want, r.Status)
		}
		req, _ = http.NewRequest("POST", e.http.URL+"/profile", strings.NewReader("display_name=Jay&time_zone=UTC&recovery_start="+lastWeek))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "kinship_lang="+lang)
		if r := e.send(req, tok); r.Status >= 400 {
			t.Errorf("%s: a start last week refused (%d): %s", lang, r.Status, r.Body)
		}
	}
}
