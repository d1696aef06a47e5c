package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A group's facilitators and co-facilitators and mentors need two-factor
// login, as the README says; only org staff, moderators and admins did.
// Each is asked before acting in that role, on a page that says why and
// links to setting it up (the API answers 403 with the same words), and
// the forms say so before they are filled in.
func TestFacilitatorsAndMentorsNeedTwoFactor(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, fTok := e.signupLogin("fay@example.org", goodPassword, "Fay")
	boID, boTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
	cyID, cyTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	page := func(method, path, tok, form string) (int, string, string) {
		t.Helper()
		var r resp
		if method == "GET" {
			r = e.do("GET", path, tok, nil)
		} else {
			r = e.do("POST", path, tok, formBody(form))
		}
		return r.Status, testutil.Visible(r.String()), r.String()
	}
	asked := func(what string, code int, text, raw, why, role string) {
		t.Helper()
		if code != http.StatusForbidden || !strings.Contains(text, "Two-factor login first") || !strings.Contains(text, why) ||
			!strings.Contains(raw, `href="/settings/security?need=mfa&amp;for=`+role+`"`) || !strings.Contains(text, "Set up two-factor login") {
			t.Errorf("%s: %d, want 403 saying %q with a link to set it up:\n%.700s", what, code, why, text)
		}
	}

	// Starting a group makes Fay its facilitator.
	if _, text, _ := page("GET", "/groups", fTok, ""); !strings.Contains(text, "Starting a group makes you its facilitator") {
		t.Errorf("the groups page does not say so before the form:\n%s", text)
	}
	r := e.do("POST", "/api/v1/groups", fTok, map[string]string{"name": "Evenings", "description": "We meet to talk.", "visibility": "listed"})
	if r.Status != http.StatusForbidden || !strings.Contains(r.String(), "a group's facilitators need two-factor login") {
		t.Fatalf("API group without two-factor login: %d %s", r.Status, r.Body)
	}
	// The page refuses it beside the form, which keeps what she wrote
	// (walk13 W13-9), with the link to set it up.
	code, text, raw := page("POST", "/groups", fTok, "name=Evenings&description=We+meet+to+talk.&visibility=private")
	if code != http.StatusForbidden || !strings.Contains(text, "Your group is not started yet: facilitators use two-factor login.") ||
		!strings.Contains(raw, `value="Evenings"`) || !strings.Contains(raw, ">We meet to talk.</textarea>") ||
		!strings.Contains(raw, `value="private" checked`) || !strings.Contains(raw, `href="/settings/security?need=mfa&amp;for=facilitator"`) {
		t.Errorf("a group started without two-factor login: %d, want 403 with the form kept and a link to set it up:\n%.900s", code, text)
	}
	_, text, _ = page("GET", "/settings/security?need=mfa&for=facilitator", fTok, "")
	if !strings.Contains(text, "A group's facilitators and co-facilitators look after its members") || !strings.Contains(text, "Set it up below, then go back to what you were doing.") {
		t.Errorf("the security page does not say why:\n%s", text)
	}

	// With it, she starts the group and makes Bo a co-facilitator; Bo is
	// asked before he acts as one.
	gid := e.newGroup(fTok, "Evenings", "listed")
	for _, tok := range []string{boTok, cyTok} {
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", tok, nil), http.StatusOK)
	}
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+boID, fTok, map[string]string{"action": "role", "role": "co_facilitator"}), http.StatusNoContent)
	code, text, raw = page("POST", "/groups/"+gid+"/members/"+cyID, boTok, "action=remove&reason=harassment")
	asked("a co-facilitator removing a member", code, text, raw, "A group's facilitators and co-facilitators look after its members", "facilitator")
	code, text, raw = page("POST", "/groups/"+gid+"/meetings", boTok, "title=Weekly&start_local=2027-01-05T19:00&timezone=UTC&duration_minutes=60&freq=once")
	asked("a co-facilitator scheduling a meeting", code, text, raw, "A group's facilitators and co-facilitators look after its members", "facilitator")
	e.enableMFA(boTok)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+cyID, boTok, map[string]string{"action": "remove", "reason": "harassment"}), http.StatusNoContent)

	// Offering to mentor.
	expectStatus(t, e.do("PATCH", "/api/v1/me", cyTok, map[string]any{"recovery_start": e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")}), http.StatusOK)
	if _, text, _ := page("GET", "/mentorship", cyTok, ""); !strings.Contains(text, "Mentors read what their mentees choose to share, so Kinship asks every mentor to use two-factor login. Set up two-factor login to offer to mentor") {
		t.Errorf("the mentorship page does not say so before the form:\n%s", text)
	}
	r = e.do("PATCH", "/api/v1/me/mentorship", cyTok, map[string]any{"is_mentor": true, "capacity": 1, "availability": []string{"tue-evening"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.String(), "mentors need two-factor login") {
		t.Fatalf("API offer to mentor without two-factor login: %d %s", r.Status, r.Body)
	}
	code, text, raw = page("POST", "/mentorship/settings", cyTok, "mentor=yes&capacity=1&availability=tue-evening")
	asked("an offer to mentor", code, text, raw, "Mentors read what their mentees choose to share", "mentor")
}
