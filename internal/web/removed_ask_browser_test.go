package web_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserARemovedMemberCanAskToReturn (walk9 W9-3): in Bogotá,
// Fernanda removed Tomás from her group after the safety check told her he
// might be in crisis, with the reason "we will write to you in private".
// His group page said "Si quieres volver, pregúntale" ("ask them"), but
// named no one and offered no way to; and when she opened his profile to
// write, both being new accounts, she read "new accounts can message people
// they are connected to or share a group with". On a phone, in English and
// Spanish, a removed member's page now offers to write to the group's
// facilitator, and the message goes; the facilitator can write to a person
// she removed; nobody else gains a way to write to a stranger.
func TestBrowserARemovedMemberCanAskToReturn(t *testing.T) {
	base, a := startServer(t)
	_, bo := cast(t, a)
	g, asFay, _ := faysGroupMFA(t, a, "Parents in recovery", "A weekly circle for parents.")
	fay := app.ActorFrom(asFay).User
	lu := account(t, a, "lucia@example.org", "amber meadow trail", "Lucía", model.RoleMember)
	if err := a.SetLanguage(asUser(lu), "es"); err != nil {
		t.Fatal(err)
	}
	cy := account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember)
	joinedAll(t, a, g.ID, asUser(bo), asUser(lu))
	for _, u := range []*model.User{bo, lu} {
		if err := a.ManageGroupMember(asFay, g.ID, u.ID, app.ManageMember{Action: "remove", Reason: "We will write to you in private"}); err != nil {
			t.Fatal(err)
		}
	}
	// Fay follows up with Lucía in private, from her new account.
	if _, _, err := a.StartThread(asFay, lu.ID, "", "Lucía, how are you tonight?"); err != nil {
		t.Errorf("Fay cannot write to Lucía, whom she removed: %v", err)
	}
	// Cy, new, shares nothing with Fay: still no way to write to her.
	var e *model.Error
	if _, err := a.OpenThread(asUser(cy), fay.ID); !errors.As(err, &e) || e.Kind != model.KindForbidden {
		t.Errorf("Cy, a stranger on a new account, opened a thread with Fay: %v", err)
	}
	st := steps{t}
	for _, c := range []struct{ lang, email, pw, note, button, body string }{
		{"en", "bo@example.org", "cobalt river stone", "If you would like to return, you can write to its facilitator and ask.", "Message Fay", "Could I come back next week?"},
		{"es", "lucia@example.org", "amber meadow trail", "Si quieres volver, puedes escribirle a quien lo facilita y preguntarle.", "Enviar un mensaje a Fay", "Estoy mejor, gracias. ¿Puedo volver?"},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.lang+" group page", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#removed-note`)))
		if got := st.text(tab, `#removed-note p`); !strings.Contains(got, c.note) {
			t.Errorf("%s: the removed member reads %q, want %q", c.lang, got, c.note)
		}
		if got := st.text(tab, `#removed-note button`); got != c.button {
			t.Errorf("%s: the button reads %q, want %q", c.lang, got, c.button)
		}
		shot(t, tab, "removed-ask-"+c.lang+".png")
		st.do(tab, c.lang+" write", submitAndWait(`#removed-note button`))
		st.do(tab, c.lang+" send", chromedp.WaitVisible(css(`#f-body`)), chromedp.SendKeys(css(`#f-body`), c.body),
			chromedp.Click(css(`#composer button[type=submit]`)),
			// Lucía's thread already holds Fay's message: wait for her own,
			// not for any last message.
			chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#chat-log .body')].some(e => e.textContent.includes(`+strconv.Quote(c.body)+`))`, chromedp.WithPollingTimeout(15*time.Second)))
		if got := st.text(tab, `#chat-log`); !strings.Contains(got, c.body) {
			t.Errorf("%s: the conversation with Fay does not show the message sent:\n%s", c.lang, got)
		}
		if page := st.text(tab, `main`); strings.Contains(page, "new accounts") || strings.Contains(page, "cuentas nuevas") {
			t.Errorf("%s: writing to Fay was refused:\n%s", c.lang, page)
		}
		shot(t, tab, "removed-ask-sent-"+c.lang+".png")
	}
}
