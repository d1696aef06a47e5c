package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDeleteFormSaysWhatGoes: on the privacy page the account
// deletion promised that what a person wrote "stays, shown as from a former
// member" while deletion erases it; a wrong password typed into the deletion
// form was reported at the download form's password field (the summary's
// link went there too), and the unticked box had no word beside it. On a
// phone, in English and in Spanish, the form says what goes, and each error
// stands at the deletion's own field, reached from the summary.
func TestBrowserDeleteFormSaysWhatGoes(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	cast(t, a)
	st := steps{t}
	tab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	for _, c := range []struct{ lang, erased, kept, tick, wrong string }{
		{"en", "What you wrote is erased too", `The other person of a private conversation keeps their own messages, beside "a former member" instead of your name.`,
			"Tick the box to confirm", "That password is not right"},
		{"es", "También se borra lo que escribiste", `La otra persona de una conversación privada conserva sus propios mensajes, junto a "un exmiembro" en lugar de tu nombre.`,
			"Marca la casilla para confirmar", "Esa contraseña no es correcta"},
	} {
		if c.lang == "es" {
			st.do(tab, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(tab, c.lang+" privacy", chromedp.Navigate(base+"/settings/privacy"), chromedp.WaitVisible(css(`form[action="/settings/delete"]`)))
		if text := st.text(tab, `section[aria-labelledby="delete-h"]`); !strings.Contains(text, c.erased) || !strings.Contains(text, c.kept) {
			t.Errorf("%s: the deletion says %q: want %q and %q", c.lang, text, c.erased, c.kept)
		}

		// The box left unticked.
		st.do(tab, c.lang+" no tick", chromedp.SendKeys(css(`#f-delete-password`), "cobalt river stone"),
			chromedp.Click(css(`form[action="/settings/delete"] button`)), chromedp.WaitVisible(css(`#error-summary`)))
		if got := st.text(tab, `form[action="/settings/delete"] #e-confirm`); got != c.tick {
			t.Errorf("%s: beside the box: %q, want %q", c.lang, got, c.tick)
		}
		if href, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("#error-summary a").getAttribute("href")`)); href != "#f-confirm" {
			t.Errorf("%s: the summary's link goes to %q, want #f-confirm", c.lang, href)
		}

		// A wrong password.
		st.do(tab, c.lang+" wrong password", chromedp.SendKeys(css(`#f-delete-password`), "not my password at all"), chromedp.Click(css(`#f-confirm`)),
			chromedp.Click(css(`form[action="/settings/delete"] button`)), chromedp.WaitVisible(css(`#error-summary`)))
		if got := st.text(tab, `form[action="/settings/delete"] #e-delete-password`); got != c.wrong {
			t.Errorf("%s: under the deletion's password: %q, want %q", c.lang, got, c.wrong)
		}
		if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('form[action="/settings/export"] .field-error').length`)); n != 0 {
			t.Errorf("%s: the download form shows %d errors for the deletion's password", c.lang, n)
		}
		st.do(tab, c.lang+" follow the summary", chromedp.Click(css(`#error-summary a`)))
		if id, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.id`)); id != "f-delete-password" {
			t.Errorf("%s: the summary's link led to %q, want the deletion's password", c.lang, id)
		}
		shot(t, tab, "delete-form-wrong-password-"+c.lang+".png")
	}
}
