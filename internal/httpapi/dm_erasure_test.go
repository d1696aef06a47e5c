package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestDeletionKeepsTheOtherPersonsMessages: deleting an account erased
// whole direct-message threads, the other person's own words with them.
// Ben deletes his account: Ana's thread with him stays, with her messages
// and none of his, beside "a former member", and takes no new message;
// the notices that named him for his messages (a direct message, a
// mention) are gone, and nothing he wrote is left in the store; her
// export keeps the thread and her words.
func TestDeletionKeepsTheOtherPersonsMessages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Benedikt")
		cid := e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": bID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", bTok, nil), http.StatusNoContent)
		r := e.do("POST", "/api/v1/dms", bTok, map[string]string{"user_id": aID, "client_id": "b1", "body": "Ben's first words about his week"})
		expectStatus(t, r, http.StatusCreated)
		thread := r.JSON(t)["thread"].(map[string]any)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/dms/"+thread+"/messages", aTok, map[string]string{"client_id": "a1", "body": "Ana's answer, hers to keep"}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/dms/"+thread+"/messages", bTok, map[string]string{"client_id": "b2", "body": "Ben's second words"}), http.StatusCreated)
		gid := e.groupWith(aTok, "Morning circle", bTok)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "g1", "body": "Thanks @Ana for this morning"}), http.StatusCreated)
		if n := e.do("GET", "/api/v1/notifications", aTok, nil).String(); !strings.Contains(n, "Benedikt") {
			t.Fatalf("before: Ana's notifications do not name Ben: %s", n)
		}

		expectStatus(t, e.do("DELETE", "/api/v1/me", bTok, map[string]string{"password": goodPassword}), http.StatusNoContent)

		in := e.do("GET", "/api/v1/dms", aTok, nil)
		expectStatus(t, in, http.StatusOK)
		items := in.JSON(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("Ana's inbox after Ben left: %s", in.Body)
		}
		th := items[0].(map[string]any)
		if th["id"] != thread || th["other_display_name"] != "a former member" || th["other_former_member"] != true {
			t.Errorf("Ana's thread with Ben reads %v", th)
		}
		h := e.do("GET", "/api/v1/dms/"+thread+"/messages", aTok, nil)
		expectStatus(t, h, http.StatusOK)
		if !strings.Contains(h.String(), "Ana's answer, hers to keep") || strings.Contains(h.String(), "Ben's") {
			t.Errorf("the thread after Ben left: %s", h.Body)
		}
		r = e.do("POST", "/api/v1/dms/"+thread+"/messages", aTok, map[string]string{"client_id": "a2", "body": "Are you there?"})
		expectStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.String(), "this person has left Kinship") {
			t.Errorf("a message to a former member: %s", r.Body)
		}
		if n := e.do("GET", "/api/v1/notifications", aTok, nil).String(); strings.Contains(n, "Benedikt") {
			t.Errorf("Ana's notifications still name Ben: %s", n)
		}
		if ms, err := e.store.ListAuthoredMessages(t.Context(), bID); err != nil || len(ms) != 0 {
			t.Errorf("%d of Ben's messages left in the store (%v)", len(ms), err)
		}
		more := e.do("GET", "/api/v1/me/export", aTok, nil).JSON(t)["more"].(map[string]any)
		threads := more["direct_message_threads"].(map[string]any)["threads"].([]any)
		if len(threads) != 1 || threads[0].(map[string]any)["other_former_member"] != true {
			t.Errorf("Ana's export's threads: %v", threads)
		}
		if mine := more["messages_you_wrote"].([]any); len(mine) != 1 || !strings.Contains(mine[0].(map[string]any)["body"].(string), "hers to keep") {
			t.Errorf("Ana's export's messages: %v", mine)
		}
	})
}

// TestDeletionErasesEveryNoticeAboutThePerson: a person's account's
// deletion erased the notices that named them only among the people
// they were tied to. Quilla needs support with nobody of her own, so the
// on-duty supporter read "Quilla needs support now"; her crisis words in
// a group gave the facilitator a heads-up naming her and the moderator
// a crisis notice about her. None of them is tied to her; after she
// deletes her account none of them reads a notice naming or about her,
// while the facilitator keeps one about someone else.
func TestDeletionErasesEveryNoticeAboutThePerson(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		_, qTok := e.signupLogin("quilla@example.org", goodPassword, "Quilla")
		_, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
		_, modTok := e.moderator("mod@example.org", "Morgan")
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", modTok, map[string]bool{"on": true}), http.StatusNoContent)
		gid := e.newGroup(fTok, "Evenings", "listed")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", qTok, nil), http.StatusOK)
		private := e.newGroup(fTok, "Veterans circle", "private")
		for _, tok := range []string{qTok, bTok} {
			expectStatus(t, e.do("POST", "/api/v1/groups/"+private+"/join", tok, map[string]bool{"accept_guidelines": true}), http.StatusOK)
		}
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", qTok, map[string]string{"client_id": "q1", "body": "honestly everyone would be better off without me"})
		expectStatus(t, r, http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/support/alerts", qTok, nil), http.StatusCreated)
		fran, mod := e.notificationTexts(fTok), e.notificationTexts(modTok)
		if !containsText(fran, "Quilla may be going through a crisis in Evenings") || !containsText(fran, "Quilla asked to join Veterans circle") ||
			!containsText(fran, "Bo asked to join Veterans circle") {
			t.Fatalf("before: the facilitator reads %q", fran)
		}
		if !containsText(mod, "Quilla needs support now") || !containsText(mod, "someone may be in crisis") {
			t.Fatalf("before: the on-duty moderator reads %q", mod)
		}

		expectStatus(t, e.do("DELETE", "/api/v1/me", qTok, map[string]string{"password": goodPassword}), http.StatusNoContent)

		fran, mod = e.notificationTexts(fTok), e.notificationTexts(modTok)
		if containsText(fran, "Quilla") || !containsText(fran, "Bo asked to join Veterans circle") {
			t.Errorf("after Quilla left, the facilitator reads %q; want only Bo's request", fran)
		}
		if len(mod) != 0 {
			t.Errorf("after Quilla left, the on-duty moderator reads %q; want nothing", mod)
		}
	})
}
