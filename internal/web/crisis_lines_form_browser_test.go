package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserCrisisLineFormIsNearForAKeyboard walks walk13's W13-12:
// Kenji, the site admin, uses only a keyboard, and on
// /admin/crisis-resources pressed Tab 52 times, past every line's Remove,
// to reach the form that adds a line. On a phone, in English and Spanish,
// a link under the lead goes to the form: a few presses, then Enter and
// one Tab, and the form's first field has the focus.
func TestBrowserCrisisLineFormIsNearForAKeyboard(t *testing.T) {
	base, a := startServer(t)
	kenji := account(t, a, "kenji@example.org", "lantern over the bay", "Kenji", model.RoleSiteAdmin)
	secret := withMFA(t, a, kenji)
	tab := signedInPhone(t, base, "kenji@example.org", "lantern over the bay")
	st := steps{t}
	st.mfaStep(tab, secret)
	for _, c := range []struct{ lang, link, hint string }{
		{"en", "Add or change a line: go to the form",
			"Members reading English read it, and so does everyone when it is the only one given."},
		{"es", "Agregar o cambiar una línea: ir al formulario",
			"La leen los miembros que leen en inglés, y todos cuando es la única que das."},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, c.lang+" lines", chromedp.Navigate(base+"/admin/crisis-resources"), chromedp.WaitVisible(css(`#f-id`)))
		removes := eval[int](t, tab, "the Remove buttons", `document.querySelectorAll('form[action="/admin/crisis-resources"] button.link').length`)
		presses := 0
		for ; presses < 30; presses++ {
			if eval[string](t, tab, "the focus", `document.activeElement.id`) == "to-add-line" {
				break
			}
			st.do(tab, "Tab", chromedp.KeyEvent("\t"))
		}
		if got := st.text(tab, `#to-add-line`); presses >= 30 || got != c.link {
			t.Fatalf("%s: %d presses of Tab did not reach the link to the form (it reads %q, want %q)", c.lang, presses, got, c.link)
		}
		shotHere(t, tab, "main h1", "crisis-lines-link-"+c.lang+".png")
		st.do(tab, "Enter, then Tab", chromedp.KeyEvent("\r"), chromedp.KeyEvent("\t"))
		if at := eval[string](t, tab, "the focus", `document.activeElement.id`); at != "f-id" {
			t.Errorf("%s: after the link and a Tab the focus is on %q, want the form's first field", c.lang, at)
		}
		if presses+2 >= removes {
			t.Errorf("%s: %d presses to the form, not fewer than the %d lines' Remove", c.lang, presses+2, removes)
		}
		t.Logf("%s: %d presses of Tab, Enter and one Tab to the form, past none of the %d Remove buttons", c.lang, presses, removes)
		// What an admin writes for "When to use it, in English" is read by
		// members reading English, and by everyone when it is the only one
		// (walk13 W13-7, walk15 W15-7): the field says so.
		if got := st.text(tab, `#h-description`); got != c.hint {
			t.Errorf("%s: under \"When to use it\" the form reads %q, want %q", c.lang, got, c.hint)
		}
		shotHere(t, tab, "#add-line", "crisis-lines-form-"+c.lang+".png")
	}
}
