package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestNoOneTakesTheNameOfAnErasedAccount: a living person could sign up
// or rename themselves "a former member" (or "un exmiembro", any case or
// punctuation), the words Kinship shows for an erased account, and the app
// then took them for one: Ana's message to Ivy, named so, was refused with
// "this person has left Kinship", and her inbox marked Ivy's thread as an
// erased account's. Sign-up and profile edits now refuse such a name with
// words a person can act on, and erasure is told by the account: Ivy,
// named so before names were reserved, is written to as anyone is and
// may change other parts of her profile.
func TestNoOneTakesTheNameOfAnErasedAccount(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		const refused = "choose another display name: Kinship uses this one for accounts that have been erased"
		for _, name := range []string{"a former member", "A Former Member.", "un ex-miembro", "UN EXMIEMBRO", "  a-former-member  "} {
			r := e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": "zed@example.org", "password": goodPassword, "display_name": name})
			expectStatus(t, r, http.StatusBadRequest)
			if got := problemFields(t, r)["display_name"]; got != refused {
				t.Errorf("signing up as %q: display_name says %v", name, got)
			}
		}
		if _, err := e.store.FindUserByEmail(t.Context(), "zed@example.org"); err == nil {
			t.Error("a refused sign-up made an account")
		}

		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		iID, iTok := e.signupLogin("ivy@example.org", goodPassword, "Ivy")
		// Ivy took the name before it was reserved.
		p, err := e.store.FindProfile(t.Context(), iID)
		if err != nil {
			t.Fatal(err)
		}
		p.DisplayName = "a former member"
		if err := e.store.UpsertProfile(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		r := e.do("PATCH", "/api/v1/me", iTok, map[string]any{"bio": "Here most evenings"})
		expectStatus(t, r, http.StatusOK)

		cid := e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": iID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", iTok, nil), http.StatusNoContent)
		r = e.do("POST", "/api/v1/dms", aTok, map[string]string{"user_id": iID, "client_id": "a1", "body": "Coffee after the meeting?"})
		expectStatus(t, r, http.StatusCreated)
		thread := r.JSON(t)["thread"].(map[string]any)["id"].(string)
		r = e.do("POST", "/api/v1/dms/"+thread+"/messages", aTok, map[string]string{"client_id": "a2", "body": "Or tea"})
		expectStatus(t, r, http.StatusCreated)
		th := e.do("GET", "/api/v1/dms", aTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)
		if th["other_display_name"] != "a former member" || th["other_former_member"] != nil {
			t.Errorf("Ana's thread with Ivy, living: %v", th)
		}
		if h := e.do("GET", "/api/v1/dms/"+thread+"/messages", iTok, nil).String(); !strings.Contains(h, "Or tea") {
			t.Errorf("Ivy's thread: %s", h)
		}

		for _, name := range []string{"A Former Member!", "un exmiembro"} {
			r = e.do("PATCH", "/api/v1/me", aTok, map[string]any{"display_name": name, "bio": "changed"})
			expectStatus(t, r, http.StatusBadRequest)
			if got := problemFields(t, r)["display_name"]; got != refused {
				t.Errorf("Ana renaming herself %q: display_name says %v", name, got)
			}
		}
		me := e.do("GET", "/api/v1/me", aTok, nil).JSON(t)["profile"].(map[string]any)
		if me["display_name"] != "Ana" || me["bio"] != nil {
			t.Errorf("a refused rename was written: %v", me)
		}
		r = e.do("PATCH", "/api/v1/me", iTok, map[string]any{"display_name": "Ivy"})
		expectStatus(t, r, http.StatusOK)
	})
}
