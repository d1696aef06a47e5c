package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk14 W14-5: Camila shared her check-ins with Rafael, her mentor, and
// then chose to stop; Rafael read "Todavía no ha compartido nada." ("has
// not shared anything yet"), as if she never had. Before she checks in he
// still reads that nothing is shared yet; once she stops sharing he reads
// "Camila no comparte nada contigo ahora." ("Camila is not sharing
// anything with you now."), in Spanish and English.
func TestBrowserMenteeWhoStoppedSharingIsNotSaidToHaveSharedNothing(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	rafael := account(t, a, "rafael@example.org", "amber meadow trail", "Rafael", model.RoleMember)
	camila := account(t, a, "camila@example.org", "cobalt river stone", "Camila", model.RoleMember)
	secret := withMFA(t, a, rafael)
	livesIn(t, a, rafael, "US", "America/Los_Angeles", "es")
	livesIn(t, a, camila, "CO", "America/Bogota", "es")
	if _, err := a.UpdateMe(asUser(rafael), func(p *model.Profile) { p.RecoveryStart = "2020-01-01" }); err != nil {
		t.Fatal(err)
	}
	m := mentoring(t, a, rafael, camila)
	ctx := signedInPhone(t, base, "rafael@example.org", "amber meadow trail")
	st := steps{t}
	st.mfaStep(ctx, secret)
	read := func(step string) string {
		t.Helper()
		st.do(ctx, step, chromedp.Navigate(base+"/mentorships/"+m.ID+"/checkins"), chromedp.WaitReady(css(`#mentee-intro`)))
		return st.text(ctx, `main`)
	}
	if got := read("before she checks in"); !strings.Contains(got, "Todavía no ha compartido nada.") || strings.Contains(got, "no comparte nada contigo") {
		t.Errorf("before Camila checks in Rafael reads:\n%s", got)
	}
	if _, _, err := a.RecordCheckin(asUser(camila), app.CheckinInput{Mood: 2, Craving: 8}); err != nil {
		t.Fatal(err)
	}
	if got := read("her check-in"); strings.Contains(got, "compartido nada") {
		t.Errorf("with her check-in shared Rafael reads:\n%s", got)
	}
	// She unticks everything she shared.
	if _, err := a.SetMentorshipShare(asUser(camila), m.ID, model.PartnerShare{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, says, not string }{
		{"es", "Camila no comparte nada contigo ahora.", "Todavía no ha compartido nada."},
		{"en", "Camila is not sharing anything with you now.", "Nothing shared yet."},
	} {
		if err := a.SetLanguage(asUser(rafael), c.lang); err != nil {
			t.Fatal(err)
		}
		got := read(c.lang + ": after she stops sharing")
		if !strings.Contains(got, c.says) || strings.Contains(got, c.not) {
			t.Errorf("%s: after Camila stopped sharing Rafael reads, want %q:\n%s", c.lang, c.says, got)
		}
		shot(t, ctx, "mentee-stopped-sharing-"+c.lang+".png")
	}
}
