package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// newGroup creates a group through the API and returns its id. Its
// facilitator needs two-factor login, which is set up first when it is off.
func (e *env) newGroup(tok, name, visibility string) string {
	e.t.Helper()
	e.facilitator(tok)
	r := e.do("POST", "/api/v1/groups", tok, map[string]string{"name": name, "description": "We meet to talk.", "visibility": visibility})
	if r.Status != http.StatusCreated {
		e.t.Fatalf("create group: %d %s", r.Status, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

// groupWith creates the listed group name led by the session leader (as
// newGroup does) and has each of members join it; it returns its id.
func (e *env) groupWith(leader, name string, members ...string) string {
	e.t.Helper()
	gid := e.newGroup(leader, name, "listed")
	for _, tok := range members {
		expectStatus(e.t, e.do("POST", "/api/v1/groups/"+gid+"/join", tok, nil), http.StatusOK)
	}
	return gid
}

// facilitator sets up two-factor login for the session's account unless
// it is on: a group's facilitators need it.
func (e *env) facilitator(tok string) {
	e.t.Helper()
	if on, _ := e.do("GET", "/api/v1/me", tok, nil).JSON(e.t)["mfa_enabled"].(bool); !on {
		e.enableMFA(tok)
	}
}

func TestGroupsContract(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		mID, mTok := e.signupLogin("milo@example.org", goodPassword, "Milo")
		_, oTok := e.signupLogin("olive@example.org", goodPassword, "Olive")

		gid := e.newGroup(fTok, "Parents in recovery — evenings", "listed")
		g := e.do("GET", "/api/v1/groups/"+gid, fTok, nil).JSON(t)
		if g["my_role"] != "facilitator" || g["member_count"].(float64) != 1 {
			t.Fatalf("creator leads the group: %v", g)
		}
		// Not yet a member: no chat.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", mTok, map[string]string{"client_id": "c1", "body": "hi"}), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", mTok, nil), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", oTok, nil), http.StatusOK)

		// Posting: 201 with id and seq; the same client_id returns the stored message.
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", mTok, map[string]string{"client_id": "c1", "body": "Hello everyone"})
		expectStatus(t, r, http.StatusCreated)
		first := r.JSON(t)
		if first["seq"].(float64) != 1 || first["id"] == "" || first["body"] != "Hello everyone" {
			t.Fatalf("first message: %v", first)
		}
		again := e.do("POST", "/api/v1/groups/"+gid+"/messages", mTok, map[string]string{"client_id": "c1", "body": "Hello everyone"})
		if again.JSON(t)["id"] != first["id"] || again.JSON(t)["seq"].(float64) != 1 {
			t.Fatalf("a retry made a new message: %s", again.Body)
		}
		for i := 2; i <= 5; i++ {
			expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", oTok, map[string]string{"client_id": fmt.Sprint("o", i), "body": fmt.Sprint("message ", i)}), http.StatusCreated)
		}
		page := e.do("GET", "/api/v1/groups/"+gid+"/messages?after=2&limit=2", fTok, nil).JSON(t)
		msgs := page["items"].([]any)
		if len(msgs) != 2 || msgs[0].(map[string]any)["seq"].(float64) != 3 || msgs[1].(map[string]any)["seq"].(float64) != 4 {
			t.Fatalf("after=2&limit=2: %v", page)
		}
		author := msgs[0].(map[string]any)["author"].(map[string]any)
		if author["display_name"] != "Olive" || author["id"] == "" {
			t.Fatalf("author: %v", author)
		}
		all := e.do("GET", "/api/v1/groups/"+gid+"/messages?after=0&limit=100", fTok, nil).JSON(t)["items"].([]any)
		if len(all) != 5 {
			t.Fatalf("history: %d messages", len(all))
		}
		for i, m := range all {
			if m.(map[string]any)["seq"].(float64) != float64(i+1) {
				t.Fatalf("history out of order: %v", all)
			}
		}
		// Mentions notify.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", fTok, map[string]string{"client_id": "f1", "body": "Welcome @Milo, glad you are here"}), http.StatusCreated)
		found := false
		for _, n := range e.do("GET", "/api/v1/notifications", mTok, nil).JSON(t)["items"].([]any) {
			if strings.Contains(n.(map[string]any)["text"].(string), "mentioned you") {
				found = true
			}
		}
		if !found {
			t.Fatal("a mention did not notify")
		}
		// Reactions, edit, delete; a reaction to a deleted message is refused.
		id := first["id"].(string)
		v := e.do("PUT", "/api/v1/messages/"+id+"/reactions/with_you", oTok, nil).JSON(t)
		if rs := v["reactions"].([]any); len(rs) != 1 || rs[0].(map[string]any)["count"].(float64) != 1 {
			t.Fatalf("reaction: %v", v)
		}
		expectStatus(t, e.do("PUT", "/api/v1/messages/"+id+"/reactions/shrug", oTok, nil), http.StatusBadRequest)
		expectStatus(t, e.do("PATCH", "/api/v1/messages/"+id, oTok, map[string]string{"body": "not mine"}), http.StatusForbidden)
		if v := e.do("PATCH", "/api/v1/messages/"+id, mTok, map[string]string{"body": "Hello, everyone"}).JSON(t); v["body"] != "Hello, everyone" || v["edited_at"] == "" {
			t.Fatalf("edit: %v", v)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/messages/"+id, oTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("DELETE", "/api/v1/messages/"+id, mTok, nil), http.StatusOK)
		expectStatus(t, e.do("PUT", "/api/v1/messages/"+id+"/reactions/proud", oTok, nil), http.StatusConflict)
		// A facilitator removes a message with a reason, then a member.
		second := all[1].(map[string]any)["id"].(string)
		expectStatus(t, e.do("DELETE", "/api/v1/messages/"+second, fTok, nil), http.StatusBadRequest)
		if v := e.do("DELETE", "/api/v1/messages/"+second, fTok, map[string]string{"reason": "please keep names of others private"}).JSON(t); v["state"] != "removed" || v["body"] != "" {
			t.Fatalf("removal: %v", v)
		}
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+mID, fTok, map[string]string{"action": "remove"}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+mID, fTok, map[string]string{"action": "remove", "reason": "repeated harassment"}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", mTok, map[string]string{"client_id": "late", "body": "still here?"}), http.StatusNotFound)
		expectStatus(t, e.do("GET", "/api/v1/groups/"+gid+"/messages", mTok, nil), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", mTok, nil), http.StatusForbidden)
		// Leaving stops posting too.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/leave", oTok, nil), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", oTok, map[string]string{"client_id": "x", "body": "hello?"}), http.StatusForbidden)
		// Bad input.
		expectStatus(t, e.do("POST", "/api/v1/groups/nope/messages", fTok, map[string]string{"client_id": "x", "body": "hi"}), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", fTok, map[string]string{"client_id": "e", "body": "   "}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", fTok, map[string]string{"client_id": "big", "body": strings.Repeat("a", 4001)}), http.StatusRequestEntityTooLarge)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", fTok, `{"client_id": 5, "body": "x"}`), http.StatusBadRequest)
		expectStatus(t, e.do("GET", "/api/v1/groups/"+gid+"/messages?after=-1", fTok, nil), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/groups", fTok, map[string]string{"name": "", "visibility": "secret"}), http.StatusBadRequest)
		if r := e.do("GET", "/api/v1/groups/"+gid+"/messages?after=0", fTok, nil).JSON(t); len(r["items"].([]any)) != 6 {
			t.Fatalf("rejected messages were stored: %v", r)
		}
	})
}

func TestPrivateGroupsAndGuidelines(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		mID, mTok := e.signupLogin("milo@example.org", goodPassword, "Milo")
		gid := e.newGroup(fTok, "Veterans circle", "private")
		expectStatus(t, e.do("PATCH", "/api/v1/groups/"+gid, fTok, map[string]string{"guidelines": "What is said here stays here."}), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/groups/"+gid, mTok, map[string]string{"name": "Mine now"}), http.StatusNotFound)
		r := e.do("POST", "/api/v1/groups/"+gid+"/join", mTok, nil)
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(string(r.Body), "guidelines") {
			t.Fatalf("the error should name the guidelines: %s", r.Body)
		}
		if v := e.do("POST", "/api/v1/groups/"+gid+"/join", mTok, map[string]bool{"accept_guidelines": true}).JSON(t); v["my_status"] != "requested" {
			t.Fatalf("a private group takes requests: %v", v)
		}
		expectStatus(t, e.do("GET", "/api/v1/groups/"+gid+"/messages", mTok, nil), http.StatusNotFound)
		members := e.do("GET", "/api/v1/groups/"+gid+"/members", fTok, nil).JSON(t)["items"].([]any)
		if len(members) != 2 {
			t.Fatalf("the facilitator sees the request: %v", members)
		}
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+mID, fTok, map[string]string{"action": "approve"}), http.StatusNoContent)
		expectStatus(t, e.do("GET", "/api/v1/groups/"+gid+"/messages", mTok, nil), http.StatusOK)
		// The directory lists it; a member's own list shows it too.
		if gs := e.do("GET", "/api/v1/groups?q=veterans", mTok, nil).JSON(t)["items"].([]any); len(gs) != 1 {
			t.Fatalf("directory: %v", gs)
		}
		// Only the facilitator leaves last: archiving first is required while others remain.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/leave", fTok, nil), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/archive", mTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/archive", fTok, nil), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", mTok, map[string]string{"client_id": "a", "body": "hello"}), http.StatusConflict)
		if gs := e.do("GET", "/api/v1/groups", mTok, nil).JSON(t)["items"].([]any); len(gs) != 0 {
			t.Fatalf("an archived group is not in the directory: %v", gs)
		}
	})
}

