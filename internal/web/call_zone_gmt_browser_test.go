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

// walk14 W14-3: Camila in Bogotá read her clock named "-05" ("Día y hora
// en Bogotá (-05)", and her call's reminder "empieza a las 17:30 -05."):
// Bogotá's time zone data has no letters for its zone, and the offset was
// shown as Go writes it. She now reads "GMT-5", as CLDR writes such a zone
// in Spanish and English alike; Tomás, her mentor in Lima reading
// English, reads "Day and time in Lima (GMT-5)" and "… starts at 17:30
// GMT-5." A zone with letters keeps them (Madrid's CET, in the calls'
// own test).
func TestBrowserCallClockNamedByItsOffset(t *testing.T) {
	exe := chromium(t)
	at := time.Date(2027, 3, 10, 15, 0, 0, 0, time.UTC) // Wednesday, 10:00 in Bogotá and Lima
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return at }})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	tomas := account(t, a, "tomas@example.org", "amber meadow trail", "Tomás", model.RoleMember)
	camila := account(t, a, "camila@example.org", "cobalt river stone", "Camila", model.RoleMember)
	secret := withMFA(t, a, tomas)
	livesIn(t, a, tomas, "PE", "America/Lima", "en")
	livesIn(t, a, camila, "CO", "America/Bogota", "es")
	if _, err := a.UpdateMe(asUser(tomas), func(p *model.Profile) { p.RecoveryStart = "2020-01-01" }); err != nil {
		t.Fatal(err)
	}
	m := mentoring(t, a, tomas, camila)
	st := steps{t}
	propose := `form[action="/mentorships/` + m.ID + `/calls"]`
	label := func(ctx context.Context) string {
		st.do(ctx, "the mentorship page", chromedp.Navigate(base+"/mentorship"), chromedp.WaitReady(css(`section.calls`)))
		return eval[string](t, ctx, "the form's label", `document.querySelector('`+propose+` label').textContent`)
	}
	camCtx, closeCam := phone(t, exe)
	defer closeCam()
	st.signIn(camCtx, base, "camila@example.org", "cobalt river stone")
	if got := label(camCtx); got != "Día y hora en Bogotá (GMT-5)" {
		t.Errorf("Camila's form names her clock %q", got)
	}
	tomCtx, closeTom := phone(t, exe)
	defer closeTom()
	st.signIn(tomCtx, base, "tomas@example.org", "amber meadow trail")
	st.mfaStepAt(tomCtx, secret, at)
	if got := label(tomCtx); got != "Day and time in Lima (GMT-5)" {
		t.Errorf("Tomás's form names his clock %q", got)
	}
	// A call on Monday 15 March at 17:30 in Bogotá, confirmed; the
	// reminders an hour before, each on the reader's clock.
	c, err := a.ProposeCall(asUser(camila), m.ID, app.CallInput{StartLocal: "2027-03-15T17:30", TimeZone: "America/Bogota", Minutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeCall(asUser(tomas), c.ID, "confirm"); err != nil {
		t.Fatal(err)
	}
	at = time.Date(2027, 3, 15, 21, 40, 0, 0, time.UTC)
	if n, err := a.SendCallReminders(context.Background()); err != nil || n != 2 {
		t.Fatalf("reminders: %d, %v", n, err)
	}
	for _, p := range []struct {
		ctx  context.Context
		want string
	}{{camCtx, "Tu llamada con Tomás empieza a las 17:30 GMT-5."}, {tomCtx, "Your call with Camila starts at 17:30 GMT-5."}} {
		st.do(p.ctx, "notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitReady(css(`main`)))
		if got := st.text(p.ctx, `main`); !strings.Contains(got, p.want) || strings.Contains(got, "-05") {
			t.Errorf("the reminder reads, want %q:\n%s", p.want, got)
		}
	}
	shot(t, camCtx, "call-reminder-gmt-es.png")
}
