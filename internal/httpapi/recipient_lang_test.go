package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestEmailsAndPushInRecipientsLanguage: what Kinship sends a person is
// written in that person's language, not the sender's. Ana (English) asks
// for support; Pat, who reads Kinship in Spanish, gets the push in
// Spanish, and Ana's own emails stay English. Pat's password reset email
// is in Spanish too.
func TestEmailsAndPushInRecipientsLanguage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ps := e.startPush()
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		e.speaks(pID, "es")
		e.partnered(aTok, pTok, pID)
		phone := ps.NewDevice(t)
		e.subscribe(pTok, phone, "Pat's phone")

		e.do("POST", "/api/v1/support/alerts", aTok, nil)
		got := ps.WaitFor(t, 1, 20*time.Second)
		if seen := readPush(t, got[0]); seen.Body != "Alguien de tu círculo te necesita" {
			t.Errorf("Pat's phone reads %q", seen.Body)
		}

		before := len(e.smtp.Messages())
		for _, email := range []string{"pat@example.org", "ana@example.org"} {
			expectStatus(t, e.do("POST", "/api/v1/auth/password-reset", "", map[string]string{"email": email}), http.StatusAccepted)
		}
		msgs := e.smtp.WaitFor(t, before+2, 10*time.Second)
		seen := map[string]testutil.ParsedMail{}
		for _, raw := range msgs[before:] {
			m := testutil.ParseMail(t, raw)
			seen[strings.Join(m.To, ",")] = m
		}
		es, en := seen["pat@example.org"], seen["ana@example.org"]
		if es.Subject != "Restablece tu contraseña de Kinship" || !strings.Contains(es.Text, "abre este enlace en la próxima hora") {
			t.Errorf("Pat's reset email: %q\n%s", es.Subject, es.Text)
		}
		if en.Subject != "Reset your Kinship password" || !strings.Contains(en.Text, "open this link within an hour") {
			t.Errorf("Ana's reset email: %q\n%s", en.Subject, en.Text)
		}
	})
}
