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
	for _, n := range e.do("GET", "/api/v1/notifications", tok, nil).JSON(e.t)["items"].([]any) {
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
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, onTok := e.moderator("mod1@example.org", "Morgan")
		_, offTok := e.moderator("mod2@example.org", "Rene")
		gid := e.newGroup(fTok, "Evenings", "listed")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", aTok, nil), http.StatusOK)
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", onTok, map[string]bool{"on": true}), http.StatusNoContent)
		expectStatus(t, e.do("PUT", "/api/v1/me/notification-settings", onTok, map[string]bool{"email": true}), http.StatusNoContent)
		ws := e.dialWS(onTok)

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
		// (Waited for by what it is: the moderators' two-factor emails may
		// still be on their way.)
		got := testutil.ParseMail(t, e.smtp.WaitForMatch(t, func(m testutil.ReceivedMessage) bool {
			p := testutil.ParseMail(t, m)
			return p.Subject == "A message needs a moderator's attention" && p.To[0] == "mod1@example.org"
		}, 10*time.Second))
		if !strings.Contains(got.Text, "/moderation/crisis") {
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
	expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", miaTok, map[string]any{"is_mentor": true, "capacity": 2, "availability": []string{"tue-evening"}}), http.StatusOK)
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
		e, _ := newEnvWithAdmin(t, db)
		miaID, miaTok, _, eliTok, ms := e.activeMentorship(t)
		expectStatus(t, e.do("POST", "/api/v1/blocks", eliTok, map[string]string{"user_id": miaID}), http.StatusCreated)
		r := e.do("GET", "/api/v1/mentorships/"+ms+"/checkins", miaTok, nil)
		expectStatus(t, r, http.StatusForbidden)
		if strings.Contains(r.String(), `"mood"`) {
			t.Fatalf("a blocked mentor still reads check-ins: %s", r.Body)
		}
		mine := e.do("GET", "/api/v1/mentorships?role=mentee", eliTok, nil).JSON(t)["items"].([]any)
		if len(mine) != 1 || mine[0].(map[string]any)["status"] != "ended" {
			t.Fatalf("the mentee's mentorship should read ended: %v", mine)
		}
	})
}

// A block made before blocks ended mentorships (or any block the
// mentorship's state missed) still cuts the mentor's access.
func TestMenteeCheckinsChecksBlocks(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
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

// The lines a member is given are their country's, emergency number first,
// whatever way the country was written; never a list of every country's.
func TestLinesForTheMembersCountry(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		cases := []struct {
			country, first string
			has, hasNot    []string
		}{
			{"United States", "911", []string{"Call or text 988", "tel:988", "sms:988", `sms:741741?\u0026body=HOME`}, []string{"000", "999", "116 123"}},
			{"México", "911", []string{"Línea de la Vida", "tel:8009112000"}, []string{"988", "000", "999"}},
			{"GB", "999", []string{"Call 116 123", "tel:116123"}, []string{"911", "000", "988"}},
			{"Australia", "000", []string{"tel:131114", "sms:0477131114"}, []string{"911", "999", "988"}},
			{"Narnia", "Your local emergency number", []string{"findahelpline.com"}, []string{"911", "000", "999", "988"}},
			{"", "Your local emergency number", []string{"findahelpline.com"}, []string{"911", "000", "999", "988"}},
		}
		for _, c := range cases {
			expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"country": c.country}), http.StatusOK)
			r := e.do("GET", "/api/v1/support/resources", tok, nil)
			expectStatus(t, r, http.StatusOK)
			rs := r.JSON(t)["resources"].([]any)
			if len(rs) == 0 || rs[0].(map[string]any)["contact"] != c.first {
				t.Fatalf("%q: the emergency number %q should come first: %s", c.country, c.first, r.Body)
			}
			for _, s := range c.has {
				if !strings.Contains(r.String(), s) {
					t.Errorf("%q: lacks %q: %s", c.country, s, r.Body)
				}
			}
			for _, s := range c.hasNot {
				if strings.Contains(r.String(), `"contact":"`+s) || strings.Contains(r.String(), "tel:"+s) {
					t.Errorf("%q: shows another country's %q: %s", c.country, s, r.Body)
				}
			}
		}
	})
}

// Others may react to words of crisis only with "with you", enforced by
// the server; a craving gets craving help, not crisis lines; a post
// sharing a coping strategy gets no help box.
func TestHelpThatFits(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"country": "US"}), http.StatusOK)
		gid := e.newGroup(fTok, "Evenings", "listed")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", aTok, nil), http.StatusOK)

		m := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "c1", "body": "I have been counting out my pills, I don't want to wake up tomorrow"}).JSON(t)
		id := m["id"].(string)
		if got := m["allowed_reactions"].([]any); len(got) != 1 || got[0] != "with_you" {
			t.Fatalf("allowed reactions on words of crisis: %v", got)
		}
		r := e.do("PUT", "/api/v1/messages/"+id+"/reactions/proud", fTok, nil)
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.String(), `only \"with you\" fits it`) {
			t.Fatalf("the refusal says why: %s", r.Body)
		}
		expectStatus(t, e.do("PUT", "/api/v1/messages/"+id+"/reactions/with_you", fTok, nil), http.StatusOK)
		ok := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "c2", "body": "90 days today!"}).JSON(t)
		if len(ok["allowed_reactions"].([]any)) != 3 {
			t.Fatalf("an ordinary message takes every reaction: %v", ok["allowed_reactions"])
		}

		// A craving: urge surfing, your people, a meeting, the SAMHSA helpline; no 911, no 988.
		r = e.do("POST", "/api/v1/checkins", aTok, map[string]any{"mood": 2, "craving": 8, "used": false, "note": "Cravings are so strong today I can barely stand it"})
		expectStatus(t, r, http.StatusCreated)
		note := r.JSON(t)["safety"].(map[string]any)
		text := r.String()
		if note["craving"] == nil || !strings.Contains(text, "urge surfing") || !strings.Contains(text, "sponsor") || !strings.Contains(text, "meeting") || !strings.Contains(text, "SAMHSA") {
			t.Fatalf("craving help: %s", r.Body)
		}
		if strings.Contains(text, "tel:988") || strings.Contains(text, "tel:911") || strings.Contains(text, "today is hard") {
			t.Fatalf("a craving got crisis lines: %s", r.Body)
		}
		// A coping strategy shared with others: no help box.
		r = e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "strategy", "title": "What helps me", "body": "When cravings hit, I text my sponsor, drink cold water and go for a walk. Urge surfing works too."})
		expectStatus(t, r, http.StatusCreated)
		if strings.Contains(r.String(), `"safety"`) {
			t.Fatalf("a coping-strategy post got a help box: %s", r.Body)
		}
	})
}

