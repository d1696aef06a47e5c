package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserMentorship drives two phones through a mentorship: Eli says
// when he is free, sees Mia suggested with reasons he can read, asks her
// with a note; Mia signs in with two-factor login, reads the note and
// accepts; Eli sees his mentor and ends the mentorship with one click.
func TestBrowserMentorship(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	ctx := context.Background()
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	mia := account(t, a, "mia@example.org", "amber meadow trail", "Mia", model.RoleMember)
	eli := account(t, a, "eli@example.org", "cobalt river stone", "Eli", model.RoleMember)
	secret := withMFA(t, a, mia)
	asMia := app.WithActor(ctx, &app.Actor{User: mia})
	start := time.Now().AddDate(-3, 0, 0).Format("2006-01-02")
	if _, err := a.UpdateMe(asMia, func(p *model.Profile) {
		p.RecoveryStart, p.Languages, p.Pathways, p.TimeZone = start, []string{"en", "es"}, []string{"medication-supported"}, "America/Chicago"
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveMentorshipSettings(asMia, app.MentorshipSettings{Mentor: true, Capacity: 2, Availability: []string{"tue-evening", "thu-evening"},
		Offers: "I raised two kids in early recovery.", Family: "young-children"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMe(app.WithActor(ctx, &app.Actor{User: eli}), func(p *model.Profile) {
		p.Languages, p.Pathways, p.TimeZone = []string{"es"}, []string{"medication-supported"}, "America/Chicago"
	}); err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	eliCtx, closeEli := phone(t, exe)
	defer closeEli()
	miaCtx, closeMia := phone(t, exe)
	defer closeMia()
	st.signIn(eliCtx, base, "eli@example.org", "cobalt river stone")
	do(eliCtx, "say when he is free", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`#choices`)),
		chromedp.Click(css(`#a-tue-evening`)), chromedp.SetValue(css(`#f-family`), "young-children"),
		chromedp.Click(css(`form[action="/mentorship/settings"] button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	sug := text(eliCtx, `#find ~ ul.cards`)
	if !strings.Contains(sug, "Mia") || !strings.Contains(sug, "raised two kids") {
		t.Fatalf("Mia is suggested: %q", sug)
	}
	for _, reason := range []string{"speaks Spanish", "parent of young children", "free on Tuesday evenings"} {
		if !strings.Contains(sug, reason) {
			t.Fatalf("the suggestion gives the reason %q: %q", reason, sug)
		}
	}
	do(eliCtx, "scroll to the suggestions", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.querySelector('#find ~ ul.cards').getBoundingClientRect().top + window.scrollY - 16)`))
	if png, err := chromedp.Run(eliCtx, chromedp.CaptureScreenshot()); err == nil {
		save(t, "mentorship.png", png)
	}
	do(eliCtx, "ask Mia with a note", chromedp.SendKeys(css(`#note-`+mia.ID), "Hi Mia, I'd love a guide for Tuesday evenings."),
		chromedp.Click(css(`form[action="/mentorship/request"] button`)), chromedp.WaitVisible(css(`main h3 small`)))
	if got := text(eliCtx, `main`); !strings.Contains(got, "Asked Mia") {
		t.Fatalf("Eli sees his request: %q", got)
	}

	st.signIn(miaCtx, base, "mia@example.org", "amber meadow trail")
	st.mfaStep(miaCtx, secret)
	do(miaCtx, "read the request", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`main h2`)))
	if got := text(miaCtx, `main`); !strings.Contains(got, "Eli") || !strings.Contains(got, "Tuesday evenings") {
		t.Fatalf("Mia sees Eli's note: %q", got)
	}
	do(miaCtx, "accept", chromedp.Click(css(`input[name=action][value=accept] + button`)), chromedp.WaitVisible(css(`a[href$="/checkins"]`)))
	if got := text(miaCtx, `main`); !strings.Contains(got, "your mentee, active") {
		t.Fatalf("Mia's mentee: %q", got)
	}

	do(eliCtx, "see his mentor", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`main h2`)))
	if got := text(eliCtx, `main`); !strings.Contains(got, "Mia, your mentor") {
		t.Fatalf("Eli's mentor: %q", got)
	}
	do(eliCtx, "end it with one click", chromedp.Click(css(`input[name=action][value=end] + button`)), chromedp.WaitNotPresent(css(`input[name=action][value=pause]`)))
	if got := text(eliCtx, `main`); strings.Contains(got, "your mentor") || !strings.Contains(got, "Mia, who mentored you (ended)") {
		t.Fatalf("the mentorship has ended: %q", got)
	}
	// He is offered suggestions again at once.
	if got := text(eliCtx, `#find ~ ul.cards`); !strings.Contains(got, "Ask Mia") {
		t.Fatalf("suggestions after the end: %q", got)
	}
	do(miaCtx, "the mentee is gone", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`main h2`)))
	if got := text(miaCtx, `main`); strings.Contains(got, "your mentee, active") {
		t.Fatalf("Mia still has Eli: %q", got)
	}
}
