package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// moderator creates a moderator with two-factor login on and signs them in.
func (e *env) moderator(email, name string) (id, token string) {
	e.t.Helper()
	u, err := e.app.AdminCreateUser(e.t.(*testing.T).Context(), email, "steady moderation path", name, model.RoleModerator)
	if err != nil {
		e.t.Fatal(err)
	}
	tok := e.login(email, "steady moderation path", "")
	e.enableMFA(tok)
	return u.ID, tok
}

func TestEveryTextSurfaceIsScreened(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, fTok, aTok, modTok, gid := c.e, c.fTok, c.aTok, c.modTok, c.gid
		expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"country": "United Kingdom"}), http.StatusOK)

		// Everyday words raise nothing.
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "1", "body": "This commute is killing me, but I'd kill for a coffee with you all"})
		expectStatus(t, r, http.StatusCreated)
		if _, ok := r.JSON(t)["safety"]; ok {
			t.Fatalf("an idiom raised a note: %s", r.Body)
		}
		// Words of crisis: posted as written, with a private note for the author only.
		r = e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "2", "body": "honestly everyone would be better off without me"})
		expectStatus(t, r, http.StatusCreated)
		m := r.JSON(t)
		note, ok := m["safety"].(map[string]any)
		if !ok || note["level"] != "crisis" || note["offer_alert"] != true || m["seq"].(float64) != 2 {
			t.Fatalf("crisis note: %s", r.Body)
		}
		if rs := note["resources"].([]any); len(rs) == 0 || !strings.Contains(r.String(), "116 123") {
			t.Fatalf("UK resources expected: %v", rs)
		}
		page := e.do("GET", "/api/v1/groups/"+gid+"/messages", fTok, nil)
		if strings.Contains(string(page.Body), "safety") || !strings.Contains(string(page.Body), "better off without me") {
			t.Fatalf("others see the message as written and nothing of the note: %s", page.Body)
		}
		// The facilitator gets a private heads-up.
		notes := e.do("GET", "/api/v1/notifications", fTok, nil)
		if !strings.Contains(string(notes.Body), "Ana may be going through a crisis") {
			t.Fatalf("no heads-up for the facilitator: %s", notes.Body)
		}
		// It names whom to write to, as the page's button does (W13-3),
		// and that opens a conversation with Ana.
		anaID := e.do("GET", "/api/v1/me", aTok, nil).JSON(t)["id"].(string)
		var heads map[string]any
		for _, n := range notes.JSON(t)["items"].([]any) {
			if n := n.(map[string]any); n["kind"] == "facilitator_heads_up" {
				heads = n
			} else if n["write_to"] != nil {
				t.Fatalf("a %s notification offers to write to someone: %v", n["kind"], n)
			}
		}
		if w, _ := heads["write_to"].(map[string]any); w["user_id"] != anaID || w["name"] != "Ana" {
			t.Fatalf("the heads-up's write_to: %v", heads)
		}
		opened := e.do("POST", "/api/v1/dms", fTok, map[string]string{"user_id": anaID})
		expectStatus(t, opened, http.StatusCreated)
		if who := opened.String(); !strings.Contains(who, `"Ana"`) {
			t.Fatalf("the conversation opened from write_to: %s", who)
		}
		// Check-in notes, bios and direct messages are screened the same way.
		r = e.do("POST", "/api/v1/checkins", aTok, map[string]any{"mood": 1, "craving": 3, "used": false, "note": "I've been saving up my pills"})
		expectStatus(t, r, http.StatusCreated)
		if r.JSON(t)["safety"].(map[string]any)["level"] != "crisis" {
			t.Fatalf("check-in note: %s", r.Body)
		}
		r = e.do("PATCH", "/api/v1/me", aTok, map[string]any{"bio": "Cravings are so strong today I can barely stand it"})
		expectStatus(t, r, http.StatusOK)
		if r.JSON(t)["safety"].(map[string]any)["level"] != "concern" {
			t.Fatalf("bio: %s", r.Body)
		}
		overdose := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "3", "body": "help, my friend is not breathing and his lips are turning blue"})
		if n := overdose.JSON(t)["safety"].(map[string]any); n["overdose"] != true || !strings.Contains(n["message"].(string), "naloxone") {
			t.Fatalf("overdose: %s", overdose.Body)
		}
		// The moderators' queue: most severe first, with what was written; reading it is audited.
		q := e.do("GET", "/api/v1/moderation/crisis", modTok, nil)
		expectStatus(t, q, http.StatusOK)
		items := q.JSON(t)["items"].([]any)
		if len(items) != 3 {
			t.Fatalf("crisis queue: %s", q.Body)
		}
		var first map[string]any
		for _, it := range items {
			if strings.Contains(it.(map[string]any)["context"].(string), "not breathing") {
				first = it.(map[string]any)
			}
		}
		if first == nil || first["surface"] != "chat" || first["severity"].(float64) != items[0].(map[string]any)["severity"].(float64) {
			t.Fatalf("the overdose should be among the most severe: %v", items)
		}
		for i := 1; i < len(items); i++ {
			if items[i].(map[string]any)["severity"].(float64) > items[i-1].(map[string]any)["severity"].(float64) {
				t.Fatalf("not ordered by severity: %v", items)
			}
		}
		if !strings.Contains(string(e.do("GET", "/api/v1/me/audit", aTok, nil).Body), "crisis_queue_read") {
			t.Fatal("reading the queue was not audited in the member's own log")
		}
		expectStatus(t, e.do("GET", "/api/v1/moderation/crisis", aTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+first["id"].(string), modTok, map[string]string{"action": "shrug"}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+first["id"].(string), modTok, map[string]string{"action": "resolve", "note": "Called 999, friend is safe"}), http.StatusOK)
		if n := len(e.do("GET", "/api/v1/moderation/crisis", modTok, nil).JSON(t)["items"].([]any)); n != 2 {
			t.Fatalf("resolved items leave the queue: %d", n)
		}
		// Bad input never crashes: empty, enormous, zero-width tricks.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "4", "body": strings.Repeat("🙂", 3999)}), http.StatusCreated)
		r = e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "5", "body": "i want to k\u200bill mys\u200belf"})
		if r.JSON(t)["safety"] == nil {
			t.Fatalf("zero-width characters hid a crisis: %s", r.Body)
		}
	})
}

