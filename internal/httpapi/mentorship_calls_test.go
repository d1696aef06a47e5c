package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// callPair is Javier, a mentor in Madrid who reads Spanish, and Priya,
// his mentee in Kolkata (UTC+5:30), in an active mentorship.
type callPair struct {
	javierID, javierTok, priyaID, priyaTok, ms string
	secret                                     string // Javier's second factor
}

func (e *env) callPair(t *testing.T) callPair {
	t.Helper()
	var p callPair
	p.javierID, p.javierTok = e.signupLogin("javier@example.org", goodPassword, "Javier")
	p.priyaID, p.priyaTok = e.signupLogin("priya@example.org", goodPassword, "Priya")
	p.secret = e.enableMFA(p.javierTok)
	start := e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")
	expectStatus(t, e.do("PATCH", "/api/v1/me", p.javierTok, map[string]any{"recovery_start": start, "time_zone": "Europe/Madrid"}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/me", p.priyaTok, map[string]any{"time_zone": "Asia/Kolkata"}), http.StatusOK)
	u, err := e.store.FindUserByID(context.Background(), p.javierID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.SetLanguage(app.WithActor(context.Background(), &app.Actor{User: u}), "es"); err != nil {
		t.Fatal(err)
	}
	expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", p.javierTok, map[string]any{"is_mentor": true, "capacity": 2, "availability": []string{"tue-evening"}}), http.StatusOK)
	r := e.do("POST", "/api/v1/mentorships", p.priyaTok, map[string]string{"mentor_id": p.javierID})
	expectStatus(t, r, http.StatusCreated)
	p.ms = r.JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/mentorships/"+p.ms+"/status", p.javierTok, map[string]string{"action": "accept"}), http.StatusOK)
	return p
}

// setClock moves the harness's clock to t.
func (e *env) setClock(t time.Time) {
	e.clock.mu.Lock()
	e.clock.now = t
	e.clock.mu.Unlock()
}

// callsOf is the calls a person lists in a mentorship.
func (e *env) callsOf(t *testing.T, tok, ms string) []map[string]any {
	t.Helper()
	r := e.do("GET", "/api/v1/mentorships/"+ms+"/calls", tok, nil)
	expectStatus(t, r, http.StatusOK)
	var out []map[string]any
	for _, it := range r.JSON(t)["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// TestMentorshipCalls: Javier (Madrid, Spanish) proposes "19:00" on his
// clock; Priya (Kolkata, English) reads it as 23:30 on hers, in her
// words, and confirms; each is told in their own zone and language, and
// each downloads the call for their calendar. She suggests another time
// for his next one, cancels one, and both are reminded before a call.
// A third person sees none of it; bad times are refused naming the
// field, writing nothing; a call after Madrid's clocks go forward reads
// an hour earlier in Kolkata; when the mentorship ends its calls do too.
func TestMentorshipCalls(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		e.setClock(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)) // a Monday
		p := e.callPair(t)
		_, zoeTok := e.signupLogin("zoe@example.org", goodPassword, "Zoe")
		expectStatus(t, e.do("PUT", "/api/v1/me/notification-settings", p.javierTok, map[string]bool{"email": true}), http.StatusNoContent)
		mailsBefore := len(e.smtp.Messages())

		// Javier proposes Tuesday 19:00 in Madrid.
		r := e.do("POST", "/api/v1/mentorships/"+p.ms+"/calls", p.javierTok, map[string]any{"start_local": "2026-12-08T19:00", "duration_minutes": 60})
		expectStatus(t, r, http.StatusCreated)
		call := r.JSON(t)
		id := call["id"].(string)
		if r.Header.Get("Location") != "/api/v1/mentorship-calls/"+id {
			t.Fatalf("Location %q", r.Header.Get("Location"))
		}
		if call["when"] != "martes 8 de diciembre, 19:00" || call["start_local"] != "2026-12-08T19:00" || call["time_zone"] != "Europe/Madrid" ||
			call["start"] != "2026-12-08T18:00:00.000Z" || call["status"] != "proposed" || call["proposed_by_me"] != true || call["waiting_for_you"] != false {
			t.Fatalf("Javier's proposal reads: %v", call)
		}
		// Priya reads it on her clock, in English, and is told so.
		got := e.callsOf(t, p.priyaTok, p.ms)
		if len(got) != 1 || got[0]["when"] != "Tuesday 8 December, 23:30" || got[0]["start_local"] != "2026-12-08T23:30" || got[0]["time_zone"] != "Asia/Kolkata" ||
			got[0]["waiting_for_you"] != true || got[0]["with_display_name"] != "Javier" || got[0]["proposed_start_local"] != "2026-12-08T19:00" ||
			got[0]["proposed_time_zone"] != "Europe/Madrid" || got[0]["duration_minutes"] != 60.0 || got[0]["end"] != "2026-12-08T19:00:00.000Z" {
			t.Fatalf("Priya's list: %v", got)
		}
		if !containsText(e.notificationTexts(p.priyaTok), "Javier proposed a call: Tuesday 8 December, 23:30, for 60 minutes. Confirm it, or suggest another time.") {
			t.Fatalf("Priya's notices: %q", e.notificationTexts(p.priyaTok))
		}

		// Only the proposer's other person answers it.
		r = e.do("POST", "/api/v1/mentorship-calls/"+id+"/status", p.javierTok, map[string]string{"action": "confirm"})
		expectStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.String(), "the other person answers a call you proposed; you can cancel it") {
			t.Fatalf("Javier confirming his own: %s", r.Body)
		}
		r = e.do("POST", "/api/v1/mentorship-calls/"+id+"/status", p.priyaTok, map[string]string{"action": "wave"})
		expectStatus(t, r, http.StatusBadRequest)
		if f := problemFields(t, r); f["action"] != "action must be confirm, decline or cancel" {
			t.Fatalf("an unknown action: %s", r.Body)
		}
		// A calendar file is for a confirmed call.
		expectStatus(t, e.do("GET", "/api/v1/mentorship-calls/"+id+"/calendar.ics", p.priyaTok, nil), http.StatusConflict)

		r = e.do("POST", "/api/v1/mentorship-calls/"+id+"/status", p.priyaTok, map[string]string{"action": "confirm"})
		expectStatus(t, r, http.StatusOK)
		if v := r.JSON(t); v["status"] != "confirmed" || v["when"] != "Tuesday 8 December, 23:30" {
			t.Fatalf("confirmed: %v", v)
		}
		if !containsText(e.notificationTexts(p.javierTok), "Priya confirmó su llamada: martes 8 de diciembre, 19:00.") {
			t.Fatalf("Javier's notices: %q", e.notificationTexts(p.javierTok))
		}
		for _, tok := range []string{p.javierTok, p.priyaTok} {
			if l := e.callsOf(t, tok, p.ms); len(l) != 1 || l[0]["status"] != "confirmed" {
				t.Fatalf("the confirmed call in the list: %v", l)
			}
			mine := e.do("GET", "/api/v1/mentorship-calls", tok, nil).JSON(t)["items"].([]any)
			if len(mine) != 1 || mine[0].(map[string]any)["id"] != id {
				t.Fatalf("all my calls: %v", mine)
			}
		}
		// His emails say only that something waits.
		mails := e.smtp.WaitFor(t, mailsBefore+1, 10*time.Second)
		for _, m := range mails[mailsBefore:] {
			low := strings.ToLower(m.Data)
			for _, w := range []string{"llamada", "call", "mentor", "recuper", "recovery", "priya"} {
				if strings.Contains(low, w) {
					t.Errorf("an email says %q:\n%s", w, m.Data)
				}
			}
		}

		// Each downloads it: one event in Madrid's zone, named after the other person only.
		for _, c := range []struct{ tok, summary string }{{p.priyaTok, "Call with Javier"}, {p.javierTok, "Llamada con Priya"}} {
			r := e.do("GET", "/api/v1/mentorship-calls/"+id+"/calendar.ics", c.tok, nil)
			expectStatus(t, r, http.StatusOK)
			if ct := r.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
				t.Fatalf("Content-Type %q", ct)
			}
			body := r.String()
			for _, want := range []string{"BEGIN:VTIMEZONE\r\nTZID:Europe/Madrid", "SUMMARY:" + c.summary + "\r\n", "DTSTART;TZID=Europe/Madrid:20261208T190000\r\n",
				"DTEND;TZID=Europe/Madrid:20261208T200000\r\n", "UID:" + id + "@kinship\r\n"} {
				if !strings.Contains(body, want) {
					t.Fatalf("the calendar file lacks %q:\n%s", want, body)
				}
			}
			low := strings.ToLower(body)
			for _, w := range []string{"mentor", "recovery", "recuper", "kolkata"} {
				if strings.Contains(low, w) {
					t.Errorf("the calendar file says %q:\n%s", w, body)
				}
			}
			cal, err := goical.NewDecoder(strings.NewReader(body)).Decode()
			if err != nil {
				t.Fatalf("calendar clients cannot read it: %v\n%s", err, body)
			}
			evs := cal.Events()
			if len(evs) != 1 {
				t.Fatalf("%d events", len(evs))
			}
			loc, _ := time.LoadLocation("Europe/Madrid")
			start, err := evs[0].DateTimeStart(loc)
			if err != nil || !start.Equal(time.Date(2026, 12, 8, 18, 0, 0, 0, time.UTC)) {
				t.Fatalf("the event starts %v (%v)", start, err)
			}
		}

		// Zoe, a third person, can neither see nor change it.
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/v1/mentorship-calls/" + id, nil},
			{"GET", "/api/v1/mentorship-calls/" + id + "/calendar.ics", nil},
			{"POST", "/api/v1/mentorship-calls/" + id + "/status", map[string]string{"action": "cancel"}},
			{"POST", "/api/v1/mentorship-calls/" + id + "/suggest", map[string]any{"start_local": "2026-12-09T19:00", "duration_minutes": 30}},
			{"GET", "/api/v1/mentorships/" + p.ms + "/calls", nil},
			{"POST", "/api/v1/mentorships/" + p.ms + "/calls", map[string]any{"start_local": "2026-12-09T19:00", "duration_minutes": 30}},
		} {
			r := e.do(c.method, c.path, zoeTok, c.body)
			expectStatus(t, r, http.StatusNotFound)
			if strings.Contains(r.String(), "Javier") || strings.Contains(r.String(), "2026-12-08") {
				t.Fatalf("Zoe's %s %s tells her: %s", c.method, c.path, r.Body)
			}
		}
		if l := e.do("GET", "/api/v1/mentorship-calls", zoeTok, nil).JSON(t)["items"].([]any); len(l) != 0 {
			t.Fatalf("Zoe's calls: %v", l)
		}

		// Bad times are refused naming the field, and nothing is written.
		noticesBefore := len(e.notificationTexts(p.javierTok))
		for _, c := range []struct {
			body        map[string]any
			field, says string
		}{
			{map[string]any{"start_local": "2026-12-06T19:00", "duration_minutes": 30}, "start_local", "that time has passed; choose a time still to come"},
			{map[string]any{"start_local": "2027-03-28T02:30", "time_zone": "Europe/Madrid", "duration_minutes": 30}, "start_local",
				"Sunday 28 March 2027, 02:30 does not happen in Central European Time (Madrid): the clocks go forward over it that night; choose another time"},
			{map[string]any{"start_local": "tomorrow evening", "duration_minutes": 30}, "start_local", `"tomorrow evening" is not a day and time; write it like 2026-12-08T19:00`},
			{map[string]any{"start_local": "2028-12-08T19:00", "duration_minutes": 30}, "start_local", "choose a time within the next year"},
			{map[string]any{"start_local": "2026-12-09T19:00", "duration_minutes": 10}, "duration_minutes", "a call lasts from 15 to 120 minutes"},
			{map[string]any{"start_local": "2026-12-09T19:00", "duration_minutes": 121}, "duration_minutes", "a call lasts from 15 to 120 minutes"},
			{map[string]any{"start_local": "2026-12-09T19:00", "time_zone": "Mars/Olympus", "duration_minutes": 30}, "time_zone",
				`we do not know the time zone "Mars/Olympus"; write a city, like Madrid, or a name like Europe/Madrid`},
		} {
			r := e.do("POST", "/api/v1/mentorships/"+p.ms+"/calls", p.priyaTok, c.body)
			expectStatus(t, r, http.StatusBadRequest)
			if f := problemFields(t, r); f[c.field] != c.says {
				t.Fatalf("%v: fields %v, want %s: %q", c.body, f, c.field, c.says)
			}
		}
		if l := e.callsOf(t, p.priyaTok, p.ms); len(l) != 1 {
			t.Fatalf("a refused call was written: %v", l)
		}
		if n := len(e.notificationTexts(p.javierTok)); n != noticesBefore {
			t.Fatalf("Javier was told of refused calls: %d notices, was %d", n, noticesBefore)
		}

		// Javier proposes Thursday; Priya suggests another time on her clock.
		r = e.do("POST", "/api/v1/mentorships/"+p.ms+"/calls", p.javierTok, map[string]any{"start_local": "2026-12-10T19:00", "duration_minutes": 30})
		expectStatus(t, r, http.StatusCreated)
		thu := r.JSON(t)["id"].(string)
		r = e.do("POST", "/api/v1/mentorship-calls/"+thu+"/suggest", p.priyaTok, map[string]any{"start_local": "2026-12-10T22:00", "duration_minutes": 45})
		expectStatus(t, r, http.StatusCreated)
		sug := r.JSON(t)
		if sug["replaces"] != thu || sug["when"] != "Thursday 10 December, 22:00" || sug["proposed_by_me"] != true {
			t.Fatalf("Priya's other time: %v", sug)
		}
		if v := e.do("GET", "/api/v1/mentorship-calls/"+thu, p.javierTok, nil).JSON(t); v["status"] != "declined" {
			t.Fatalf("the call answered with another time: %v", v)
		}
		if !containsText(e.notificationTexts(p.javierTok), "Priya sugiere otra hora para su llamada: jueves 10 de diciembre, 17:30, de 45 minutos.") {
			t.Fatalf("Javier's notices: %q", e.notificationTexts(p.javierTok))
		}
		expectStatus(t, e.do("POST", "/api/v1/mentorship-calls/"+thu+"/status", p.javierTok, map[string]string{"action": "confirm"}), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/mentorship-calls/"+sug["id"].(string)+"/status", p.javierTok, map[string]string{"action": "confirm"}), http.StatusOK)

		// Priya cancels Tuesday's; Javier is told on his clock.
		expectStatus(t, e.do("POST", "/api/v1/mentorship-calls/"+id+"/status", p.priyaTok, map[string]string{"action": "cancel"}), http.StatusOK)
		if !containsText(e.notificationTexts(p.javierTok), "Priya canceló la llamada del martes 8 de diciembre, 19:00.") {
			t.Fatalf("Javier's notices: %q", e.notificationTexts(p.javierTok))
		}
		expectStatus(t, e.do("POST", "/api/v1/mentorship-calls/"+id+"/status", p.javierTok, map[string]string{"action": "cancel"}), http.StatusConflict)
		if l := e.callsOf(t, p.javierTok, p.ms); len(l) != 1 || l[0]["id"] != sug["id"] || l[0]["when"] != "jueves 10 de diciembre, 17:30" {
			t.Fatalf("Javier's calls after the cancel: %v", l)
		}

		// Within the hour before Thursday's call, both are reminded, once.
		e.setClock(time.Date(2026, 12, 10, 16, 0, 0, 0, time.UTC))
		if n, err := e.app.SendCallReminders(context.Background()); err != nil || n != 2 {
			t.Fatalf("reminders sent %d, %v", n, err)
		}
		if n, err := e.app.SendCallReminders(context.Background()); err != nil || n != 0 {
			t.Fatalf("reminders sent again: %d, %v", n, err)
		}
		if !containsText(e.notificationTexts(p.javierTok), "Tu llamada con Priya empieza a las 17:30 CET.") {
			t.Fatalf("Javier's reminder: %q", e.notificationTexts(p.javierTok))
		}
		if !containsText(e.notificationTexts(p.priyaTok), "Your call with Javier starts at 22:00 IST.") {
			t.Fatalf("Priya's reminder: %q", e.notificationTexts(p.priyaTok))
		}

		// Before Madrid's clocks go forward (Sunday 28 March 2027), Javier
		// proposes 19:00 for the Friday before and the Tuesday after:
		// 23:30 and then 22:30 in Kolkata, which keeps its clock.
		e.setClock(time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC))
		code, err := totp.GenerateCode(p.secret, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		p.javierTok, p.priyaTok = e.login("javier@example.org", goodPassword, code), e.login("priya@example.org", goodPassword, "")
		for _, c := range []struct{ local, his, hers, start string }{
			{"2027-03-26T19:00", "viernes 26 de marzo, 19:00", "Friday 26 March, 23:30", "2027-03-26T18:00:00.000Z"},
			{"2027-03-30T19:00", "martes 30 de marzo, 19:00", "Tuesday 30 March, 22:30", "2027-03-30T17:00:00.000Z"},
		} {
			r := e.do("POST", "/api/v1/mentorships/"+p.ms+"/calls", p.javierTok, map[string]any{"start_local": c.local, "duration_minutes": 60})
			expectStatus(t, r, http.StatusCreated)
			v := r.JSON(t)
			if v["when"] != c.his || v["start"] != c.start {
				t.Fatalf("Javier's %s: %v", c.local, v)
			}
			hers := e.do("GET", "/api/v1/mentorship-calls/"+v["id"].(string), p.priyaTok, nil).JSON(t)
			if hers["when"] != c.hers {
				t.Fatalf("Priya reads %s as %q, want %q", c.local, hers["when"], c.hers)
			}
			if !containsText(e.notificationTexts(p.priyaTok), "Javier proposed a call: "+c.hers+", for 60 minutes.") {
				t.Fatalf("Priya's notices: %q", e.notificationTexts(p.priyaTok))
			}
		}

		// The mentorship ends: its calls are off and no longer listed as coming.
		expectStatus(t, e.do("POST", "/api/v1/mentorships/"+p.ms+"/status", p.priyaTok, map[string]string{"action": "end"}), http.StatusOK)
		for _, tok := range []string{p.javierTok, p.priyaTok} {
			if l := e.callsOf(t, tok, p.ms); len(l) != 0 {
				t.Fatalf("calls of an ended mentorship: %v", l)
			}
			if l := e.do("GET", "/api/v1/mentorship-calls", tok, nil).JSON(t)["items"].([]any); len(l) != 0 {
				t.Fatalf("calls of an ended mentorship: %v", l)
			}
		}
		r = e.do("POST", "/api/v1/mentorships/"+p.ms+"/calls", p.javierTok, map[string]any{"start_local": "2027-04-01T19:00", "duration_minutes": 30})
		expectStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.String(), "calls are planned while the mentorship is active") {
			t.Fatalf("a call in an ended mentorship: %s", r.Body)
		}
	})
}

