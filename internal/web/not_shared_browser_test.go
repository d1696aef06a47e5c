package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk4: Marco opened Lucía's shared check-ins before she shared anything
// but whether she checked in, and read "—" under Mood, Craving and Used:
// "not shared" was there for screen readers only, and a dash reads as
// "no answer". Each answer kept back now reads "not shared" / "no
// compartido" on the screen. walk6: Anil, in Kathmandu, read Inés's
// check-ins from Madrid under dates with nothing to say whose days they
// were; the words above them now say they are the mentee's own days.
func TestBrowserMentorSeesNotSharedInWords(t *testing.T) {
	base, a := startServer(t)
	mia, eli, secret := readyMentor(t, a)
	asMia, asEli := app.WithActor(context.Background(), &app.Actor{User: mia}), app.WithActor(context.Background(), &app.Actor{User: eli})
	m, err := a.RequestMentor(asEli, mia.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeMentorship(asMia, m.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetMentorshipShare(asEli, m.ID, model.PartnerShare{CheckinDone: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.RecordCheckin(asEli, app.CheckinInput{Mood: 2, Craving: 7, Used: false, Note: "kept to myself"}); err != nil {
		t.Fatal(err)
	}
	ctx := signedInPhone(t, base, "mia@example.org", "amber meadow trail")
	st := steps{t}
	type css = chromedp.CSS
	st.mfaStep(ctx, secret)
	for lang, word := range map[string]string{"en": "not shared", "es": "no compartido"} {
		if err := a.SetLanguage(asMia, lang); err != nil {
			t.Fatal(err)
		}
		st.do(ctx, lang, chromedp.Navigate(base+"/mentorships/"+m.ID+"/checkins"), chromedp.WaitVisible(css(`table.stack`)))
		shown := eval[[]string](t, ctx, "what is drawn", `Array.from(document.querySelectorAll('table.stack td')).filter(td => !td.classList.contains('day') && !td.classList.contains('note'))
			.map(td => Array.from(td.querySelectorAll('*')).filter(e => e.getBoundingClientRect().width > 2 && getComputedStyle(e).clip === 'auto').map(e => e.textContent).join('') || td.textContent)`)
		if len(shown) != 3 || strings.Count(strings.Join(shown, "|"), word) != 3 {
			t.Errorf("%s: the mentor sees %q, want %q three times", lang, shown, word)
		}
		// walk6: the dates are Eli's days, which need not be Mia's.
		want := map[string]string{"en": "Each date is Eli's own day, where they live, which may not be yours.",
			"es": "Cada fecha es el día de Eli donde vive, que puede no ser el tuyo."}[lang]
		if got := st.text(ctx, `#mentee-intro`); !strings.Contains(got, want) {
			t.Errorf("%s: above the check-ins Mia reads %q, want %q", lang, got, want)
		}
		if page := st.text(ctx, `main`); strings.Contains(page, "kept to myself") || strings.Contains(page, "7/10") {
			t.Errorf("%s: what Eli kept back shows:\n%s", lang, page)
		}
		shot(t, ctx, "mentee-not-shared-"+lang+".png")
	}
	// walk7: Eli gives her pronouns as she/her: Mia reads of her so.
	if _, err := a.UpdateMe(asEli, func(p *model.Profile) { p.Pronouns = "she/her" }); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLanguage(asMia, "en"); err != nil {
		t.Fatal(err)
	}
	st.do(ctx, "Eli's pronouns given", chromedp.Navigate(base+"/mentorships/"+m.ID+"/checkins"), chromedp.WaitVisible(css(`#mentee-intro`)))
	if got := st.text(ctx, `#mentee-intro`); !strings.Contains(got, "Each date is Eli's own day, where she lives, which may not be yours. She can change it") {
		t.Errorf("with Eli's pronouns given, Mia reads %q", got)
	}
}