func TestDirectMessages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		cID, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
		// Ana and Ben share a group: Ben's first message reaches her as a conversation.
		e.groupWith(aTok, "Mornings", bTok)
		r := e.do("POST", "/api/v1/dms", bTok, map[string]string{"user_id": aID, "client_id": "b1", "body": "Hi Ana"})
		expectStatus(t, r, http.StatusCreated)
		thread := r.JSON(t)["thread"].(map[string]any)["id"].(string)
		inbox := e.do("GET", "/api/v1/dms", aTok, nil).JSON(t)
		if l := inbox["items"].([]any); len(l) != 1 || l[0].(map[string]any)["state"] != "active" || l[0].(map[string]any)["other_display_name"] != "Ben" {
			t.Fatalf("shared group: %v", inbox)
		}
		expectStatus(t, e.do("POST", "/api/v1/dms/"+thread+"/messages", aTok, map[string]string{"client_id": "a1", "body": "Hi Ben"}), http.StatusCreated)
		// Cy is a stranger with a brand-new account: he cannot message strangers yet.
		expectStatus(t, e.do("POST", "/api/v1/dms", cTok, map[string]string{"user_id": aID, "client_id": "c0", "body": "Hello there"}), http.StatusForbidden)
		if err := e.store.SetTrustOverride(t.Context(), cID, 1, "test", e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		// Once trusted, his message waits among Ana's requests, with no notification.
		before := len(e.do("GET", "/api/v1/notifications", aTok, nil).JSON(t)["items"].([]any))
		r = e.do("POST", "/api/v1/dms", cTok, map[string]string{"user_id": aID, "client_id": "c1", "body": "Hello there"})
		expectStatus(t, r, http.StatusCreated)
		cThread := r.JSON(t)["thread"].(map[string]any)["id"].(string)
		inbox = e.do("GET", "/api/v1/dms?state=request", aTok, nil).JSON(t)
		if l := inbox["items"].([]any); len(l) != 1 || l[0].(map[string]any)["state"] != "request" {
			t.Fatalf("request inbox: %v", inbox)
		}
		if after := len(e.do("GET", "/api/v1/notifications", aTok, nil).JSON(t)["items"].([]any)); after != before {
			t.Fatal("a message request must not notify")
		}
		expectStatus(t, e.do("POST", "/api/v1/dms/"+cThread+"/messages", aTok, map[string]string{"client_id": "x", "body": "reply"}), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/dms/"+cThread+"/answer", aTok, map[string]string{"answer": "maybe"}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/dms/"+cThread+"/answer", aTok, map[string]string{"answer": "accept"}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/dms/"+cThread+"/messages", aTok, map[string]string{"client_id": "x", "body": "reply"}), http.StatusCreated)
		// Ben cannot read Ana and Cy's thread.
		expectStatus(t, e.do("GET", "/api/v1/dms/"+cThread+"/messages", bTok, nil), http.StatusNotFound)
		// Ana blocks Cy: the thread is gone both ways, and he cannot start another.
		expectStatus(t, e.do("POST", "/api/v1/blocks", aTok, map[string]string{"user_id": cID}), http.StatusCreated)
		expectStatus(t, e.do("GET", "/api/v1/dms/"+cThread+"/messages", cTok, nil), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/dms", cTok, map[string]string{"user_id": aID, "body": "again"}), http.StatusNotFound)
		if l := e.do("GET", "/api/v1/dms", aTok, nil).JSON(t)["items"].([]any); len(l) != 1 {
			t.Fatalf("blocked thread still listed: %v", l)
		}
		expectStatus(t, e.do("POST", "/api/v1/dms", aTok, map[string]string{"user_id": aID}), http.StatusBadRequest)
		_ = bID
	})
}

