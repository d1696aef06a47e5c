package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserAppealSaysAFacilitatorDecided walks walk5's report: Fay, the
// facilitator, hid Ravi's message after a report, with a reason ending in
// a full stop. Ravi's notification read "Their reason: Offering to sell
// medication is against our guidelines.. You can appeal", and his appeals
// page "A moderator hid one of your messages", though no moderator had
// looked. On a phone, in English and Spanish, the author reads that a
// facilitator of the group hid it, with one full stop; the moderators who
// review his appeal read who decided too.
func TestBrowserAppealSaysAFacilitatorDecided(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	g, asFay := facilitatedGroup(t, a, "Parents circle", "A weekly circle for parents.")
	lu := account(t, a, "lucia@example.org", "cobalt river stone", "Lucía", model.RoleMember)
	asLu := app.WithActor(ctx, &app.Actor{User: lu})
	if _, err := a.JoinGroup(asLu, g.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		email, pw, name, lang, notice, action string
	}{
		{"ravi@example.org", "amber meadow trail", "Ravi", "en",
			"A facilitator of Parents circle hid one of your messages after a report. Their reason: Selling is against our guidelines. You can appeal",
			"A facilitator of Parents circle hid one of your messages there, "},
		{"rosa@example.org", "harbor light morning", "Rosa", "es",
			"Una persona facilitadora de Parents circle ocultó uno de tus mensajes tras un reporte. Su motivo: Selling is against our guidelines. Puedes apelar",
			"Una persona facilitadora de Parents circle ocultó uno de tus mensajes allí, "},
	} {
		t.Run(c.lang, func(t *testing.T) {
			u := account(t, a, c.email, c.pw, c.name, model.RoleMember)
			as := app.WithActor(ctx, &app.Actor{User: u})
			if err := a.SetLanguage(as, c.lang); err != nil {
				t.Fatal(err)
			}
			if _, err := a.JoinGroup(as, g.ID, true); err != nil {
				t.Fatal(err)
			}
			m, _, err := a.SendMessage(as, g.ID, "c-"+c.lang, "I can sell you my leftover pills cheap")
			if err != nil {
				t.Fatal(err)
			}
			r, err := a.Report(asLu, app.ReportInput{TargetType: "message", TargetID: m.ID, Reason: "selling_drugs"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.ActOnGroupReport(asFay, g.ID, r.ID, "hide", "Selling is against our guidelines."); err != nil {
				t.Fatal(err)
			}
			tab := signedInPhone(t, base, c.email, c.pw)
			st := steps{t}
			st.do(tab, "notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
			if got := st.text(tab, `main`); !strings.Contains(got, c.notice) || strings.Contains(got, "..") {
				t.Errorf("%s's notifications read:\n%s\nwant %q, with one full stop", c.name, got, c.notice)
			}
			st.do(tab, "appeals", chromedp.Navigate(base+"/appeals"), chromedp.WaitVisible(css(`main .cards li`)))
			got := st.text(tab, `main .cards li`)
			if !strings.HasPrefix(strings.TrimSpace(got), c.action) || strings.Contains(got, "moderador ocultó") || strings.Contains(got, "moderator hid") {
				t.Errorf("%s's appeals page reads:\n%s\nwant it to begin %q", c.name, got, c.action)
			}
			shot(t, tab, "appeal-facilitator-"+c.lang+".png")
			st.do(tab, "appeal", chromedp.SendKeys(css(`main .cards textarea`), "I meant a pharmacy take-back."),
				chromedp.Click(css(`main .cards button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
		})
	}
	// A moderator deciding the appeals reads that a facilitator decided.
	mod := account(t, a, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator)
	secret := withMFA(t, a, mod)
	tab := signedInPhone(t, base, "mod@example.org", "quiet willow harbor")
	st := steps{t}
	st.mfaStep(tab, secret)
	st.do(tab, "the moderators' queue", chromedp.Navigate(base+"/moderation/queue"), chromedp.WaitVisible(css(`main h1`)))
	if got := st.text(tab, `main`); strings.Count(got, "by a facilitator of Parents circle: Selling is against our guidelines.") != 2 {
		t.Errorf("the moderators' queue reads:\n%s\nwant both appeals 'by a facilitator of Parents circle'", got)
	}
}
