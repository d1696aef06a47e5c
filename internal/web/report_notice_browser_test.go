package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserReportNoticeSaysWhoLooks: Ash reports Bo's message in Fay's
// group from the chat on her phone. The page thanked her with "A
// moderator will look at it" although Fay, the group's facilitator, is
// the one told and may handle it; it says so now, in English and in
// Spanish. A report that someone may be at risk, which moderators look
// at first, showed no crisis lines: the notice now has the lines of the
// reader's country beside it, as the support page shows them.
func TestBrowserReportNoticeSaysWhoLooks(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	ash, bo := cast(t, a)
	g, _ := faysGroup(t, a, "Evening circle", "Peers meeting weeknights")
	asAsh, asBo := asUser(ash), asUser(bo)
	joinedAll(t, a, g.ID, asAsh, asBo)
	st := steps{t}
	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	for i, c := range []struct{ lang, body, reason, want, lines, shot string }{
		{"en", "You will regret coming here", "harassment",
			"Thank you. The group's facilitators will look at it, and a moderator may too; the person is not told who reported.", "", "report-notice-group-en.png"},
		{"en", "I don't know how much longer I can hold on", "self_harm",
			"Thank you. Moderators look first at reports that someone may be at risk; the person is not told who reported.",
			"If a life is in danger now: Call 911.", "report-notice-crisis-en.png"},
		{"es", "Nadie te quiere aquí", "harassment",
			"Gracias. Lo revisarán las personas facilitadoras del grupo, y quizá también un moderador; a la persona no se le dice quién reportó.", "",
			"report-notice-group-es.png"},
		{"es", "No sé cuánto más aguanto", "self_harm",
			"Gracias. Los moderadores revisan primero los reportes de que alguien puede estar en riesgo; a la persona no se le dice quién reportó.",
			"Si una vida está en peligro ahora: Llama al 911.", "report-notice-crisis-es.png"},
	} {
		id := said(t, a, asBo, g.ID, string(rune('a'+i)), c.body)
		if i == 2 {
			st.spanish(tab, base)
		}
		// The message's "Report" opens its form in place.
		st.do(tab, c.lang+" "+c.reason+" report", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.Click(css(`#m-`+id+` .acts a[href$="#report"]`)),
			chromedp.SetValue(css(`#rr-`+id), c.reason), chromedp.Click(css(`#act-`+id+` button`)), chromedp.WaitVisible(css(`.notice`)))
		if got := st.text(tab, `.notice`); got != c.want {
			t.Errorf("%s, %s: the notice reads %q, want %q", c.lang, c.reason, got, c.want)
		}
		// The lines: the emergency number and the country's crisis line
		// (988 in the US) to tap, and more help; none after other reports.
		help := eval[[]string](t, tab, "the lines beside the notice", `(() => { const h = document.querySelector('#report-help');
			return h ? [h.innerText, ...[...h.querySelectorAll('a')].map(a => a.getAttribute('href'))] : []; })()`)
		if c.lines == "" {
			if len(help) != 0 {
				t.Errorf("%s, %s: crisis lines beside the notice: %q", c.lang, c.reason, help)
			}
		} else if len(help) == 0 || !strings.Contains(help[0], c.lines) || !slices.Contains(help, "tel:911") || !slices.Contains(help, "tel:988") ||
			!slices.Contains(help, "/support") {
			t.Errorf("%s, %s: the lines beside the notice: %q, want %q, tel:911, tel:988 and /support", c.lang, c.reason, help, c.lines)
		}
		shot(t, tab, c.shot)
	}
}
