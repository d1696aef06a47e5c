package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserReportQueueNamesTheGroup: a moderator on a phone reads, in
// English and in Spanish, which group a reported message came from,
// beside whose it is; a report of a profile names no group.
func TestBrowserReportQueueNamesTheGroup(t *testing.T) {
	type css = chromedp.CSS
	s := startServerParts(t, app.Options{}, nil)
	a := s.app
	ash, bo, _, tab := moderatorOnPhone(t, s)
	asAsh, asBo := asUser(ash), asUser(bo)
	g, _ := faysGroup(t, a, "Evening circle", "Peers meeting weeknights")
	joinedAll(t, a, g.ID, asAsh, asBo)
	reportedInGroup(t, a, g.ID, asBo, asAsh, "b1", "Buy cheap pills at my site", "spam", "")
	if _, err := a.Report(asAsh, app.ReportInput{TargetType: "user", TargetID: bo.ID, Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	for _, c := range []struct{ lang, want string }{
		{"en", "In the group Evening circle."},
		{"es", "En el grupo Evening circle."},
	} {
		if c.lang == "es" {
			st.spanish(tab, s.base)
		}
		st.do(tab, c.lang+" queue", chromedp.Navigate(s.base+"/moderation/queue"), chromedp.WaitVisible(css(`#reports`)))
		reports := eval[[]string](t, tab, "read the reports", `Array.from(document.querySelectorAll('#reports > li')).map(li => li.textContent)`)
		named := 0
		for _, r := range reports {
			if strings.Contains(r, c.want) {
				named++
				if !strings.Contains(r, "Buy cheap pills") {
					t.Errorf("%s: the group is named beside another report: %q", c.lang, r)
				}
			}
		}
		if len(reports) != 2 || named != 1 {
			t.Errorf("%s: %d reports, %d naming %q: %q", c.lang, len(reports), named, c.want, reports)
		}
		shotHere(t, tab, "#reports", "report-queue-group-"+c.lang+".png")
	}
}