func TestShareMilestoneToGroup(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		start := e.clock.Now().AddDate(0, 0, -40).Format("2006-01-02")
		expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"recovery_start": start, "time_zone": "UTC"}), http.StatusOK)
		gid := e.newGroup(bTok, "Evenings", "listed")
		// Not a member yet: nowhere to share.
		expectStatus(t, e.do("POST", "/api/v1/me/milestones/share", aTok, map[string]string{"group_id": gid, "milestone": "30 days"}), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", aTok, nil), http.StatusOK)
		r := e.do("POST", "/api/v1/me/milestones/share", aTok, map[string]string{"group_id": gid, "milestone": "1 year"})
		expectStatus(t, r, http.StatusBadRequest)
		r = e.do("POST", "/api/v1/me/milestones/share", aTok, map[string]string{"group_id": gid, "milestone": "30 days"})
		expectStatus(t, r, http.StatusCreated)
		card := r.JSON(t)
		if card["kind"] != "milestone" || !strings.Contains(card["body"].(string), "Ana is celebrating 30 days") || strings.Contains(card["body"].(string), start) {
			t.Fatalf("card: %v", card)
		}
		// Sharing again does not post twice; peers answer with encouragement.
		again := e.do("POST", "/api/v1/me/milestones/share", aTok, map[string]string{"group_id": gid, "milestone": "30 days"}).JSON(t)
		if again["id"] != card["id"] {
			t.Fatal("a milestone was posted twice")
		}
		expectStatus(t, e.do("PUT", "/api/v1/messages/"+card["id"].(string)+"/reactions/proud", bTok, nil), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "r", "body": "So proud of you, Ana!"}), http.StatusCreated)
		msgs := e.do("GET", "/api/v1/groups/"+gid+"/messages", aTok, nil).JSON(t)["items"].([]any)
		if len(msgs) != 2 || len(msgs[0].(map[string]any)["reactions"].([]any)) != 1 {
			t.Fatalf("chat after the card: %v", msgs)
		}
	})
}