// TestCallWithoutZone: a person with no time zone of their own who
// proposes a call without time_zone is told to send one (400 naming
// time_zone), nothing is written and no one is told; with the zone sent,
// the call is read on that clock. In a zone whose clocks go forward, the
// skipped hour is refused naming start_local, the hour after is taken.
func TestCallWithoutZone(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.setClock(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))
	p := e.callPair(t)
	expectStatus(t, e.do("PATCH", "/api/v1/me", p.priyaTok, `{"time_zone":null}`), http.StatusOK)
	propose := func(body map[string]any) resp {
		return e.do("POST", "/api/v1/mentorships/"+p.ms+"/calls", p.priyaTok, body)
	}
	r := propose(map[string]any{"start_local": "2026-12-08T19:00", "duration_minutes": 30})
	expectStatus(t, r, http.StatusBadRequest)
	if pr := r.JSON(t); pr["type"] != "urn:kinship:problem:invalid" || pr["detail"] != "the call needs a change" {
		t.Fatalf("no zone: %s", r.Body)
	}
	if f := problemFields(t, r); len(f) != 1 || f["time_zone"] != "the zone start_local is in is needed: your profile has no time zone; send time_zone, like Europe/Madrid, or set your zone on your profile" {
		t.Fatalf("no zone: %s", r.Body)
	}
	if l := e.callsOf(t, p.javierTok, p.ms); len(l) != 0 {
		t.Fatalf("a refused call was written: %v", l)
	}
	r = propose(map[string]any{"start_local": "2026-12-08T19:00", "time_zone": "America/New_York", "duration_minutes": 30})
	expectStatus(t, r, http.StatusCreated)
	if v := r.JSON(t); v["start"] != "2026-12-09T00:00:00.000Z" || v["proposed_time_zone"] != "America/New_York" || v["proposed_start_local"] != "2026-12-08T19:00" {
		t.Fatalf("with the zone sent: %v", v)
	}
	// In New York the clocks go forward at 02:00 on 14 March 2027.
	expectStatus(t, e.do("PATCH", "/api/v1/me", p.priyaTok, map[string]any{"time_zone": "America/New_York"}), http.StatusOK)
	r = propose(map[string]any{"start_local": "2027-03-14T02:30", "duration_minutes": 30})
	expectStatus(t, r, http.StatusBadRequest)
	if f := problemFields(t, r); len(f) != 1 || !strings.HasPrefix(f["start_local"].(string), "Sunday 14 March 2027, 02:30 does not happen in ") {
		t.Fatalf("a skipped time: %s", r.Body)
	}
	r = propose(map[string]any{"start_local": "2027-03-14T03:30", "duration_minutes": 30})
	expectStatus(t, r, http.StatusCreated)
	if v := r.JSON(t); v["start"] != "2027-03-14T07:30:00.000Z" || v["start_local"] != "2027-03-14T03:30" || v["time_zone"] != "America/New_York" {
		t.Fatalf("the hour after the gap: %v", v)
	}
}
