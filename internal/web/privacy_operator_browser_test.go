package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserPrivacyPageNamesWhoHoldsTheData: the privacy page never said
// who holds a member's data. With the operator's name given
// (--operator), Bo's page on a phone says "Harbor Recovery Community runs
// this Kinship and holds your data", in English and Spanish, with a link
// to ask them; without it, it says the people who run it have not put
// their organization's name there.
func TestBrowserPrivacyPageNamesWhoHoldsTheData(t *testing.T) {
	st := steps{t}
	named := startServerParts(t, app.Options{Operator: "Harbor Recovery Community"}, nil)
	cast(t, named.app)
	ctx := signedInPhone(t, named.base, "bo@example.org", "cobalt river stone")
	for _, c := range []struct{ lang, want string }{
		{"en", "Harbor Recovery Community runs this Kinship and holds your data: your account, what you write, and your health details, which are sealed. Ask them about your data"},
		{"es", "Harbor Recovery Community administra este Kinship y guarda tus datos: tu cuenta, lo que escribes y tus datos de salud, que se guardan cifrados. Pregúntales por tus datos"},
	} {
		if c.lang == "es" {
			st.spanish(ctx, named.base)
		}
		st.do(ctx, c.lang+" privacy page", chromedp.Navigate(named.base+"/settings/privacy"), chromedp.WaitVisible(css(`#holder`)))
		if got := st.text(ctx, `#holder`); got != c.want {
			t.Errorf("%s: the page reads %q, want %q", c.lang, got, c.want)
		}
		if href := eval[string](t, ctx, "the link", `document.querySelector('#holder a').getAttribute('href')`); href != "/feedback" {
			t.Errorf("%s: the link goes to %q", c.lang, href)
		}
		shot(t, ctx, "privacy-operator-"+c.lang+".png")
	}

	unnamed := startServerParts(t, app.Options{}, nil)
	cast(t, unnamed.app)
	ctx = signedInPhone(t, unnamed.base, "bo@example.org", "cobalt river stone")
	st.do(ctx, "privacy page, no name", chromedp.Navigate(unnamed.base+"/settings/privacy"), chromedp.WaitVisible(css(`#holder`)))
	if got, want := st.text(ctx, `#holder`), "The people who run this Kinship hold your data: your account, what you write, and your health details, which are sealed. They have not put their organization's name here. Ask them about your data"; got != want {
		t.Errorf("without a name the page reads %q, want %q", got, want)
	}
}
