package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestRemindersAndPushesInTheReadersLanguage: Pat reads Spanish, Ana
// English, both in Chicago. Each gets their check-in reminder, their
// group's meeting reminder (its time in their zone) and the notices of a
// call for support in their own language: in the app, on a phone that
// shows only what kind of thing is waiting, and on Pat's tablet, where
// she chose to see the full text.
func TestRemindersAndPushesInTheReadersLanguage(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	ps := e.startPush()
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	patID, patTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
	_, anaTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, lucTok := e.signupLogin("lucia@example.org", goodPassword, "Lucía")
	e.facilitator(lucTok)
	expectStatus(t, e.do("POST", "/language", patTok, formBody("lang=es&next=/")), http.StatusSeeOther)
	for _, tok := range []string{patTok, anaTok} {
		expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"time_zone": "America/Chicago"}), http.StatusOK)
	}
	patPhone, patTablet, anaPhone := ps.NewDevice(t), ps.NewDevice(t), ps.NewDevice(t)
	e.subscribe(patTok, patPhone, "Pat's phone")
	expectStatus(t, e.do("POST", "/api/v1/me/push-subscriptions", patTok, map[string]any{"endpoint": patTablet.Endpoint,
		"keys": map[string]string{"p256dh": patTablet.P256dh, "auth": patTablet.Auth}, "device_name": "Pat's tablet", "full_text": true}), http.StatusCreated)
	e.subscribe(anaTok, anaPhone, "Ana's phone")

	// pushes waits for n more pushes and returns what each device read.
	seen := 0
	pushes := func(n int) map[string]string {
		t.Helper()
		got := ps.WaitFor(t, seen+n, 90*time.Second) // a wait, not a measure: a busy machine is slow
		out := map[string]string{}
		for _, g := range got[seen:] {
			out[g.Device] = readPush(t, g).Body
		}
		seen = len(got)
		return out
	}
	expect := func(what string, got map[string]string, want map[*testutil.PushDevice]string) {
		t.Helper()
		for d, w := range want {
			if got[d.ID] != w {
				t.Errorf("%s: a device reads %q, want %q (all: %v)", what, got[d.ID], w, got)
			}
		}
	}
	latest := func(tok string) string {
		t.Helper()
		return e.notificationTexts(tok)[0]
	}

	// The check-in reminder, at 20:00 in Chicago.
	chicago, _ := time.LoadLocation("America/Chicago")
	now := e.clock.Now().In(chicago)
	e.clock.Advance(time.Date(now.Year(), now.Month(), now.Day()+1, 19, 0, 0, 0, chicago).Sub(e.clock.Now()))
	for _, tok := range []string{patTok, anaTok} {
		expectStatus(t, e.do("PUT", "/api/v1/me/checkin-reminder", tok, map[string]string{"time": "20:00"}), http.StatusOK)
	}
	e.clock.Advance(90 * time.Minute)
	if n, err := e.app.SendCheckinReminders(t.Context()); err != nil || n != 2 {
		t.Fatalf("check-in reminders: %d, %v", n, err)
	}
	expect("the check-in reminder", pushes(3), map[*testutil.PushDevice]string{
		patPhone: "Es hora de tu registro", patTablet: "Un recordatorio amable: ¿cómo estás hoy? Hacer tu registro toma un minuto.", anaPhone: "Time for your check-in"})
	if got := latest(patTok); got != "Un recordatorio amable: ¿cómo estás hoy? Hacer tu registro toma un minuto." {
		t.Errorf("Pat's reminder in the app: %q", got)
	}
	if got := latest(anaTok); got != "A gentle reminder: how are you today? A check-in takes a minute." {
		t.Errorf("Ana's reminder in the app: %q", got)
	}

	// A meeting of Lucía's group tomorrow at 19:00 in Chicago; the reminder
	// goes out within the hour before.
	r := e.do("POST", "/api/v1/groups", lucTok, map[string]string{"name": "Tardes", "description": "Conversamos.", "visibility": "listed"})
	expectStatus(t, r, http.StatusCreated)
	gid := r.JSON(t)["id"].(string)
	for _, tok := range []string{patTok, anaTok} {
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", tok, map[string]any{"accept_guidelines": true}), http.StatusOK)
	}
	day := e.clock.Now().In(chicago).AddDate(0, 0, 1)
	start := time.Date(day.Year(), day.Month(), day.Day(), 19, 0, 0, 0, chicago)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/meetings", lucTok, map[string]any{"title": "Círculo", "start_local": start.Format("2006-01-02T15:04"),
		"time_zone": "America/Chicago", "duration_minutes": 60}), http.StatusCreated)
	e.clock.now = start.Add(-30 * time.Minute).UTC()
	if _, err := e.app.SendMeetingReminders(t.Context()); err != nil {
		t.Fatal(err)
	}
	zone := start.Format("MST")
	expect("the meeting reminder", pushes(3), map[*testutil.PushDevice]string{
		patPhone: "Algo nuevo te espera", patTablet: "Círculo (Tardes) empieza a las 19:00 " + zone + ".", anaPhone: "Something new is waiting for you"})
	if got := latest(patTok); got != "Círculo (Tardes) empieza a las 19:00 "+zone+"." {
		t.Errorf("Pat's meeting reminder in the app: %q", got)
	}
	if got := latest(anaTok); got != "Círculo (Tardes) starts at 19:00 "+zone+"." {
		t.Errorf("Ana's meeting reminder in the app: %q", got)
	}

	// Ana and Pat are partners; Pat asks for support and Ana answers.
	p := e.do("POST", "/api/v1/partners", anaTok, map[string]string{"user_id": patID})
	expectStatus(t, p, http.StatusCreated)
	expect("the partner invitation", pushes(2), map[*testutil.PushDevice]string{
		patPhone: "Algo nuevo te espera", patTablet: "Ana te invitó a ser compañeros de responsabilidad."})
	expectStatus(t, e.do("POST", "/api/v1/partners/"+p.JSON(t)["id"].(string)+"/accept", patTok, nil), http.StatusOK)
	pushes(1) // Ana is told Pat accepted
	alert := e.do("POST", "/api/v1/support/alerts", patTok, nil)
	expect("the call for support", pushes(1), map[*testutil.PushDevice]string{anaPhone: "Someone in your circle needs you"})
	if got := latest(anaTok); got != "Pat needs support now. Please reach out." {
		t.Errorf("Ana's alert in the app: %q", got)
	}
	expectStatus(t, e.do("POST", "/api/v1/support/alerts/"+alert.JSON(t)["alert"].(map[string]any)["id"].(string)+"/acknowledge", anaTok, nil), http.StatusOK)
	expect("the answer", pushes(2), map[*testutil.PushDevice]string{patPhone: "Alguien te respondió", patTablet: "Ana está respondiendo a tu llamada de apoyo."})
	if got := latest(patTok); !strings.HasPrefix(got, "Ana está respondiendo") {
		t.Errorf("Pat's answer in the app: %q", got)
	}
}
