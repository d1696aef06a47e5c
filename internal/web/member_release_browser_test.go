package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// W11-3 (walk11): Leilani wrote to Dana, the facilitator of her group,
// "¿Me puedes sacar del grupo?"; "Remove" was Dana's only way, with a
// reason ("You asked to leave; you're welcome back any time"), and
// Leilani's group page then read "Una persona facilitadora te quitó de
// este grupo, así que no puedes volver a unirte desde aquí": barred from
// the group she was told she could come back to. Under "Remove" a
// facilitator may now take out a member who asked to leave: no reason, and
// the member is told they may join again, and can. In English (Bo) and in
// Spanish (Cy).
func TestBrowserAMemberWhoAskedToLeaveIsTakenOutAndMayJoinAgain(t *testing.T) {
	base, a := startServer(t)
	_, bo := cast(t, a)
	cy := account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember)
	g, _, secret := faysGroupMFA(t, a, "Parents in recovery", "A weekly circle for parents.")
	joinedAll(t, a, g.ID, asUser(bo), asUser(cy))
	st := steps{t}
	tab := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(tab, secret)
	for _, c := range []struct {
		lang, who, id, button, want, shot string
	}{
		{"en", "Bo", bo.ID, "Take Bo out, as asked",
			"Done: they are no longer in the group, as they asked, and can join again whenever they like; they are told.", "member-release-en.png"},
		{"es", "Cy", cy.ID, "Sacar a Cy, como pidió",
			"Listo: ya no está en el grupo, como pidió, y puede volver a unirse cuando quiera; se le avisa.", "member-release-es.png"},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		rel := "#remove-" + c.id + " form.release button"
		st.do(tab, "open removing "+c.who, chromedp.Navigate(base+"/groups/"+g.ID), chromedp.Click(css("#remove-"+c.id+` summary`)),
			chromedp.WaitVisible(css(rel)))
		if got := st.text(tab, rel); got != c.button {
			t.Errorf("%s: the button reads %q, want %q", c.lang, got, c.button)
		}
		// The open form is under the name, across the row, not beside a
		// squeezed name (walk11's screen at 390 px).
		if !eval[bool](t, tab, "form under the name", `(() => {
			const d = document.querySelector('#remove-`+c.id+`'), li = d.closest('li');
			const name = li.querySelector('a[href^="/members/"]').getBoundingClientRect();
			const form = d.getBoundingClientRect(), row = li.getBoundingClientRect();
			return name.bottom <= form.top + 1 && form.width >= row.width * 0.9;
		})()`) {
			t.Errorf("%s: the open Remove form sits beside %s's name, not under it", c.lang, c.who)
		}
		shot(t, tab, "before-"+c.shot)
		st.do(tab, "take out "+c.who, submitAndWait(rel))
		if got := st.text(tab, `.notice`); got != c.want {
			t.Errorf("%s: after taking %s out Fay reads %q, want %q", c.lang, c.who, got, c.want)
		}
		if members := st.text(tab, `#members + ul`); strings.Contains(members, c.who) {
			t.Errorf("%s: %s is still among the members: %q", c.lang, c.who, members)
		}
		shot(t, tab, c.shot)
	}
	for _, p := range []struct{ email, pw, lang, told string }{
		{"bo@example.org", "cobalt river stone", "en", "You are no longer in Parents in recovery, as you asked. You can join again from its page whenever you like."},
		{"cy@example.org", "granite orchard dusk", "es", "Ya no estás en Parents in recovery, como pediste. Puedes volver a unirte desde su página cuando quieras."},
	} {
		tab := signedInPhone(t, base, p.email, p.pw)
		if p.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, p.email+" notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
		if got := st.text(tab, `main`); !strings.Contains(got, p.told) {
			t.Errorf("%s does not read %q:\n%s", p.email, p.told, got)
		}
		st.do(tab, p.email+" group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`main h1`)))
		if got := st.text(tab, `main`); strings.Contains(got, "removed") || strings.Contains(got, "te quitó") {
			t.Errorf("%s's group page reads as removed:\n%s", p.email, got)
		}
		st.do(tab, p.email+" joins again", submitAndWait(`form[action$="/join"] button`))
		if !eval[bool](t, tab, "a member again", `!!document.querySelector('main a[href$="/chat"]')`) {
			t.Errorf("%s could not join again:\n%s", p.email, st.text(tab, `main`))
		}
	}
}
