package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestOpenReportOutlivesItsReporter: Ben reports a threat in Ana's post and
// then deletes his account. Deletion erased the reports he had made, so the
// moderators' queue lost the threat before anyone read it. The open report
// stays, from an erased account, with what was reported; Ben's own words
// (his comment) are gone.
func TestOpenReportOutlivesItsReporter(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		_, modTok := e.moderator("mod@example.org", "Mod")
		r := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "Tonight", "body": "Someone in this group is going to get hurt after the meeting."})
		expectStatus(t, r, http.StatusCreated)
		post := r.JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/posts/"+post+"/comments", bTok, map[string]string{"body": "That scares me."}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "threat", "details": "reads like a threat"}), http.StatusCreated)

		expectStatus(t, e.do("DELETE", "/api/v1/me", bTok, map[string]string{"password": goodPassword}), http.StatusNoContent)

		q := e.do("GET", "/api/v1/moderation/queue", modTok, nil)
		expectStatus(t, q, http.StatusOK)
		items := q.JSON(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("the moderators' queue after the reporter left: want the threat report, got %s", q.Body)
		}
		m := items[0].(map[string]any)
		if m["reason"] != "threat" || !strings.Contains(m["content"].(string), "going to get hurt") || m["details"] != "reads like a threat" {
			t.Fatalf("the report a moderator reads: %v", m)
		}
		if p := e.do("GET", "/api/v1/posts/"+post, aTok, nil).String(); strings.Contains(p, "That scares me.") {
			t.Fatalf("the deleted account's comment still shows: %s", p)
		}
	})
}
