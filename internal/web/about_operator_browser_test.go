package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserAboutNamesWhoRunsKinship: the operator's name (--operator)
// was on the privacy page only, which a visitor deciding whether to join
// cannot open. /about now says who runs this Kinship and holds its
// members' data, in English and Spanish, with a way to write to them; an
// instance that gave no name says so.
func TestBrowserAboutNamesWhoRunsKinship(t *testing.T) {
	exe := chromium(t)
	st := steps{t}
	for _, c := range []struct {
		operator, lang, want string
		pic                  string
	}{
		{"Harbor Recovery Community", "en", "Harbor Recovery Community runs this Kinship and holds its members' data: their accounts, what they write, " +
			"and their health details, which are sealed. Write to them", "about-operator-en.png"},
		{"Harbor Recovery Community", "es", "Harbor Recovery Community administra este Kinship y guarda los datos de sus miembros: sus cuentas, " +
			"lo que escriben y sus datos de salud, que se guardan cifrados. Escribirles", "about-operator-es.png"},
		{"", "en", "The people who run this Kinship hold its members' data. They have not put their organization's name here. Write to them", ""},
	} {
		base, _, _ := startServerOpts(t, app.Options{Operator: c.operator})
		ctx, done := phone(t, exe)
		if c.lang == "es" {
			st.do(ctx, "Spanish", chromedp.Navigate(base+"/"), chromedp.SetValue(css(`#f-lang`), "es"),
				chromedp.Click(css(`.lang-switch button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(ctx, "about", chromedp.Navigate(base+"/about"), chromedp.WaitVisible(css(`#operator`)))
		if got := st.text(ctx, `#operator`); got != c.want {
			t.Errorf("%q in %s: /about reads %q", c.operator, c.lang, got)
		}
		if href := eval[string](t, ctx, "the link", `document.querySelector('#operator a').getAttribute('href')`); href != "/feedback" {
			t.Errorf("the link leads to %q", href)
		}
		if c.pic != "" {
			shotHere(t, ctx, "#operator-h", c.pic)
		}
		done()
	}
}
