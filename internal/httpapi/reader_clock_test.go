package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// W15-4 (walk15): Priya in Adelaide reads a 12-hour clock. Her profile's
// country says so: the API's words (a meeting's schedule), her meeting
// reminder in the app and on her phone read "7:30 pm"; she may choose
// 24 hours on her profile through the API, and a choice that is none of
// the three is refused naming the field. Ana, whose profile names no
// country, reads 24 hours as before.
func TestTheAPIWritesTimesOnTheReadersClock(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	ps := e.startPush()
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	_, priyaTok := e.signupLogin("priya@example.org", goodPassword, "Priya")
	_, anaTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, lucTok := e.signupLogin("lucia@example.org", goodPassword, "Lucía")
	e.facilitator(lucTok)
	me := e.do("PATCH", "/api/v1/me", priyaTok, map[string]any{"time_zone": "Australia/Adelaide", "country": "AU"})
	expectStatus(t, me, http.StatusOK)
	if got := me.JSON(t)["profile"].(map[string]any)["clock"]; got != "usual" {
		t.Errorf("Priya's clock: %v, want usual", got)
	}
	expectStatus(t, e.do("PATCH", "/api/v1/me", anaTok, map[string]any{"time_zone": "Australia/Adelaide"}), http.StatusOK)
	phone := ps.NewDevice(t)
	expectStatus(t, e.do("POST", "/api/v1/me/push-subscriptions", priyaTok, map[string]any{"endpoint": phone.Endpoint,
		"keys": map[string]string{"p256dh": phone.P256dh, "auth": phone.Auth}, "device_name": "Priya's phone", "full_text": true}), http.StatusCreated)

	adelaide, _ := time.LoadLocation("Australia/Adelaide")
	r := e.do("POST", "/api/v1/groups", lucTok, map[string]string{"name": "Monday circle", "description": "We meet after work.", "visibility": "listed"})
	expectStatus(t, r, http.StatusCreated)
	gid := r.JSON(t)["id"].(string)
	for _, tok := range []string{priyaTok, anaTok} {
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", tok, map[string]any{"accept_guidelines": true}), http.StatusOK)
	}
	day := e.clock.Now().In(adelaide).AddDate(0, 0, 2)
	start := time.Date(day.Year(), day.Month(), day.Day(), 19, 30, 0, 0, adelaide)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/meetings", lucTok, map[string]any{"title": "Evening circle", "start_local": start.Format("2006-01-02T15:04"),
		"time_zone": "Australia/Adelaide", "duration_minutes": 60}), http.StatusCreated)
	schedule := func(tok string) string {
		t.Helper()
		list := e.do("GET", "/api/v1/groups/"+gid+"/meetings", tok, nil).JSON(t)["meetings"].([]any)
		return list[0].(map[string]any)["schedule"].(string)
	}
	once := "Once, " + start.Format("Monday 2 January 2006") + " at "
	if got, want := schedule(priyaTok), once+"7:30 pm Australia/Adelaide"; got != want {
		t.Errorf("Priya reads the schedule %q, want %q", got, want)
	}
	if got, want := schedule(anaTok), once+"19:30 Australia/Adelaide"; got != want {
		t.Errorf("Ana, with no country, reads the schedule %q, want %q", got, want)
	}

	// The reminder, half an hour before: on Priya's phone and in the app.
	e.clock.now = start.Add(-30 * time.Minute).UTC()
	if _, err := e.app.SendMeetingReminders(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := ps.WaitFor(t, 1, 90*time.Second) // a wait, not a measure
	zone := start.Format("MST")
	if body := readPush(t, got[0]).Body; body != "Evening circle (Monday circle) starts at 7:30 pm "+zone+"." {
		t.Errorf("Priya's phone reads %q", body)
	}
	if got := e.notificationTexts(priyaTok)[0]; got != "Evening circle (Monday circle) starts at 7:30 pm "+zone+"." {
		t.Errorf("Priya's reminder in the app: %q", got)
	}
	if got := e.notificationTexts(anaTok)[0]; got != "Evening circle (Monday circle) starts at 19:30 "+zone+"." {
		t.Errorf("Ana's reminder in the app: %q", got)
	}

	// Priya chooses 24 hours; then a clock that is none of the three.
	me = e.do("PATCH", "/api/v1/me", priyaTok, map[string]any{"clock": "24"})
	expectStatus(t, me, http.StatusOK)
	if got := me.JSON(t)["profile"].(map[string]any)["clock"]; got != "24" {
		t.Errorf("Priya's clock after choosing 24: %v", got)
	}
	if got := e.do("GET", "/api/v1/me", priyaTok, nil).JSON(t)["profile"].(map[string]any)["clock"]; got != "24" {
		t.Errorf("Priya's clock read again: %v", got)
	}
	if got, want := schedule(priyaTok), once+"19:30 Australia/Adelaide"; got != want {
		t.Errorf("Priya, who chose 24 hours, reads %q, want %q", got, want)
	}
	for _, bad := range []any{"13", "", nil, 12} {
		r := e.do("PATCH", "/api/v1/me", priyaTok, map[string]any{"clock": bad, "bio": "changed"})
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(string(r.Body), "choose a clock: usual (as usual where you live), 12 or 24") || !strings.Contains(string(r.Body), `"clock"`) {
			t.Errorf("clock %v: %s", bad, r.Body)
		}
	}
	if p := e.do("GET", "/api/v1/me", priyaTok, nil).JSON(t)["profile"].(map[string]any); p["clock"] != "24" || p["bio"] != nil {
		t.Errorf("a refused change wrote something: %v", p)
	}
	expectStatus(t, e.do("PATCH", "/api/v1/me", priyaTok, map[string]any{"clock": "usual"}), http.StatusOK)
	if got, want := schedule(priyaTok), once+"7:30 pm Australia/Adelaide"; got != want {
		t.Errorf("Priya, back to usual, reads %q, want %q", got, want)
	}
}
