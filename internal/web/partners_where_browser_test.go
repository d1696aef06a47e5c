package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk12 W12-6: Priya, with no partners yet, read "Open a member's profile
// to invite them" and nothing on where a profile is: Find peers searches
// skills, not names. Now the page says where she opens one (a group she
// shares, a conversation, her connections) and links to each; in English
// and Spanish.
func TestBrowserNoPartnersSaysWhereToFindThem(t *testing.T) {
	base, a := startServer(t)
	cast(t, a)
	st := steps{t}
	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	for _, c := range []struct{ lang, want, links string }{
		{"en", "You have no partners yet. You invite someone from their profile: open it from a group you share, a conversation or your connections.",
			"Groups /groups · Messages /messages · Connections /connections"},
		{"es", "Todavía no tienes compañeros de responsabilidad. Se invita a alguien desde su perfil: ábrelo desde un grupo que compartan, una conversación o tus conexiones.",
			"Grupos /groups · Mensajes /messages · Conexiones /connections"},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, c.lang+" partners", chromedp.Navigate(base+"/partners"), chromedp.WaitVisible(css(`#partners-where`)))
		if got := st.text(tab, `#partners-where`); !strings.Contains(st.text(tab, `main`), c.want) || got == "" {
			t.Errorf("%s: Ash reads:\n%s", c.lang, st.text(tab, `main`))
		}
		links := eval[string](t, tab, "links", `[...document.querySelectorAll('#partners-where a')].map(a => a.innerText.trim() + ' ' + a.getAttribute('href')).join(' · ')`)
		if links != c.links {
			t.Errorf("%s: Ash is offered %q", c.lang, links)
		}
		shot(t, tab, "partners-none-"+c.lang+".png")
	}
}
