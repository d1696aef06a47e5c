package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestHeadsUpOffersToWritePrivately: Marisol, who leads the group, reads
// in her notifications (in Spanish) that Tomás may be going through a
// crisis and that "a kind, private word can help"; the way to write it is
// beside those words, not only on the chat the heads-up opens (walk13
// W13-3), and pressing it opens their conversation. The notification's
// link and the button are the only ways; nothing else of the list changes.
func TestHeadsUpOffersToWritePrivately(t *testing.T) {
	base, a := startServer(t)
	marisol := account(t, a, "marisol@example.org", "copper lantern morning", "Marisol", model.RoleMember)
	tomas := account(t, a, "tomas@example.org", "desert willow evening", "Tomás", model.RoleMember)
	secret := withMFA(t, a, marisol)
	as := func(u *model.User) context.Context { return app.WithActor(context.Background(), &app.Actor{User: u}) }
	name, desc, guide, vis := "Círculo de los miércoles", "Nos acompañamos.", "Lo que se dice aquí se queda aquí.", "listed"
	g, err := a.CreateGroup(as(marisol), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.JoinGroup(as(tomas), g.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.SendMessage(as(tomas), g.ID, "", "I don't want to be alive anymore, I have been saving up my pills."); err != nil {
		t.Fatal(err)
	}

	m := signedInPerson(t, base, "marisol@example.org", "copper lantern morning")
	code, _ := totp.GenerateCode(secret, testutil.Now(t))
	if status, text, _ := m.post("/login/mfa", url.Values{"code": {code}}); status != http.StatusOK {
		t.Fatalf("Marisol's two-factor code: %d %s", status, text)
	}
	if status, text, _ := m.speak("es"); status != http.StatusOK {
		t.Fatalf("Marisol reads Spanish: %d %s", status, text)
	}
	// The safety check tells the group's leaders as it flags the words.
	var notes, page string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if _, page, _ = m.do("GET", "/notifications", nil); strings.Contains(page, "Tomás podría") {
			break
		}
	}
	notes = readable(page)
	if !strings.Contains(notes, "Tomás podría estar pasando por una crisis en Círculo de los miércoles.") || !strings.Contains(notes, "Escribirle a Tomás en privado") {
		t.Fatalf("Marisol's heads-up and the way to write to Tomás:\n%s", notes)
	}
	if !strings.Contains(page, `<form method="post" action="/dms" class="note-act"><input type="hidden" name="user_id" value="`+tomas.ID+`">`) {
		t.Fatalf("the button does not open a conversation with Tomás:\n%s", page)
	}
	status, dm, at := m.post("/dms", url.Values{"user_id": {tomas.ID}})
	if status != http.StatusOK || !strings.HasPrefix(at, "/messages/") || !strings.Contains(dm, "Mensajes con Tomás") {
		t.Fatalf("the button led to %s (%d):\n%s", at, status, dm)
	}
}
