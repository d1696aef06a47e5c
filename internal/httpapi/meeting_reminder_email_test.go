package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMeetingReminderEmailSaysWhen walks walk15's W15-5: Arjun (English,
// in Kolkata) and Valentina (Spanish, in Santiago), who turned on
// notification emails, joined Lucía's "Monday Night Circle", which meets
// at 19:00 in Chicago, and so did Ana, in Chicago, whose profile says the
// US: she reads "7:00 pm CST" (or CDT), on the clock usual there. 50 minutes before, each one's email says that a
// meeting starts, when on their own clock and zone, and in how long:
// "A meeting you joined on Kinship starts at 5:30 am IST (in 50 minutes)." /
// "Una reunión a la que te uniste en Kinship empieza a las 21:00 GMT-3 (en
// 50 minutos).", with a link to the group's page by its id. Neither the
// subject nor the body names the meeting or its group (a group's name can
// say something of a person's recovery to whoever sees the inbox). Another
// notification's email keeps its words.
func TestMeetingReminderEmailSaysWhen(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	arjunID, arjunTok := e.signupLogin("arjun@example.org", goodPassword, "Arjun")
	_, valTok := e.signupLogin("valentina@example.org", goodPassword, "Valentina")
	_, anaTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, lucTok := e.signupLogin("lucia@example.org", goodPassword, "Lucía")
	e.facilitator(lucTok)
	expectStatus(t, e.do("POST", "/language", valTok, formBody("lang=es&next=/")), http.StatusSeeOther)
	for tok, where := range map[string][2]string{arjunTok: {"Asia/Kolkata", "IN"}, valTok: {"America/Santiago", "CL"}, anaTok: {"America/Chicago", "US"}} {
		expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"time_zone": where[0], "country": where[1]}), http.StatusOK)
		expectStatus(t, e.do("PUT", "/api/v1/notifications/settings", tok, map[string]any{"email": true}), http.StatusOK)
	}

	r := e.do("POST", "/api/v1/groups", lucTok, map[string]string{"name": "Monday Night Circle", "description": "We talk.", "visibility": "listed"})
	expectStatus(t, r, http.StatusCreated)
	gid := r.JSON(t)["id"].(string)
	for _, tok := range []string{arjunTok, valTok, anaTok} {
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", tok, map[string]any{"accept_guidelines": true}), http.StatusOK)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	day := e.clock.Now().In(chicago).AddDate(0, 0, 2)
	start := time.Date(day.Year(), day.Month(), day.Day(), 19, 0, 0, 0, chicago)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/meetings", lucTok, map[string]any{"title": "Monday meeting",
		"start_local": start.Format("2006-01-02T15:04"), "time_zone": "America/Chicago", "duration_minutes": 60}), http.StatusCreated)
	e.clock.now = start.Add(-50 * time.Minute).UTC()
	if _, err := e.app.SendMeetingReminders(t.Context()); err != nil {
		t.Fatal(err)
	}

	// Each reader's clock: Kolkata is IST all year; Santiago is GMT-3 or GMT-4 by the season.
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	santiago, _ := time.LoadLocation("America/Santiago")
	_, off := start.In(santiago).Zone()
	atArjun := start.In(kolkata).Format("3:04 pm") + " IST" // English in India: a 12-hour clock; Spanish in Chile: 24 hours
	atVal := start.In(santiago).Format("15:04") + fmt.Sprintf(" GMT%d", off/3600)
	for _, c := range []struct {
		to, subject, says string
	}{
		{"arjun@example.org", "A meeting starts at " + atArjun, "A meeting you joined on Kinship starts at " + atArjun + " (in 50 minutes)."},
		{"ana@example.org", "A meeting starts at 7:00 pm " + start.Format("MST"), "A meeting you joined on Kinship starts at 7:00 pm " + start.Format("MST") + " (in 50 minutes)."},
		{"valentina@example.org", "Una reunión empieza a las " + atVal, "Una reunión a la que te uniste en Kinship empieza a las " + atVal + " (en 50 minutos)."},
	} {
		m := testutil.ParseMail(t, e.smtp.WaitForMatch(t, func(raw testutil.ReceivedMessage) bool {
			p := testutil.ParseMail(t, raw)
			return strings.Join(p.To, ",") == c.to && !strings.HasPrefix(p.Subject, "Confirm your email")
		}, 20*time.Second))
		t.Logf("to %s: %s\n%s", c.to, m.Subject, m.Text)
		if m.Subject != c.subject {
			t.Errorf("%s: the subject reads %q, want %q", c.to, m.Subject, c.subject)
		}
		if !strings.HasPrefix(m.Text, c.says+"\n\n") {
			t.Errorf("%s: the email begins %q, want %q:\n%s", c.to, strings.SplitN(m.Text, "\n", 2)[0], c.says, m.Text)
		}
		if lines := strings.Split(m.Text, "\n"); len(lines) < 3 || !strings.HasPrefix(lines[2], "http") || !strings.HasSuffix(lines[2], "/groups/"+gid) {
			t.Errorf("%s: the email's link is not the group's page by its id (/groups/%s):\n%s", c.to, gid, m.Text)
		}
		for _, name := range []string{"Monday Night Circle", "Monday meeting", "Circle", "Something new", "Algo nuevo"} {
			if strings.Contains(m.Subject+"\n"+m.Text, name) {
				t.Errorf("%s: the email says %q:\n%s\n%s", c.to, name, m.Subject, m.Text)
			}
		}
	}

	// Another notification's email keeps its words: Valentina invites Arjun to be partners.
	expectStatus(t, e.do("POST", "/api/v1/partners", valTok, map[string]string{"user_id": arjunID}), http.StatusCreated)
	m := testutil.ParseMail(t, e.smtp.WaitForMatch(t, func(raw testutil.ReceivedMessage) bool {
		p := testutil.ParseMail(t, raw)
		return strings.Join(p.To, ",") == "arjun@example.org" && p.Subject == "You have a new notification on Kinship"
	}, 20*time.Second))
	if !strings.HasPrefix(m.Text, "Something new is waiting for you on Kinship:") {
		t.Errorf("the partner invitation's email: %s", m.Text)
	}
}
