package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk14 W14-4: on Wednesday 10 March 2027 Rafael, in Los Angeles, typed
// 02:30 on Sunday 14 March, a time his clocks skip, and read "2027-03-14
// 02:30 no existe en Hora del Pacífico (Los Ángeles)…" while every other
// date on the page reads "lunes 15 de marzo, 15:30". The refusal now
// writes the day as the page does, in Spanish and English.
func TestBrowserRefusedCallTimeReadsAsADay(t *testing.T) {
	at := time.Date(2027, 3, 10, 18, 0, 0, 0, time.UTC) // Wednesday, 10:00 in Los Angeles
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return at }})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	camila := account(t, a, "camila@example.org", "amber meadow trail", "Camila", model.RoleMember)
	rafael := account(t, a, "rafael@example.org", "cobalt river stone", "Rafael", model.RoleMember)
	withMFA(t, a, camila)
	livesIn(t, a, camila, "CO", "America/Bogota", "es")
	livesIn(t, a, rafael, "US", "America/Los_Angeles", "es")
	if _, err := a.UpdateMe(asUser(camila), func(p *model.Profile) { p.RecoveryStart = "2020-01-01" }); err != nil {
		t.Fatal(err)
	}
	m := mentoring(t, a, camila, rafael)
	st := steps{t}
	propose := `form[action="/mentorships/` + m.ID + `/calls"]`
	ctx := signedInPhone(t, base, "rafael@example.org", "cobalt river stone")
	for _, c := range []struct{ lang, says string }{
		{"es", "Domingo 14 de marzo, 2:30 a. m. no existe en Hora del Pacífico (Los Ángeles): esa noche los relojes se adelantan y se saltan esa hora; elige otra"},
		{"en", "Sunday 14 March, 2:30 am does not happen in Pacific Time"},
	} {
		if err := a.SetLanguage(asUser(rafael), c.lang); err != nil {
			t.Fatal(err)
		}
		st.do(ctx, c.lang+": propose 02:30 on 14 March", chromedp.Navigate(base+"/mentorship"), chromedp.Click(css(`details.call-propose summary`)),
			chromedp.SetValue(css(propose+` input[name=start_local]`), "2027-03-14T02:30"), chromedp.Click(css(propose+` button[type=submit]`)),
			chromedp.WaitVisible(css(`.field-error`)))
		if got := st.text(ctx, propose+` .field-error`); !strings.HasPrefix(got, c.says) || strings.Contains(got, "2027-03-14") {
			t.Errorf("%s: the field says %q, want %q", c.lang, got, c.says)
		}
		shotHere(t, ctx, `section.calls`, "call-gap-day-"+c.lang+".png")
	}
	if calls, err := a.MyCalls(asUser(rafael)); err != nil || len(calls) != 0 {
		t.Fatalf("a refused call was written: %v %v", calls, err)
	}
}
