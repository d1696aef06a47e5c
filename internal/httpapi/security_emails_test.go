package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestTwoFactorChangesAreEmailed: turning two-factor login on or off, and
// signing in with a recovery code, sent no email, where a changed password
// does. Each now reaches the real SMTP server in its reader's language
// (Rosa reads Spanish, Ben English), with where to reset the password,
// and never a recovery code.
func TestTwoFactorChangesAreEmailed(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	rosaID, _ := e.signupLogin("rosa@example.org", goodPassword, "Rosa")
	rosa, err := e.store.FindUserByID(context.Background(), rosaID)
	if err != nil {
		t.Fatal(err)
	}
	rosa.Language = "es"
	if err := e.store.UpdateUser(context.Background(), rosa); err != nil {
		t.Fatal(err)
	}
	e.signupLogin("ben@example.org", goodPassword, "Ben")

	// mail waits for the email to to with subject and returns its body.
	mail := func(to, subject string) string {
		t.Helper()
		return testutil.ParseMail(t, e.smtp.WaitForMatch(t, func(raw testutil.ReceivedMessage) bool {
			p := testutil.ParseMail(t, raw)
			return strings.Join(p.To, ",") == to && p.Subject == subject
		}, 20*time.Second)).Text
	}
	for _, c := range []struct {
		email                       string
		on, off, code               string // subjects
		onReads, offReads, codeRead string
	}{
		{"rosa@example.org", "El inicio de sesión en dos pasos está activado en tu cuenta de Kinship",
			"Se desactivó el inicio de sesión en dos pasos en tu cuenta de Kinship", "Se usó un código de recuperación en tu cuenta de Kinship",
			"Se acaba de activar el inicio de sesión en dos pasos", "Se acaba de desactivar el inicio de sesión en dos pasos",
			"Se acaba de usar uno de tus códigos de recuperación"},
		{"ben@example.org", "Two-factor login is on for your Kinship account", "Two-factor login was turned off for your Kinship account",
			"A recovery code was used on your Kinship account", "Two-factor login was just turned on for your Kinship account",
			"Two-factor login was just turned off for your Kinship account", "One of your recovery codes was just used"},
	} {
		tok := e.login(c.email, goodPassword, "")
		r := e.do("POST", "/api/v1/me/mfa/setup", tok, nil)
		expectStatus(t, r, http.StatusOK)
		secret := r.JSON(t)["secret"].(string)
		now, err := totp.GenerateCode(secret, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		r = e.do("POST", "/api/v1/me/mfa/confirm", tok, map[string]string{"code": now})
		expectStatus(t, r, http.StatusOK)
		var codes []string
		for _, c := range r.JSON(t)["recovery_codes"].([]any) {
			codes = append(codes, c.(string))
		}
		// noCode checks an email names no recovery code, nor the secret.
		noCode := func(body string) {
			t.Helper()
			for _, code := range append(codes, secret) {
				if strings.Contains(body, code) {
					t.Errorf("an email to %s holds a code:\n%s", c.email, body)
				}
			}
		}
		body := mail(c.email, c.on)
		for _, w := range []string{c.onReads, e.http.URL + "/password-reset\n", e.http.URL + "/feedback"} {
			if !strings.Contains(strings.ReplaceAll(body, "\r\n", "\n"), w) {
				t.Errorf("the email %q does not read %q:\n%s", c.on, w, body)
			}
		}
		noCode(body)

		// Signing in with a recovery code.
		r = e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": c.email, "password": goodPassword})
		expectStatus(t, r, http.StatusOK)
		pending := r.JSON(t)["token"].(string)
		r = e.do("POST", "/api/v1/auth/mfa", pending, map[string]string{"code": codes[3]})
		if r.Status != http.StatusOK || r.JSON(t)["status"] != "signed_in" {
			t.Fatalf("sign in with a recovery code: %d %s", r.Status, r.Body)
		}
		body = mail(c.email, c.code)
		for _, w := range []string{c.codeRead, e.http.URL + "/password-reset\n", e.http.URL + "/settings/security"} {
			if !strings.Contains(strings.ReplaceAll(body, "\r\n", "\n"), w) {
				t.Errorf("the email %q does not read %q:\n%s", c.code, w, body)
			}
		}
		noCode(body)

		// Turning it off, from the session that just signed in.
		expectStatus(t, e.do("DELETE", "/api/v1/me/mfa", pending, nil), http.StatusNoContent)
		body = mail(c.email, c.off)
		for _, w := range []string{c.offReads, e.http.URL + "/password-reset\n", e.http.URL + "/settings/security"} {
			if !strings.Contains(strings.ReplaceAll(body, "\r\n", "\n"), w) {
				t.Errorf("the email %q does not read %q:\n%s", c.off, w, body)
			}
		}
		noCode(body)
	}
}
