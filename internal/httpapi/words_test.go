package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestPeopleReadWordsNotCodes: notifications are links to what they are
// about, and pages speak to people in words, never in the codes the app
// stores ("must be true", "A moderator chose remove (post)", "Your role
// (site_admin)", "severity 4", a two-factor error said twice).
func TestPeopleReadWordsNotCodes(t *testing.T) {
	e, siteTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	_, modTok := e.moderator("mod@example.org", "Mod")
	page := func(tok, path string) string {
		t.Helper()
		r := e.do("GET", path, tok, nil)
		expectStatus(t, r, http.StatusOK)
		return string(r.Body)
	}
	has := func(where, html string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %q", where, w)
			}
		}
	}
	hasNot := func(where, html string, bad ...string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(html, b) {
				t.Errorf("%s shows %q", where, b)
			}
		}
	}

	// A call for support: the partner's notification opens the alert.
	pid := e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": bID}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/accept", bTok, nil), http.StatusOK)
	alert := e.do("POST", "/api/v1/support/alerts", bTok, nil)
	expectStatus(t, alert, http.StatusCreated)
	alertID := alert.JSON(t)["alert"].(map[string]any)["id"].(string)
	notes := page(aTok, "/notifications")
	has("Ana's notifications", notes, `<a class="note" href="/support/respond#alert-`+alertID+`"><p>Ben needs support now. Please reach out.</p></a>`)
	has("the alert page", page(aTok, "/support/respond"), `id="alert-`+alertID+`"`)
	// A partner's invitation leads to the partners page.
	has("Ben's notifications", page(bTok, "/notifications"), `href="/partners"><p>Ana invited you to be accountability partners.</p>`)

	// A report and a removal, as the moderator and the author read them.
	post := e.do("POST", "/api/v1/posts", bTok, map[string]string{"kind": "story", "title": "My week", "body": "Call me at my cousin's, 12 Elm Street"}).JSON(t)["id"].(string)
	report := e.do("POST", "/api/v1/reports", aTok, map[string]string{"target_type": "post", "target_id": post, "reason": "privacy"})
	expectStatus(t, report, http.StatusCreated)
	queue := page(modTok, "/moderation/queue")
	has("the moderation queue", queue, "Shares private information <small>(a post, serious)</small>")
	hasNot("the moderation queue", queue, "severity", "(post,")
	expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+report.JSON(t)["id"].(string), modTok, map[string]string{"action": "remove", "reason": "it shares a home address"}), http.StatusOK)
	appeals := page(bTok, "/appeals")
	has("Ben's appeals page", appeals, "A moderator removed one of your posts")
	hasNot("Ben's appeals page", appeals, "chose", "(post)")
	notes = page(bTok, "/notifications")
	has("Ben's notifications", notes, `href="/appeals/`, "You can appeal if you think it is wrong.")
	hasNot("Ben's notifications", notes, "http://", "/appeals/\u003c")

	// Joining a group without accepting its guidelines.
	e.facilitator(aTok)
	gid := e.do("POST", "/api/v1/groups", aTok, map[string]string{"name": "Evenings", "description": "We meet to talk.", "visibility": "listed", "guidelines": "Be kind."}).JSON(t)["id"].(string)
	r := e.do("POST", "/groups/"+gid+"/join", bTok, formBody(""))
	if r.Status != http.StatusBadRequest {
		t.Fatalf("join without the guidelines: %d", r.Status)
	}
	has("the refused join", string(r.Body), "ick the box to say you accept the guidelines")
	hasNot("the refused join", string(r.Body), "must be true")

	// A site admin asked to set up two-factor login.
	sec := page(siteTok, "/settings/security?need=mfa")
	has("the security page", sec, "As a site admin, you look after other people")
	hasNot("the security page", sec, "site_admin")

	// A wrong two-factor code is explained once.
	_ = aID // two-factor login is on since Ana started a group
	r = e.do("POST", "/login", "", formBody("email=ana%40example.org&password="+goodPassword))
	var pending string
	for _, c := range r.Header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, "kinship_session="); ok {
			pending, _, _ = strings.Cut(v, ";")
		}
	}
	if pending == "" {
		t.Fatal("no pending session after the password")
	}
	r = e.do("POST", "/login/mfa", pending, formBody("code=000000"))
	if n := strings.Count(strings.ToLower(string(r.Body)), "that code is not right"); n != 1 {
		t.Errorf("the wrong code is explained %d times: %s", n, r.Body)
	}
}
