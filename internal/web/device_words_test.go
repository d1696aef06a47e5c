package web

import (
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// TestDeviceWordsInSpanish: the devices Kinship described from a browser's
// User-Agent read in Spanish; product names stay theirs, and a name a
// person gave a device is shown as they wrote it.
func TestDeviceWordsInSpanish(t *testing.T) {
	es := i18n.Load().Lang("es")
	for stored, want := range map[string]string{
		"Chrome on Android": "Chrome en Android", "Unknown browser on Windows": "Navegador desconocido en Windows", "Unknown browser": "Navegador desconocido",
		"API client": "Cliente de la API", "A browser on iPhone": "Un navegador en iPhone", "Samsung Internet on Android": "Samsung Internet en Android",
		"Safari": "Safari", "My phone on the bus": "My phone on the bus", "Chrome on Toaster": "Chrome on Toaster",
	} {
		if got := deviceIn(es, stored); got != want {
			t.Errorf("%q reads %q, want %q", stored, got, want)
		}
	}
}

// TestHeldMessageReasonInSpanish: the author of a message held for a
// moderator reads why in their language, not the app's English.
func TestHeldMessageReasonInSpanish(t *testing.T) {
	es := i18n.Load().Lang("es")
	me := "01JME0000000000000000000000"
	d := chatData{Conv: "01JGROUP000000000000000000", Me: me, Reactions: app.Reactions, Page: &app.MessagePage{Messages: []app.MessageView{
		{ID: "01JA0000000000000000000001", Seq: 1, Body: "vendo", Reason: "Only you can see this message: it is waiting for a moderator.", Author: app.AuthorView{ID: me, DisplayName: "Ana"}, Kind: "text", State: "held"},
	}}}
	got := string(chatLogIn(es, chatWordsIn(es), time.Now(), time.UTC, d))
	if !strings.Contains(got, `<p class="hint held">Solo tú puedes ver este mensaje: está esperando a un moderador`) || strings.Contains(got, "Only you") {
		t.Errorf("the held message reads:\n%s", got)
	}
}
