package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// W11-5 (walk11): Greta, a site admin reading Spanish, opened the report
// Kinship made of Vic's "Got oxys and bars cheap, DM me, fast delivery all
// over Chicago" and read "Quien reportó: “held for review: looks like
// selling or off-platform contact (delivery, a substance at a price)”":
// English in a Spanish page, and Kinship named as a person who reported.
// The queue now says Kinship held it, and why, in the reader's language;
// the words it found in the message stay as written.
func TestBrowserAHeldMessageSaysWhyInTheModeratorsLanguage(t *testing.T) {
	base, a := startServer(t)
	_, bo := cast(t, a)
	g, _, _ := faysGroupMFA(t, a, "Evenings", "A weekly circle.")
	joinedAll(t, a, g.ID, asUser(bo))
	if v, _, err := a.SendMessage(asUser(bo), g.ID, "v1", "Got oxys and bars cheap, DM me, fast delivery all over Chicago"); err != nil || v.State != "held" {
		t.Fatalf("the message is not held: %v %v", v, err)
	}
	mod := account(t, a, "mod@example.org", "lantern over the bay", "Mod", model.RoleModerator)
	secret := withMFA(t, a, mod)
	st := steps{t}
	tab := signedInPhone(t, base, "mod@example.org", "lantern over the bay")
	st.mfaStep(tab, secret)
	for _, c := range []struct{ lang, want string }{
		{"en", "Kinship held it: it looks like selling or contact off the platform (signs: “delivery”, a substance at a price)."},
		{"es", "Kinship lo retuvo: parece venta o contacto fuera de la plataforma (señales: “delivery”, una sustancia con precio)."},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, "the queue", chromedp.Navigate(base+"/moderation/queue"), chromedp.WaitVisible(css(`#reports blockquote`)))
		got := st.text(tab, `#reports`)
		if !strings.Contains(got, c.want) || strings.Contains(got, "held for review") {
			t.Errorf("%s: the report reads:\n%s", c.lang, got)
		}
		shot(t, tab, "held-signs-"+c.lang+".png")
	}
}
