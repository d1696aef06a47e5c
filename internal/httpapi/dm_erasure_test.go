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
