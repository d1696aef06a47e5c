package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestAppealsListWhatWasHidden walks walk13's W13-10: the moderators'
// list of appeals gave the action, its reason and the appeal, but not
// what had been hidden, so a moderator decided without reading it. Now
// each appeal about a message, a post or a comment carries what it said
// (kept though hidden or removed) and who appealed; one about an account
// carries no content. Each listing is recorded in the privacy log of the
// person who appealed, naming the moderator, and a HEAD records nothing;
// a member, the group's facilitator among them, reads no appeal and
// decides none.
func TestAppealsListWhatWasHidden(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fay@example.org", goodPassword, "Fay")
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		_, modTok := e.moderator("mod@example.org", "Mod")
		gid := e.groupWith(fTok, "Wednesday circle", aTok, bTok)

		const (
			said    = "It was only a joke between us, nobody meant harm"
			title   = "My first winter"
			story   = "I told the whole group who was using again."
			comment = "Ben should not be here at all"
		)
		msg := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "a1", "body": said}).JSON(t)["id"].(string)
		post := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": title, "body": story}).JSON(t)["id"].(string)
		bPost := e.do("POST", "/api/v1/posts", bTok, map[string]string{"kind": "story", "title": "Thirty days", "body": "A month today."}).JSON(t)["id"].(string)
		r := e.do("POST", "/api/v1/posts/"+bPost+"/comments", aTok, map[string]string{"body": comment})
		expectStatus(t, r, http.StatusCreated)
		cmt := r.JSON(t)["id"].(string)

		// Ben reports each; the moderator acts on each with a reason; Ana
		// appeals each.
		for _, c := range []struct{ kind, id, action string }{
			{"message", msg, "hide"}, {"post", post, "remove"}, {"comment", cmt, "remove"}, {"user", aID, "warn"},
		} {
			r := e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": c.kind, "target_id": c.id, "reason": "harassment"})
			expectStatus(t, r, http.StatusCreated)
			act := e.do("POST", "/api/v1/moderation/reports/"+r.JSON(t)["id"].(string), modTok, map[string]string{"action": c.action, "reason": "Please keep it kind."})
			expectStatus(t, act, http.StatusOK)
			expectStatus(t, e.do("POST", "/api/v1/me/moderation/"+act.JSON(t)["id"].(string)+"/appeal", aTok, map[string]string{"text": "I meant no harm (" + c.kind + ")."}), http.StatusOK)
		}

		reads := func() (n int, by string) {
			t.Helper()
			for _, x := range e.do("GET", "/api/v1/me/audit", aTok, nil).JSON(t)["items"].([]any) {
				if en := x.(map[string]any); en["action"] == "appealed_content_read" && en["reader_role"] == "subject" {
					n, by = n+1, en["actor_display_name"].(string)
				}
			}
			return n, by
		}
		// A member, the group's facilitator too, reads no appeal and decides none.
		for _, tok := range []string{fTok, bTok, aTok} {
			expectStatus(t, e.do("GET", "/api/v1/moderation/queue", tok, nil), http.StatusForbidden)
		}
		expectStatus(t, e.do("HEAD", "/api/v1/moderation/queue", modTok, nil), http.StatusOK)
		if n, _ := reads(); n != 0 {
			t.Fatalf("before any moderator read the appeals, Ana's privacy log holds %d reads of them", n)
		}

		q := e.do("GET", "/api/v1/moderation/queue", modTok, nil)
		expectStatus(t, q, http.StatusOK)
		want := map[string]string{"message": said, "post": title + "\n" + story, "comment": comment, "user": ""}
		appeals := q.JSON(t)["appeals"].([]any)
		if len(appeals) != len(want) {
			t.Fatalf("%d appeals listed, want %d: %s", len(appeals), len(want), q.Body)
		}
		var decide string
		for _, x := range appeals {
			ap := x.(map[string]any)
			kind := ap["target_type"].(string)
			if got, _ := ap["content"].(string); got != want[kind] {
				t.Errorf("the appeal about a %s lists content %q, want %q", kind, got, want[kind])
			}
			if ap["subject_display_name"] != "Ana" || ap["appeal"] != "I meant no harm ("+kind+")." {
				t.Errorf("the appeal about a %s names %v and reads %v", kind, ap["subject_display_name"], ap["appeal"])
			}
			if kind == "message" {
				decide = ap["id"].(string)
			}
		}
		if n, by := reads(); n != len(want) || by != "Mod" {
			t.Errorf("after one listing Ana's privacy log holds %d reads of her appeals by %q, want %d by Mod", n, by, len(want))
		}

		for _, tok := range []string{fTok, bTok} {
			expectStatus(t, e.do("POST", "/api/v1/moderation/actions/"+decide+"/appeal", tok, map[string]string{"decision": "reverse", "reason": "Not for a member to decide."}), http.StatusForbidden)
		}
		expectStatus(t, e.do("POST", "/api/v1/moderation/actions/"+decide+"/appeal", modTok, map[string]string{"decision": "reverse", "reason": "The words were a quotation."}), http.StatusOK)
		if n := len(e.do("GET", "/api/v1/moderation/queue", modTok, nil).JSON(t)["appeals"].([]any)); n != len(want)-1 {
			t.Errorf("after a decision %d appeals wait, want %d", n, len(want)-1)
		}
	})
}
