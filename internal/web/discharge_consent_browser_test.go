package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserDischargeSaysTheConsentStays walks walk5's program: Camila
// (Santiago, in Spanish) let Harbor House's staff see her check-ins until
// 6 March; Rosa discharged her to alumni and Camila read only
// "Felicidades por completar tu programa…", while the consent ran on and
// staff could still read her check-ins. On a phone, in Spanish and
// English, a client discharged with a consent still running is told it
// stays in force, until which day, and that they can revoke it; one
// without a consent is not.
func TestBrowserDischargeSaysTheConsentStays(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	org, rosa, _ := harborHouseAlone(t, a)
	asRosa := asUser(rosa)
	ends := a.Now().AddDate(0, 3, 0)
	for _, c := range []struct {
		email, pw, name, zone, lang string
		consent                     bool
		want                        string
	}{
		{"camila@example.org", "blue ocean garden", "Camila", "America/Santiago", "es", true,
			fmt.Sprintf("Tu consentimiento para que el personal de Harbor House vea lo que elegiste compartir sigue vigente hasta el %d de %s de %d, también ahora que eres exparticipante. Puedes revocarlo cuando quieras en Consentimientos.",
				ends.Day(), monthsES[ends.Month()-1], ends.Year())},
		{"cal@example.org", "cobalt river stone", "Cal", "Australia/Adelaide", "en", true,
			fmt.Sprintf("Your consent for the staff of Harbor House to see what you chose to share stays in force until %d %s %d, now that you are one of its alumni too. You can revoke it at any time under Consents.",
				ends.Day(), ends.Month(), ends.Year())},
		{"kim@example.org", "amber meadow trail", "Kim", "America/Chicago", "en", false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, err := a.AdminCreateUserIn(ctx, c.email, c.pw, c.name, model.RoleMember, c.zone)
			if err != nil {
				t.Fatal(err)
			}
			as := app.WithActor(ctx, &app.Actor{User: u})
			if err := a.SetLanguage(as, c.lang); err != nil {
				t.Fatal(err)
			}
			inv, err := a.CreateInvitation(asRosa, org.ID, "Spring", 14)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.JoinOrganization(as, inv.Code); err != nil {
				t.Fatal(err)
			}
			if c.consent {
				zone, _ := time.LoadLocation(c.zone)
				if _, err := a.GiveConsent(as, app.ConsentInput{OrgID: org.ID, Data: []string{"checkins"}, Purpose: "Care planning",
					StartsAt: a.Now().In(zone).Format("2006-01-02"), EndsAt: ends.Format("2006-01-02")}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := a.DischargeAs(asRosa, org.ID, u.ID, "completed"); err != nil {
				t.Fatal(err)
			}
			tab := signedInPhone(t, base, c.email, c.pw)
			st := steps{t}
			st.do(tab, "notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
			got := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
			if c.want != "" && !strings.Contains(got, c.want) {
				t.Errorf("%s's notifications read:\n%s\nwant %q", c.name, got, c.want)
			}
			if !c.consent && (strings.Contains(got, "consent") || !strings.Contains(got, "Congratulations")) {
				t.Errorf("%s, who gave no consent, reads:\n%s\nwant the discharge alone", c.name, got)
			}
			shot(t, tab, "discharge-consent-"+c.name+".png")
		})
	}
}
