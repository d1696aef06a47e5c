package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// notifications returns the texts of a member's notifications.
func (e *env) notificationTexts(tok string) []string {
	e.t.Helper()
	var out []string
	for _, n := range e.do("GET", "/api/v1/notifications", tok, nil).JSON(e.t)["notifications"].([]any) {
		out = append(out, n.(map[string]any)["text"].(string))
	}
	return out
}

func containsText(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// A crisis flag reaches a moderator: the one on duty, live on their open
// page, in the app and by email (which says nothing of the person), and
// what the facilitator is told ("the moderators have been told too") is true.
func TestCrisisFlagReachesModerators(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		e.signupLogin("admin@example.org", goodPassword, "Admin")
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, onTok := e.moderator("mod1@example.org", "Morgan")
		_, offTok := e.moderator("mod2@example.org", "Rene")
		gid := e.newGroup(fTok, "Evenings", "listed")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", aTok, nil), http.StatusOK)
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", onTok, map[string]bool{"on": true}), http.StatusNoContent)
		expectStatus(t, e.do("PUT", "/api/v1/me/notification-settings", onTok, map[string]bool{"email": true}), http.StatusNoContent)
		ws := e.dialWS(onTok)
		mailsBefore := len(e.smtp.Messages())

		body := "I counted out all my pills tonight, I don't want to be here anymore"
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "c1", "body": body})
		expectStatus(t, r, http.StatusCreated)
		if r.JSON(t)["safety"] == nil {
			t.Fatalf("no crisis note: %s", r.Body)
		}

		// Live: the on-duty moderator's open page hears of it at once.
		for {
			f := ws.until("notification")
			if f["kind"] == "crisis_flag" {
				if f["link"] != "/moderation/crisis" {
					t.Fatalf("live notice: %v", f)
				}
				break
			}
		}
		// In the app: the on-duty moderator, not the one off duty.
		if !containsText(e.notificationTexts(onTok), "A message needs a moderator's attention") {
			t.Fatalf("the on-duty moderator was not told: %v", e.notificationTexts(onTok))
		}
		if containsText(e.notificationTexts(offTok), "moderator's attention") {
			t.Fatal("a moderator off duty was told while another was on duty")
		}
		// The facilitator is told the moderators know, and it is true.
		if !containsText(e.notificationTexts(fTok), "the moderators have been told too") {
			t.Fatalf("facilitator: %v", e.notificationTexts(fTok))
		}
		// By email, because the moderator chose it: nothing about the person.
		var got *testutil.ParsedMail
		for _, m := range e.smtp.WaitFor(t, mailsBefore+1, 10*time.Second) {
			p := testutil.ParseMail(t, m)
			if p.Subject == "A message needs a moderator's attention" && p.To[0] == "mod1@example.org" {
				got = &p
			}
		}
		if got == nil || !strings.Contains(got.Text, "/moderation/crisis") {
			t.Fatalf("no email to the on-duty moderator: %+v", got)
		}
		for _, secret := range []string{"Ana", "pills", "Evenings", "crisis queue item", "suicid"} {
			if strings.Contains(got.Subject+got.Text, secret) {
				t.Fatalf("the email reveals %q: %s", secret, got.Text)
			}
		}

		// Nobody on duty: every moderator is told.
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", onTok, map[string]bool{"on": false}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "c2", "body": "I want to end my life tonight"}), http.StatusCreated)
		if !containsText(e.notificationTexts(offTok), "A message needs a moderator's attention") {
			t.Fatal("with nobody on duty, every moderator should be told")
		}
	})
}

// activeMentorship makes an active mentorship: Mia mentors Eli, who shares
// his mood. It returns their IDs and tokens and the mentorship's ID.
func (e *env) activeMentorship(t *testing.T) (miaID, miaTok, eliID, eliTok, ms string) {
	t.Helper()
	miaID, miaTok = e.signupLogin("mia@example.org", goodPassword, "Mia")
	eliID, eliTok = e.signupLogin("eli@example.org", goodPassword, "Eli")
	e.enableMFA(miaTok)
	start := e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")
	expectStatus(t, e.do("PATCH", "/api/v1/me", miaTok, map[string]any{"recovery_start": start}), http.StatusOK)
	expectStatus(t, e.do("PUT", "/api/v1/me/mentorship", miaTok, map[string]any{"mentor": true, "capacity": 2, "availability": []string{"tue-evening"}}), http.StatusOK)
	r := e.do("POST", "/api/v1/mentorships", eliTok, map[string]string{"mentor_id": miaID})
	expectStatus(t, r, http.StatusCreated)
	ms = r.JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/mentorships/"+ms+"/status", miaTok, map[string]string{"action": "accept"}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+ms, eliTok, map[string]any{"share": map[string]bool{"checkin_done": true, "mood": true}}), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/checkins", eliTok, map[string]any{"mood": 4, "craving": 1, "used": false}), http.StatusCreated)
	if cs := e.do("GET", "/api/v1/mentorships/"+ms+"/checkins", miaTok, nil); !strings.Contains(cs.String(), `"mood":4`) {
		t.Fatalf("the mentor should see the shared mood first: %s", cs.Body)
	}
	return miaID, miaTok, eliID, eliTok, ms
}

// Blocking ends a mentorship like a partnership: the mentor no longer
// sees the mentee's check-ins, whoever blocked whom.
func TestBlockEndsMentorship(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		e.signupLogin("admin@example.org", goodPassword, "Admin")
		miaID, miaTok, _, eliTok, ms := e.activeMentorship(t)
		expectStatus(t, e.do("POST", "/api/v1/blocks", eliTok, map[string]string{"user_id": miaID}), http.StatusNoContent)
		r := e.do("GET", "/api/v1/mentorships/"+ms+"/checkins", miaTok, nil)
		expectStatus(t, r, http.StatusForbidden)
		if strings.Contains(r.String(), `"mood"`) {
			t.Fatalf("a blocked mentor still reads check-ins: %s", r.Body)
		}
		mine := e.do("GET", "/api/v1/mentorships", eliTok, nil).JSON(t)["as_mentee"].([]any)
		if len(mine) != 1 || mine[0].(map[string]any)["status"] != "ended" {
			t.Fatalf("the mentee's mentorship should read ended: %v", mine)
		}
	})
}

// A block made before blocks ended mentorships (or any block the
// mentorship's state missed) still cuts the mentor's access.
func TestMenteeCheckinsChecksBlocks(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		e.signupLogin("admin@example.org", goodPassword, "Admin")
		miaID, miaTok, eliID, _, ms := e.activeMentorship(t)
		if err := e.store.Block(t.Context(), eliID, miaID, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		r := e.do("GET", "/api/v1/mentorships/"+ms+"/checkins", miaTok, nil)
		expectStatus(t, r, http.StatusForbidden)
		if strings.Contains(r.String(), `"mood"`) {
			t.Fatalf("a blocked mentor still reads check-ins: %s", r.Body)
		}
	})
}
