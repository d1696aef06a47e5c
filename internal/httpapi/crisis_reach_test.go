package httpapi_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A moderator reaches the person a crisis-queue item is about: Ana, who
// is connected to nobody, wrote words of crisis; the moderator's message
// reaches her conversations (not her requests) marked as from a
// moderator, and her privacy log says so. Cy, who blocked the moderator,
// cannot be reached by them, and the queue says so. The route opens a
// conversation only from an item still in the queue: not from a member,
// not from an id that is no item (a person's own id), not once resolved.
func TestModeratorMessagesFlaggedPerson(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
		dID, dTok := e.signupLogin("dee@example.org", goodPassword, "Dee")
		modID, modTok := e.moderator("mod@example.org", "Mod")
		expectStatus(t, e.do("POST", "/api/v1/blocks", cTok, map[string]string{"user_id": modID}), http.StatusCreated)
		for _, tok := range []string{aTok, cTok} {
			expectStatus(t, e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 1, "craving": 2, "used": false,
				"note": "I have been saving up my pills and tonight I will take them all"}), http.StatusCreated)
		}
		flags := map[string]map[string]any{}
		for _, it := range e.crisisItems(modTok) {
			flags[it["member_display_name"].(string)] = it
		}
		if flags["Ana"] == nil || flags["Cy"] == nil {
			t.Fatalf("the queue should hold Ana's and Cy's flags: %v", flags)
		}
		if flags["Ana"]["blocks_you"] != false || flags["Cy"]["blocks_you"] != true || flags["Cy"]["you_block"] != false {
			t.Errorf("blocks_you: Ana %v, Cy %v; want false, true", flags["Ana"]["blocks_you"], flags["Cy"]["blocks_you"])
		}
		anaFlag, cyFlag := flags["Ana"]["id"].(string), flags["Cy"]["id"].(string)

		page := e.crisisPage(modTok)
		if !strings.Contains(page, "Message Ana") || strings.Contains(page, "Message Cy") ||
			!strings.Contains(page, "Cy has blocked you, so you cannot message them. Another moderator can.") {
			t.Errorf("the queue page should offer \"Message Ana\" and say plainly that Cy blocked the moderator:\n%s", page)
		}

		// Nobody else, and nobody without an item in the queue.
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+anaFlag+"/message", dTok, nil), http.StatusForbidden)
		r := e.do("POST", "/api/v1/moderation/crisis/"+dID+"/message", modTok, map[string]string{"body": "Hello Dee"})
		expectStatus(t, r, http.StatusNotFound)
		r = e.do("POST", "/api/v1/moderation/crisis/"+cyFlag+"/message", modTok, nil)
		expectStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.String(), "Cy has blocked you, so you cannot message them; another moderator can") {
			t.Errorf("the refusal should say why: %s", r.Body)
		}
		// Of Cy by her pronouns once her profile says them (the moderator
		// may see them), in the API's words and on the page, in English and
		// in Spanish.
		expectStatus(t, e.do("PATCH", "/api/v1/me", cTok, map[string]any{"pronouns": "she/her"}), http.StatusOK)
		r = e.do("POST", "/api/v1/moderation/crisis/"+cyFlag+"/message", modTok, nil)
		if !strings.Contains(r.String(), "Cy has blocked you, so you cannot message her; another moderator can") {
			t.Errorf("the refusal of Cy, she/her: %s", r.Body)
		}
		for _, c := range []struct{ lang, want string }{
			{"en", "Cy has blocked you, so you cannot message her; another moderator can"},
			{"es", "Cy te bloqueó, así que no puedes enviarle mensajes; otra persona del equipo de moderación sí puede"},
		} {
			e.do("POST", "/language", modTok, formBody("lang="+c.lang+"&next=/"))
			r = e.do("POST", "/moderation/crisis/"+cyFlag+"/message", modTok, formBody("body=Hello"))
			if page := html.UnescapeString(r.String()); r.Status != http.StatusForbidden || !strings.Contains(testutil.Visible(page), c.want) {
				t.Errorf("%s: the page's refusal of Cy (%d):\n%s", c.lang, r.Status, testutil.Visible(page))
			}
		}
		e.do("POST", "/language", modTok, formBody("lang=en&next=/"))
		for who, tok := range map[string]string{"Dee": dTok, "Cy": cTok} {
			if n := len(e.do("GET", "/api/v1/dms", tok, nil).JSON(t)["items"].([]any)); n != 0 {
				t.Errorf("%s has %d threads; the moderator reached nobody but Ana", who, n)
			}
		}

		// Ana, connected to nobody, gets it among her conversations.
		r = e.do("POST", "/api/v1/moderation/crisis/"+anaFlag+"/message", modTok,
			map[string]string{"client_id": "m1", "body": "Hi Ana, I'm one of the moderators here. Would you like to talk?"})
		expectStatus(t, r, http.StatusCreated)
		thread := r.JSON(t)["thread"].(map[string]any)
		if thread["other_display_name"] != "Ana" || thread["state"] != "active" {
			t.Errorf("the moderator's thread: %v", thread)
		}
		if n := len(e.do("GET", "/api/v1/dms?state=request", aTok, nil).JSON(t)["items"].([]any)); n != 0 {
			t.Errorf("Ana has %d requests; the moderator's message is a conversation", n)
		}
		items := e.do("GET", "/api/v1/dms", aTok, nil).JSON(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("Ana's threads: %v", items)
		}
		mine := items[0].(map[string]any)
		if mine["id"] != thread["id"] || mine["other_display_name"] != "Mod" || mine["other_moderator"] != true || mine["unread"] != float64(1) || mine["state"] != "active" {
			t.Errorf("Ana's thread with the moderator: %v", mine)
		}
		msgs := e.do("GET", "/api/v1/dms/"+thread["id"].(string)+"/messages", aTok, nil)
		if !strings.Contains(msgs.String(), "Would you like to talk?") {
			t.Errorf("Ana reads: %s", msgs.Body)
		}
		if got := e.do("GET", "/api/v1/me/audit", aTok, nil).String(); !strings.Contains(got, `"crisis_flag_message"`) || !strings.Contains(got, modID) {
			t.Errorf("Ana's privacy log should hold the moderator's message: %s", got)
		}
		if !strings.Contains(e.do("GET", "/settings/privacy", aTok, nil).String(), "A moderator opened a conversation with you about a message flagged as a possible crisis") {
			t.Error("Ana's privacy page should say a moderator opened a conversation with her")
		}
		// Again: the same thread.
		r = e.do("POST", "/api/v1/moderation/crisis/"+anaFlag+"/message", modTok, nil)
		expectStatus(t, r, http.StatusCreated)
		if id := r.JSON(t)["thread"].(map[string]any)["id"]; id != thread["id"] {
			t.Errorf("a second press opened thread %v, want the existing %v", id, thread["id"])
		}
		// Resolved, the item opens nothing more.
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+anaFlag, modTok, map[string]string{"action": "resolve", "note": "talking with her"}), http.StatusOK)
		r = e.do("POST", "/api/v1/moderation/crisis/"+anaFlag+"/message", modTok, nil)
		expectStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.String(), "this item is resolved") {
			t.Errorf("the refusal should say why: %s", r.Body)
		}
	})
}
