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
	start := a.Now().AddDate(-3, 0, 0).Format("2006-01-02")
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
	// Ending asks first, on a page of its own; then one more tap ends it.
	do(eliCtx, "end it", chromedp.Click(css(`input[name=action][value=end] + button`)), chromedp.WaitVisible(css(`form:has(input[name=confirm]) button.danger`)))
	if got := text(eliCtx, `main h1`); got != "End your mentorship with Mia?" {
		t.Fatalf("the question before ending: %q", got)
	}
	do(eliCtx, "confirm the end", chromedp.Click(css(`form:has(input[name=confirm]) button.danger`)), chromedp.WaitNotPresent(css(`input[name=action][value=pause]`)))
	// The answer is a new page: wait until it is there and whole before
	// reading it (reading main while it loaded failed with "No node with
	// given id found"); a read during the navigation is tried again.
	for tries := 0; ; tries++ {
		whole, err := chromedp.Run(eliCtx, chromedp.Evaluate[bool](`document.readyState === 'complete' && !!document.querySelector('main') && document.querySelector('main').innerText.includes('(ended)')`))
		if err == nil && whole {
			break
		}
		if tries == 150 {
			t.Fatalf("the page after ending the mentorship never showed it ended (last error %v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
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

// TestBrowserOfferingToMentorNeedsRoom: Kai, three years in recovery with
// two-factor login, ticks "I offer to mentor" on his phone and saves with
// the number of mentees as the form shows it, 0. He was told "Your choices
// are saved" and was never suggested to anyone; now the form says why it
// did not save, beside the number, in his language, and keeps his tick.
// With room for 2 he is saved, and Eli finds him among the suggestions.
func TestBrowserOfferingToMentorNeedsRoom(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	ctx := context.Background()
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	kai := account(t, a, "kai@example.org", "amber meadow trail", "Kai", model.RoleMember)
	account(t, a, "eli@example.org", "cobalt river stone", "Eli", model.RoleMember)
	secret := withMFA(t, a, kai)
	if _, err := a.UpdateMe(app.WithActor(ctx, &app.Actor{User: kai}), func(p *model.Profile) {
		p.RecoveryStart, p.TimeZone = a.Now().AddDate(-3, 0, 0).Format("2006-01-02"), "America/Chicago"
	}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	for _, c := range []struct{ lang, err, saved string }{
		{"en", "To offer to mentor, take at least 1 mentee; to take none for now, pause instead", "Your choices are saved."},
		{"es", "Para ofrecerte como mentor o mentora, acepta al menos 1 persona mentorada; para no aceptar a nadie por ahora, marca la pausa", "Tus opciones están guardadas."},
	} {
		if err := a.SetLanguage(app.WithActor(ctx, &app.Actor{User: kai}), c.lang); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveMentorshipSettings(app.WithActor(ctx, &app.Actor{User: kai}), app.MentorshipSettings{}); err != nil {
			t.Fatal(err)
		}
		kaiCtx, closeKai := phone(t, exe)
		st.signIn(kaiCtx, base, "kai@example.org", "amber meadow trail")
		st.mfaStep(kaiCtx, secret)
		st.do(kaiCtx, "offer with the form's 0", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`#f-mentor`)))
		st.do(kaiCtx, "tick and save", chromedp.Click(css(`#f-mentor`)), chromedp.Click(css(`form[action="/mentorship/settings"] button[type=submit]`)),
			chromedp.WaitVisible(css(`.has-error .field-error`)))
		if got := st.text(kaiCtx, `main`); strings.Contains(got, c.saved) || !strings.Contains(got, c.err) {
			t.Fatalf("%s: offering with room for nobody reads:\n%s", c.lang, got)
		}
		if fe := st.text(kaiCtx, `.has-error .field-error`); fe != c.err {
			t.Fatalf("%s: the capacity field says %q, want %q", c.lang, fe, c.err)
		}
		if on, err := chromedp.Run(kaiCtx, chromedp.JavascriptAttribute[bool](css(`#f-mentor`), "checked")); err != nil || !on {
			t.Fatalf("%s: his tick was lost (%v)", c.lang, err)
		}
		shot(t, kaiCtx, "mentor-offer-needs-room-"+c.lang+".png")
		st.do(kaiCtx, "room for 2", chromedp.SetValue(css(`#f-capacity`), "2"), chromedp.Click(css(`form[action="/mentorship/settings"] button[type=submit]`)),
			chromedp.WaitVisible(css(`.notice`)))
		if got := st.text(kaiCtx, `.notice`); !strings.Contains(got, c.saved) {
			t.Fatalf("%s: with room for 2: %q", c.lang, got)
		}
		closeKai()
	}
	eliCtx, closeEli := phone(t, exe)
	defer closeEli()
	st.signIn(eliCtx, base, "eli@example.org", "cobalt river stone")
	st.do(eliCtx, "look for a mentor", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`#find`)))
	if sug := st.text(eliCtx, `main`); !strings.Contains(sug, "Kai") || strings.Contains(sug, "No mentor with room right now fits") {
		t.Fatalf("Eli does not find Kai:\n%s", sug)
	}
}
