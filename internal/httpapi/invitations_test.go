package httpapi_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// An organization's invitation code lets one person join: the program
// reads it to one client ("It lets one person join"), and the store marks
// it used in the same statement that checks it is unused. A code that was
// used, withdrawn by the program or past its date is refused on the join
// page in words that say which and what to do, with the code kept in the
// field; all three read "not valid: it may be mistyped, already used, or
// expired" before.
func TestInvitationCodesRefusedInWords(t *testing.T) {
	e, aTok, org := harborWithAva(t)
	_, boTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
	_, cyTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	newCode := func(days int) string {
		t.Helper()
		return e.do("POST", "/api/v1/organizations/"+org+"/invitations", aTok, map[string]any{"cohort": "Spring", "days": days}).JSON(t)["code"].(string)
	}
	join := func(tok, code string) (int, string, string) {
		t.Helper()
		r := e.do("POST", "/organizations/join", tok, formBody("code="+url.QueryEscape(code)))
		value := regexp.MustCompile(`name="code" type="text" value="([^"]*)"`).FindStringSubmatch(r.String())
		if value == nil {
			value = []string{"", ""}
		}
		return r.Status, testutil.Visible(r.String()), value[1]
	}

	used := newCode(14)
	if r := e.do("POST", "/organizations/join", boTok, formBody("code="+url.QueryEscape(used))); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/organizations?done=joined" {
		t.Fatalf("Bo joins with a fresh code: %d %s", r.Status, r.Header.Get("Location"))
	}
	page := e.do("GET", "/organizations/"+org, aTok, nil).String()
	if text := testutil.Visible(page); !strings.Contains(text, "used by Bo") {
		t.Errorf("the program's page does not say the code was used by Bo:\n%s", text)
	}

	withdrawn := newCode(14)
	id := regexp.MustCompile(`name="code_id" value="([^"]+)"`).FindStringSubmatch(e.do("GET", "/organizations/"+org, aTok, nil).String())
	if id == nil {
		t.Fatal("no open code to revoke on the program's page")
	}
	if r := e.do("POST", "/organizations/"+org+"/action", aTok, formBody("action=revoke&code_id="+url.QueryEscape(id[1]))); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d %.500s", r.Status, testutil.Visible(r.String()))
	}
	if text := testutil.Visible(e.do("GET", "/organizations/"+org, aTok, nil).String()); !strings.Contains(text, "ended unused") {
		t.Errorf("the withdrawn code is not shown as ended:\n%s", text)
	}
	late := newCode(1)
	e.clock.Advance(49 * 60 * 60e9)

	for _, c := range []struct{ what, code, want string }{
		{"a code Bo used", used, "That code has already been used: each code lets one person join; ask your program for a code of your own"},
		{"a code the program withdrew", withdrawn, "That code has ended: the program withdrew it or its time ran out; ask your program for a new one"},
		{"a code past its date", late, "That code has ended: the program withdrew it or its time ran out"},
		{"a mistyped code", "7KQ3M-XDA9Z", "We do not know that code: check it for a mistyped letter"},
	} {
		code, text, kept := join(cyTok, c.code)
		if code != http.StatusBadRequest || !strings.Contains(text, c.want) || kept != c.code {
			t.Errorf("%s: %d, kept %q, want 400 reading %q:\n%.800s", c.what, code, kept, c.want, text)
		}
	}
	// Cy is in no program after all that.
	if r := e.do("GET", "/organizations", cyTok, nil); strings.Contains(testutil.Visible(r.String()), "Harbor") {
		t.Errorf("Cy joined Harbor with a refused code")
	}
}
