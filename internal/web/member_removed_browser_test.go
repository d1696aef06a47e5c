package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk7: Fay removed Bo from her group, with a reason, from the members'
// "Remove" and read only "Saved.": whether Bo was told, and why, the page
// did not say. It now says he is removed and told the reason, in English,
// and in Spanish when she removes Cy; each reads the reason in their
// notifications. The notice names whom she removed, by their pronouns
// where she may see them ("Bo ... He is told"), and Fay's own role reads
// as her pronouns say, "eres su facilitadora" (walk9 W9-5).
func TestBrowserRemovingAMemberSaysTheyAreTold(t *testing.T) {
	base, a := startServer(t)
	_, bo := cast(t, a)
	cy := account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember)
	g, asFay, secret := faysGroupMFA(t, a, "Parents in recovery", "A weekly circle for parents.")
	joinedAll(t, a, g.ID, asUser(bo), asUser(cy))
	if _, err := a.UpdateMe(asUser(bo), func(p *model.Profile) { p.Pronouns = "he/him" }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMe(asFay, func(p *model.Profile) { p.Pronouns = "ella" }); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(tab, secret)
	for _, c := range []struct {
		lang, who, id, reason, want, role, shot string
	}{
		{"en", "Bo", bo.ID, "Repeated harassment after a warning", "Bo is no longer in the group. He is told your reason, and can no longer read or write in it.",
			"you are its facilitator", "member-removed-en.png"},
		{"es", "Cy", cy.ID, "Acoso repetido después de una advertencia", "Cy ya no está en el grupo. Se le comunica tu motivo, y ya no puede leer ni escribir en él.",
			"eres su facilitadora", "member-removed-es.png"},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		remove := "#remove-" + c.id
		st.do(tab, "open removing "+c.who, chromedp.Navigate(base+"/groups/"+g.ID), chromedp.Click(css(remove+` summary`)),
			chromedp.WaitVisible(css(`#reason-`+c.id)))
		st.do(tab, "remove "+c.who, chromedp.SendKeys(css(`#reason-`+c.id), c.reason), submitAndWait(remove+` button`))
		if got := st.text(tab, `.notice`); got != c.want {
			t.Errorf("%s: after removing %s Fay reads %q, want %q", c.lang, c.who, got, c.want)
		}
		if hint := st.text(tab, `main p.hint`); !strings.Contains(hint, c.role) {
			t.Errorf("%s: Fay's role reads %q, want %q", c.lang, hint, c.role)
		}
		if members := st.text(tab, `#members + ul`); strings.Contains(members, c.who) {
			t.Errorf("%s: %s is still among the members: %q", c.lang, c.who, members)
		}
		shot(t, tab, c.shot)
	}
	for _, p := range []struct{ email, pw, reason string }{
		{"bo@example.org", "cobalt river stone", "Repeated harassment after a warning"},
		{"cy@example.org", "granite orchard dusk", "Acoso repetido después de una advertencia"},
	} {
		tab := signedInPhone(t, base, p.email, p.pw)
		st.do(tab, p.email+" notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
		if got := st.text(tab, `main`); !strings.Contains(got, "removed you from Parents in recovery") || !strings.Contains(got, p.reason) {
			t.Errorf("%s reads no removal with its reason:\n%s", p.email, got)
		}
	}
}
