package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserPartnerInvitationReceived: Bo, invited by Ash to be
// accountability partners, saw Accept, Decline and "Withdraw", a link for
// the person who sent it. On a phone, in English and in Spanish, Bo reads
// Accept and Decline only; Ash, who sent it, can withdraw it.
func TestBrowserPartnerInvitationReceived(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	if _, err := a.InvitePartner(app.WithActor(context.Background(), &app.Actor{User: ash}), bo.ID); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	for _, c := range []struct{ lang, accept, decline, withdraw string }{
		{"en", "Accept", "Decline", "Withdraw"},
		{"es", "Aceptar", "Rechazar", "Retirar"},
	} {
		if c.lang == "es" {
			st.do(boTab, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(boTab, c.lang+" partners", chromedp.Navigate(base+"/partners"), chromedp.WaitVisible(css(`section.partner`)))
		card := st.text(boTab, `section.partner`)
		if !strings.Contains(card, "Ash") || !strings.Contains(card, c.accept) || !strings.Contains(card, c.decline) || strings.Contains(card, c.withdraw) {
			t.Errorf("%s: the invitation Bo received reads %q: want %q and %q, no %q", c.lang, card, c.accept, c.decline, c.withdraw)
		}
		shot(t, boTab, "partner-invitation-received-"+c.lang+".png")
	}
	ashTab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	st.do(ashTab, "Ash's partners", chromedp.Navigate(base+"/partners"), chromedp.WaitVisible(css(`section.partner`)))
	if card := st.text(ashTab, `section.partner`); !strings.Contains(card, "Withdraw") || strings.Contains(card, "Accept") {
		t.Errorf("the invitation Ash sent reads %q: want \"Withdraw\" and no Accept", card)
	}
}
