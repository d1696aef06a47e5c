package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserConsentAndDisclosure drives two phones through a treatment
// program's consent: Ava, the program's admin, makes an invitation code;
// Cal joins with it and lets the program see his check-ins for a purpose
// and a month; Ava reads them under the notice against re-disclosure; Cal
// sees that she looked, revokes, and Ava sees nothing more.
func TestBrowserConsentAndDisclosure(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	ctx := context.Background()
	site := account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	ava := account(t, a, "ava@example.org", "quiet willow harbor", "Ava", model.RoleMember)
	cal := account(t, a, "cal@example.org", "cobalt river stone", "Cal", model.RoleMember)
	org, err := a.CreateOrganization(app.WithActor(ctx, &app.Actor{User: site}), "Harbor Treatment", "ava@example.org")
	if err != nil {
		t.Fatal(err)
	}
	secret := withMFA(t, a, ava)
	if _, _, err := a.RecordCheckin(app.WithActor(ctx, &app.Actor{User: cal}), app.CheckinInput{Mood: 4, Craving: 2, Note: "A steady day"}); err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	avaCtx, closeAva := phone(t, exe)
	defer closeAva()
	calCtx, closeCal := phone(t, exe)
	defer closeCal()
	st.signIn(avaCtx, base, "ava@example.org", "quiet willow harbor")
	st.mfaStep(avaCtx, secret)
	do(avaCtx, "make an invitation code", chromedp.Navigate(base+"/organizations/"+org.ID), chromedp.SendKeys(css(`#f-cohort`), "Spring"),
		chromedp.Click(css(`form:has(input[value=invite]) button`)), chromedp.WaitVisible(css(`.notice code`)))
	code := strings.TrimSpace(text(avaCtx, `.notice code`))

	st.signIn(calCtx, base, "cal@example.org", "cobalt river stone")
	do(calCtx, "join with the code", chromedp.Navigate(base+"/organizations"), chromedp.SendKeys(css(`#f-code`), code),
		chromedp.Click(css(`form[action="/organizations/join"] button`)), chromedp.WaitVisible(css(`.notice`)))
	today := a.Now() // the app's clock: Cal's day (he is in UTC)
	do(calCtx, "give consent", chromedp.Navigate(base+"/consents"), chromedp.Click(css(`#c-checkins`)),
		chromedp.SendKeys(css(`#f-purpose`), "Care planning"), chromedp.SetValue(css(`#f-starts_at`), today.Format("2006-01-02")),
		chromedp.SetValue(css(`#f-ends_at`), today.AddDate(0, 1, 0).Format("2006-01-02")),
		chromedp.Click(css(`form[action="/consents"] button`)), chromedp.WaitVisible(css(`.cards h2 small`)))
	if got := text(calCtx, `.cards`); !strings.Contains(got, "in force") || !strings.Contains(got, "Staff at Harbor Treatment can see your check-ins. For: Care planning.") || !strings.Contains(got, "Nobody has looked") {
		t.Fatalf("Cal's consent: %q", got)
	}

	member := base + "/organizations/" + org.ID + "/members/" + cal.ID
	do(avaCtx, "read what Cal shares", chromedp.Navigate(member), chromedp.WaitVisible(css(`main h1`)))
	if got := text(avaCtx, `main`); !strings.Contains(got, "A steady day") || !strings.Contains(got, "re-disclos") {
		t.Fatalf("Ava sees the check-in under the notice: %q", got)
	}

	do(calCtx, "see who looked", chromedp.Navigate(base+"/consents"), chromedp.WaitVisible(css(`.cards h3`)))
	if got := text(calCtx, `.cards`); !strings.Contains(got, "Ava saw your check-ins") {
		t.Fatalf("Cal sees Ava's look: %q", got)
	}
	do(calCtx, "revoke", chromedp.Click(css(`form[action$="/revoke"] button`)), chromedp.WaitNotPresent(css(`form[action$="/revoke"]`)))
	// A revoked consent read "Staff at Harbor Treatment can see your
	// check-ins" under "(revoked)": it says they no longer do.
	if got := text(calCtx, `.cards`); !strings.Contains(got, "revoked") || !strings.Contains(got, "Staff at Harbor Treatment no longer see your check-ins.") || strings.Contains(got, "can see") {
		t.Fatalf("revoked: %q", got)
	}
	do(calCtx, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
		chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)),
		chromedp.Navigate(base+"/consents"), chromedp.WaitVisible(css(`.cards h2 small`)))
	if got := text(calCtx, `.cards`); !strings.Contains(got, "revocado") || !strings.Contains(got, "El personal de Harbor Treatment ya no ve tus registros.") || strings.Contains(got, "puede ver") {
		t.Fatalf("revoked, in Spanish: %q", got)
	}
	shot(t, calCtx, "consent-revoked-es.png")
	do(avaCtx, "nothing more", chromedp.Navigate(member), chromedp.WaitVisible(css(`main`)))
	if got := text(avaCtx, `main`); strings.Contains(got, "A steady day") {
		t.Fatalf("Ava still sees Cal's check-in after the revocation: %q", got)
	}
}
