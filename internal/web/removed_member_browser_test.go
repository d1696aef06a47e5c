package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserRemovedMemberReadsWhy: Fay removed Jo from her group. Jo's
// group page offered him the guidelines' box and "Join the group", and
// only after he ticked and pressed it said a facilitator had removed him.
// On a phone, in English and in Spanish, the page says so in place of the
// button, and the list of groups says it beside the group.
func TestBrowserRemovedMemberReadsWhy(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	g, asFay := facilitatedGroup(t, a, "Evening circle", "Peers meeting weeknights")
	jo := account(t, a, "jo@example.org", "amber meadow trail", "Jo", model.RoleMember)
	joinedAll(t, a, g.ID, asUser(jo))
	if err := a.ManageGroupMember(asFay, g.ID, jo.ID, app.ManageMember{Action: "remove", Reason: "Selling in the group"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := signedInPhone(t, base, "jo@example.org", "amber meadow trail")
	for _, c := range []struct{ lang, note, join, listed string }{
		{"en", "A facilitator removed you from this group", "Join the group", "a facilitator removed you"},
		{"es", "Una persona facilitadora te quitó de este grupo", "Unirme al grupo", "una persona facilitadora te quitó"},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, c.lang+" group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`main h1`)))
		main := st.text(tab, `main`)
		if !strings.Contains(main, c.note) {
			t.Errorf("%s: Jo's page of the group he was removed from does not say so:\n%s", c.lang, main)
		}
		if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/join"]').length`)); n != 0 || strings.Contains(main, c.join) {
			t.Errorf("%s: Jo is still offered %q", c.lang, c.join)
		}
		shot(t, tab, "removed-member-group-"+c.lang+".png")
		st.do(tab, c.lang+" groups", chromedp.Navigate(base+"/groups"), chromedp.WaitVisible(css(`#find`)))
		if list := st.text(tab, `main`); !strings.Contains(list, c.listed) {
			t.Errorf("%s: the list of groups does not say Jo was removed:\n%s", c.lang, list)
		}
	}
}
