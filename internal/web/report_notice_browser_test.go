package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserReportNoticeSaysWhoLooks: Ash reports Bo's message in Fay's
// group from the chat on her phone. The page thanked her with "A
// moderator will look at it" although Fay, the group's facilitator, is
// the one told and may handle it; it says so now, in English and in
// Spanish, and a crisis report, which goes to the moderators alone, still
// says a moderator.
func TestBrowserReportNoticeSaysWhoLooks(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	ash, bo := cast(t, a)
	g, _ := faysGroup(t, a, "Evening circle", "Peers meeting weeknights")
	asAsh, asBo := asUser(ash), asUser(bo)
	joinedAll(t, a, g.ID, asAsh, asBo)
	st := steps{t}
	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	for i, c := range []struct{ lang, body, reason, want, shot string }{
		{"en", "You will regret coming here", "harassment",
			"Thank you. The group's facilitators will look at it, and a moderator may too; the person is not told who reported.", "report-notice-group-en.png"},
		{"es", "Nadie te quiere aquí", "harassment",
			"Gracias. Lo revisarán las personas facilitadoras del grupo, y quizá también un moderador; a la persona no se le dice quién reportó.", "report-notice-group-es.png"},
		{"es", "No sé cuánto más aguanto", "self_harm",
			"Gracias. Un moderador lo revisará; a la persona no se le dice quién reportó.", "report-notice-crisis-es.png"},
	} {
		id := said(t, a, asBo, g.ID, string(rune('a'+i)), c.body)
		if i == 1 {
			st.spanish(tab, base)
		}
		report := `details.report:has(#rr-` + id + `)`
		st.do(tab, c.lang+" "+c.reason+" report", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.Click(css(report+` summary`)),
			chromedp.SetValue(css(`#rr-`+id), c.reason), chromedp.Click(css(report+` button`)), chromedp.WaitVisible(css(`.notice`)))
		if got := st.text(tab, `.notice`); got != c.want {
			t.Errorf("%s, %s: the notice reads %q, want %q", c.lang, c.reason, got, c.want)
		}
		shot(t, tab, c.shot)
	}
}
