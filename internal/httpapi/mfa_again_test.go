package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMFACodeOnASignedInSession: POST /auth/mfa on a session that had
// passed two-factor login (or whose account has none) answered 200
// "signed_in" with no code at all, as if a code had been checked (R12-4).
// It is a 409 that says nothing was checked; the session goes on.
func TestMFACodeOnASignedInSession(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("ines@example.org", goodPassword, "Ines")
	secret := e.enableMFA(tok)
	e.clock.Advance(31 * time.Second)
	code, _ := totp.GenerateCode(secret, e.clock.Now())
	signedIn := e.login("ines@example.org", goodPassword, code)

	const want = "this session is already signed in and no two-factor code is due; the code was not checked"
	for _, c := range []struct {
		who, tok, code string
	}{
		{"after a right code, no code", signedIn, ""},
		{"after a right code, a wrong code", signedIn, "000000"},
		{"an account without two-factor login", func() string { _, t := e.signupLogin("noah@example.org", goodPassword, "Noah"); return t }(), "123456"},
	} {
		r := e.do("POST", "/api/v1/auth/mfa", c.tok, map[string]string{"code": c.code})
		expectStatus(t, r, http.StatusConflict)
		if p := problemOf(t, r); p["type"] != "urn:kinship:problem:conflict" || p["detail"] != want {
			t.Errorf("%s: %s", c.who, r.Body)
		}
		expectStatus(t, e.do("GET", "/api/v1/me", c.tok, nil), http.StatusOK)
	}
}