// Selling in a group chat or a direct message is held for a moderator
// before anyone else sees it, on a live socket too; the sender reads that
// it is waiting; a moderator who finds nothing wrong shows it.
func TestSellingInChatIsHeld(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
		_, modTok := e.moderator("mod@example.org", "Mod")
		gid := e.newGroup(fTok, "Evenings", "listed")
		for _, tok := range []string{aTok, bTok} {
			expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", tok, nil), http.StatusOK)
		}
		ana := e.dialWS(aTok)
		ana.subscribe(gid, 0)
		ana.until("subscribed")

		sale := "anyone got extra subs? can pay cash, text me 714-555-0199 🔌"
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "s1", "body": sale})
		expectStatus(t, r, http.StatusCreated)
		held := r.JSON(t)
		if held["state"] != "held" || !strings.Contains(held["reason"].(string), "waiting for a moderator") {
			t.Fatalf("the sender should read that it is waiting: %s", r.Body)
		}
		// The next ordinary message reaches Ana's socket; the held one never did.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "s2", "body": "see you all tonight"}), http.StatusCreated)
		for {
			m := frameMessage(t, ana.until("message"))
			if strings.Contains(m["body"].(string), "subs") || m["id"] == held["id"] {
				t.Fatalf("a held message reached another member's socket: %v", m)
			}
			if m["body"] == "see you all tonight" {
				break
			}
		}
		if h := e.do("GET", "/api/v1/groups/"+gid+"/messages", aTok, nil); strings.Contains(h.String(), "subs") {
			t.Fatalf("a held message is in another member's history: %s", h.Body)
		}
		if h := e.do("GET", "/api/v1/groups/"+gid+"/messages", bTok, nil); !strings.Contains(h.String(), "subs") || !strings.Contains(h.String(), "Only you can see this message") {
			t.Fatalf("the sender sees their held message and why: %s", h.Body)
		}

		// A direct message: held too, and Ana is not told of a new message.
		conv := e.do("POST", "/api/v1/dms", bTok, map[string]string{"user_id": aID}).JSON(t)["thread"].(map[string]any)["id"].(string)
		r = e.do("POST", "/api/v1/dms/"+conv+"/messages", bTok, map[string]string{"client_id": "d1", "body": "got ❄️ and 💊, text me 714-555-0199"})
		expectStatus(t, r, http.StatusCreated)
		if r.JSON(t)["state"] != "held" {
			t.Fatalf("a selling DM should be held: %s", r.Body)
		}
		if h := e.do("GET", "/api/v1/dms/"+conv+"/messages", aTok, nil); strings.Contains(h.String(), "714-555") {
			t.Fatalf("a held DM is in its recipient's thread: %s", h.Body)
		}
		if containsText(e.notificationTexts(aTok), "new message from Bo") {
			t.Fatal("the recipient was told of a held message")
		}
		// An ordinary phone number between friends is not held.
		r = e.do("POST", "/api/v1/dms/"+conv+"/messages", bTok, map[string]string{"client_id": "d2", "body": "if tonight gets hard, text me 714-555-0199"})
		if r.JSON(t)["state"] != "visible" {
			t.Fatalf("sharing a number alone is held: %s", r.Body)
		}

		// An ordinary message edited into selling is held too.
		plain := e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "s3", "body": "good meeting tonight"}).JSON(t)
		r = e.do("PATCH", "/api/v1/messages/"+plain["id"].(string), bTok, map[string]string{"body": "good meeting tonight. 🔌 selling extras, pay cash"})
		expectStatus(t, r, http.StatusOK)
		if r.JSON(t)["state"] != "held" {
			t.Fatalf("an edit into selling should be held: %s", r.Body)
		}
		if h := e.do("GET", "/api/v1/groups/"+gid+"/messages", aTok, nil); strings.Contains(h.String(), "selling extras") {
			t.Fatalf("a held edit is in another member's history: %s", h.Body)
		}

		// Moderators have them; dismissing the first shows it to everyone.
		q := e.do("GET", "/api/v1/moderation/queue", modTok, nil)
		var groupReport string
		for _, it := range q.JSON(t)["items"].([]any) {
			rep := it.(map[string]any)
			if rep["target_id"] == held["id"] && rep["reason"] == "selling_drugs" {
				groupReport = rep["id"].(string)
			}
		}
		if groupReport == "" || !strings.Contains(q.String(), "714-555") {
			t.Fatalf("the moderators' queue lacks the held messages: %s", q.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+groupReport, modTok, map[string]string{"action": "dismiss"}), http.StatusOK)
		if h := e.do("GET", "/api/v1/groups/"+gid+"/messages", aTok, nil); !strings.Contains(h.String(), "subs") {
			t.Fatalf("a dismissed hold should show the message: %s", h.Body)
		}
	})
}
