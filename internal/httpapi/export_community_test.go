package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestExportHoldsWhatThePersonWroteInTheCommunity: Ana's data export had
// her check-ins and chat messages but none of her community posts, her
// comments or the reports she made. The file holds each, in her words,
// a removed post's too.
func TestExportHoldsWhatThePersonWroteInTheCommunity(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		r := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "strategy", "title": "Mornings", "body": "A walk before work keeps me steady.", "content_note": "mentions cravings"})
		expectStatus(t, r, http.StatusCreated)
		r = e.do("POST", "/api/v1/posts", bTok, map[string]string{"kind": "question", "title": "Evenings?", "body": "What helps you after dark?"})
		expectStatus(t, r, http.StatusCreated)
		bens := r.JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/posts/"+bens+"/comments", aTok, map[string]string{"body": "Calling my sister."}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/reports", aTok, map[string]string{"target_type": "post", "target_id": bens, "reason": "spam", "details": "posted the same thing twice"}), http.StatusCreated)

		x := e.do("GET", "/api/v1/me/export", aTok, nil)
		expectStatus(t, x, http.StatusOK)
		part, ok := x.JSON(t)["more"].(map[string]any)["community_you_wrote"].(map[string]any)
		if !ok {
			t.Fatalf("the export has no community part: %s", x.Body)
		}
		posts, comments, reports := part["posts"].([]any), part["comments"].([]any), part["reports_you_made"].([]any)
		if len(posts) != 1 || len(comments) != 1 || len(reports) != 1 {
			t.Fatalf("Ana wrote one post, one comment and one report: %v", part)
		}
		p, c, rp := posts[0].(map[string]any), comments[0].(map[string]any), reports[0].(map[string]any)
		if p["title"] != "Mornings" || p["body"] != "A walk before work keeps me steady." || p["kind"] != "strategy" || p["content_note"] != "mentions cravings" || p["state"] != "visible" {
			t.Errorf("her post in the export: %v", p)
		}
		if c["body"] != "Calling my sister." || c["post_id"] != bens {
			t.Errorf("her comment in the export: %v", c)
		}
		if rp["reason"] != "spam" || rp["details"] != "posted the same thing twice" || rp["target_id"] != bens || rp["status"] != "open" {
			t.Errorf("her report in the export: %v", rp)
		}
		// Ben's export holds none of Ana's words.
		if s := e.do("GET", "/api/v1/me/export", bTok, nil).String(); strings.Contains(s, "Calling my sister.") || strings.Contains(s, "posted the same thing twice") {
			t.Errorf("Ben's export holds Ana's words: %s", s)
		}
	})
}