func TestSupportLadder(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		_, oTok := e.signupLogin("olive@example.org", goodPassword, "Olive")
		_, modTok := e.moderator("mod@example.org", "Mod")
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", modTok, map[string]bool{"on": true}), http.StatusNoContent)
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", oTok, map[string]bool{"on": true}), http.StatusForbidden)
		pid := e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": pID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/accept", pTok, nil), http.StatusOK)
		e.app.SetEscalateAfter(300 * time.Millisecond)

		// Ana presses the button: resources at once (no country: the international directory), Pat alerted.
		r := e.do("POST", "/api/v1/support/alerts", aTok, nil)
		expectStatus(t, r, http.StatusCreated)
		body := r.JSON(t)
		alert := body["alert"].(map[string]any)
		if alert["stage"] != "circle" || !strings.Contains(r.String(), "findahelpline.com") || len(body["naloxone_steps"].([]any)) == 0 {
			t.Fatalf("raised: %s", r.Body)
		}
		// Pressing again returns the same open alert.
		if again := e.do("POST", "/api/v1/support/alerts", aTok, nil).JSON(t)["alert"].(map[string]any); again["id"] != alert["id"] {
			t.Fatal("a second alert while one is open")
		}
		if !strings.Contains(string(e.do("GET", "/api/v1/notifications", pTok, nil).Body), "Ana needs support now") {
			t.Fatal("the partner was not alerted")
		}
		// Ana's profile says Mexico, seen by her connections and closer (the
		// default): Pat, her partner, is told; a stranger on duty is not.
		expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"country": "Mexico"}), http.StatusOK)
		if l := e.do("GET", "/api/v1/support/alerts?role=responder", pTok, nil).JSON(t)["items"].([]any); len(l) != 1 ||
			l[0].(map[string]any)["member_country"] != "MX" || l[0].(map[string]any)["member_country_private"] != nil {
			t.Fatalf("Ana's partner sees her call as %v", l)
		}
		// Olive is not Ana's partner: she sees nothing and cannot answer.
		if l := e.do("GET", "/api/v1/support/alerts?role=responder", oTok, nil).JSON(t)["items"].([]any); len(l) != 0 {
			t.Fatalf("a stranger sees the alert: %v", l)
		}
		expectStatus(t, e.do("POST", "/api/v1/support/alerts/"+alert["id"].(string)+"/acknowledge", oTok, nil), http.StatusNotFound)
		// Nobody answers: the durable timer sends it to the on-duty roster.
		deadline := time.Now().Add(15 * time.Second)
		for {
			l := e.do("GET", "/api/v1/support/alerts", modTok, nil).JSON(t)["items"].([]any)
			if len(l) == 1 && l[0].(map[string]any)["stage"] == "on_duty" {
				if got := l[0].(map[string]any); got["member_country"] != nil || got["member_country_private"] != true {
					t.Fatalf("the moderator on duty, a stranger to Ana, sees where she is: %v", got)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("not escalated: %v", l)
			}
			time.Sleep(100 * time.Millisecond)
		}
		// The moderator responds; Ana sees who; Ana closes it herself.
		v := e.do("POST", "/api/v1/support/alerts/"+alert["id"].(string)+"/acknowledge", modTok, nil).JSON(t)
		if v["responder_display_name"] != "Mod" || v["status"] != "acknowledged" {
			t.Fatalf("acknowledged: %v", v)
		}
		mine := e.do("GET", "/api/v1/support/alerts?role=member", aTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)
		if mine["responder_display_name"] != "Mod" {
			t.Fatalf("the member sees who is responding: %v", mine)
		}
		expectStatus(t, e.do("POST", "/api/v1/support/alerts/"+alert["id"].(string)+"/resolve", aTok, map[string]string{"note": strings.Repeat("x", 1001)}), http.StatusBadRequest)
		if v := e.do("POST", "/api/v1/support/alerts/"+alert["id"].(string)+"/resolve", aTok, map[string]string{"note": "Talked with Mod, feeling steadier"}).JSON(t); v["status"] != "resolved" {
			t.Fatalf("resolved: %v", v)
		}
		expectStatus(t, e.do("POST", "/api/v1/support/alerts/"+alert["id"].(string)+"/resolve", pTok, nil), http.StatusConflict)
		// Views by others are in Ana's audit log.
		if !strings.Contains(string(e.do("GET", "/api/v1/me/audit", aTok, nil).Body), "support_alert_viewed") {
			t.Fatal("responder views are not audited")
		}
		// A flood of alerts is refused, but the resources are still public.
		for i := 0; i < 3; i++ {
			if r := e.do("POST", "/api/v1/support/alerts", aTok, nil); r.Status == http.StatusCreated {
				id := r.JSON(t)["alert"].(map[string]any)["id"].(string)
				e.do("POST", "/api/v1/support/alerts/"+id+"/resolve", aTok, nil)
			}
		}
		expectStatus(t, e.do("POST", "/api/v1/support/alerts", aTok, nil), http.StatusTooManyRequests)
		if r := e.do("GET", "/api/v1/support/resources?country=US", "", nil); !strings.Contains(r.String(), "988") {
			t.Fatalf("US resources: %s", r.Body)
		}
		_ = aID
	})
}
