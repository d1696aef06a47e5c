package web

import (
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// The author of a held message a moderator decided on (suspending its
// author) reads that it will not be shown, and why, in their language: no
// longer that it waits for a moderator and will be shown (walk11 W11-9).
func TestHeldMessageAModeratorDecidedOn(t *testing.T) {
	me := "01JME0000000000000000000000"
	d := chatData{Conv: "01JGROUP000000000000000000", Me: me, Reactions: app.Reactions, Page: &app.MessagePage{Messages: []app.MessageView{
		{ID: "01JA0000000000000000000001", Seq: 1, Body: "selling extras", Reason: "Selling medication is not allowed here.", Decided: true,
			Author: app.AuthorView{ID: me, DisplayName: "Vic"}, Kind: "text", State: "held"},
	}}}
	for _, c := range []struct{ lang, want, not string }{
		{"en", "Only you can see this message: a moderator decided it will not be shown. The reason given: Selling medication is not allowed here. " +
			"Your notifications say more, and how to appeal.", "waiting for a moderator"},
		{"es", "Solo tú puedes ver este mensaje: un moderador decidió que no se mostrará. Motivo: Selling medication is not allowed here. " +
			"Tus notificaciones dicen más y cómo apelar.", "esperando a un moderador"},
	} {
		l := i18n.Load().Lang(c.lang)
		got := string(chatLogIn(l, chatWordsIn(l), time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), time.UTC, d))
		if !strings.Contains(got, `<p class="hint held">`+c.want+`</p>`) || strings.Contains(got, c.not) {
			t.Errorf("%s: the decided message reads:\n%s", c.lang, got)
		}
	}
}
