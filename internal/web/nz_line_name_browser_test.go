package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk12 W12-4: Kiri, in Auckland, read at the foot of every page "Need to
// talk?: Call 1737 Text 1737", a question mark then a colon: the name of
// New Zealand's line is a question. Now a name that ends in its own
// punctuation takes no colon: at the foot of Ash's pages (in New Zealand,
// English), on the about page, and on the card of her call for support
// that Bo (in the United States) and Cy (in Mexico, reading Spanish) read.
func TestBrowserLineNamedWithAQuestion(t *testing.T) {
	base, a := startServer(t)
	ash, bo, cy, _ := castAbroad(t, a, home{"NZ", "Pacific/Auckland", "en"}, home{"US", "America/Chicago", "en"},
		home{"MX", "America/Mexico_City", "es"}, home{})
	partnered(t, a, ash, bo)
	partnered(t, a, ash, cy)
	st := steps{t}
	ashTab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	for _, page := range []struct{ path, sel string }{{"/", "#crisis-help"}, {"/about", "main"}} {
		st.do(ashTab, "Ash opens "+page.path, chromedp.Navigate(base+page.path), chromedp.WaitVisible(css(page.sel)))
		got := st.text(ashTab, page.sel)
		if !strings.Contains(got, "Need to talk? Call 1737") || strings.Contains(got, "?:") {
			t.Errorf("Ash reads on %s:\n%s", page.path, got)
		}
	}
	shot(t, ashTab, "nz-line-name-about.png")
	if _, err := a.RequestSupport(asUser(ash)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ email, pw, want string }{
		{"bo@example.org", "cobalt river stone", "Need to talk? Call 1737 Text 1737"},
		{"cy@example.org", "granite orchard dusk", "Need to talk? Llamar al 1737 Enviar un mensaje de texto al 1737"},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.email+" opens Ash's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
		if card := st.text(tab, `#to-respond .caller-lines`); !strings.Contains(card, c.want) || strings.Contains(card, "?:") {
			t.Errorf("%s reads on Ash's call, without %q:\n%s", c.email, c.want, card)
		}
	}
	_ = bo
	_ = cy
}
