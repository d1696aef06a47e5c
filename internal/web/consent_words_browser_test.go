package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserConsentFormSaysWhatStaffRead walks walk5's consent: a client
// (Camila, in Spanish) ticked "Mis registros" for her program and its staff
// read her check-ins with the private note she had written ("solo para
// ti, a menos que la compartas"), which the form never named. On a phone,
// in Spanish and in English, each choice now says what staff will read:
// the notes with the check-ins, and profile fields her profile shows to
// no one.
func TestBrowserConsentFormSaysWhatStaffRead(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	org, rosa, _ := harborHouseAlone(t, a)
	for _, c := range []struct {
		email, pw, lang string
		want            []string
	}{
		{"camila@example.org", "blue ocean garden", "es", []string{
			"Mis registros\nTus registros de los últimos 30 días: tu ánimo, tus ganas de consumir, si consumiste y las notas que escribiste.",
			"Mi tiempo en recuperación\nCuántos días llevas en recuperación: en la etapa actual y en total.",
			"Mi perfil\nTus pronombres, lo que cuentas de ti, tus caminos de recuperación, las sustancias que nombraste y el día en que empezó tu recuperación, aunque tu perfil no se los muestre a nadie.",
		}},
		{"cal@example.org", "cobalt river stone", "en", []string{
			"My check-ins\nYour check-ins of the last 30 days: your mood, your cravings, whether you used, and the notes you wrote.",
			"My recovery time\nHow many days you have been in recovery: this stretch and in all.",
			"My profile\nYour pronouns, what you say about yourself, your pathways, the substances you named and the day your recovery began, even those your profile shows to no one.",
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			u := account(t, a, c.email, c.pw, strings.Split(c.email, "@")[0], model.RoleMember)
			as := app.WithActor(ctx, &app.Actor{User: u})
			if err := a.SetLanguage(as, c.lang); err != nil {
				t.Fatal(err)
			}
			inv, err := a.CreateInvitation(app.WithActor(ctx, &app.Actor{User: rosa}), org.ID, "", 14)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.JoinOrganization(as, inv.Code); err != nil {
				t.Fatal(err)
			}
			tab := signedInPhone(t, base, c.email, c.pw)
			st := steps{t}
			st.do(tab, "the consent form", chromedp.Navigate(base+"/consents"), chromedp.WaitVisible(chromedp.CSS(`#h-c-profile`)))
			// Each box's name, then what it shares (read as one line).
			choices := strings.Join(strings.Fields(st.text(tab, `form[action="/consents"] fieldset .checks`)), " ")
			for _, w := range c.want {
				if !strings.Contains(choices, strings.ReplaceAll(w, "\n", " ")) {
					t.Errorf("the consent form's choices read\n%s\nwant\n%s", choices, w)
				}
			}
			// Each hint is what a screen reader reads with its box.
			for _, id := range []string{"checkins", "recovery", "profile"} {
				d, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.CSS(`#c-`+id), "aria-describedby"))
				if err != nil || d.Value != "h-c-"+id {
					t.Errorf("#c-%s is described by %q (%v)", id, d.Value, err)
				}
			}
			shot(t, tab, "consent-choices-"+c.lang+".png")
		})
	}
}
