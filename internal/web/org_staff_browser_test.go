package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserStaffAreNotOfferedAdminsWork walks walk5's program: Sam, on
// Harbor House's staff, filled in "Invitar a participantes" and pressed
// "Crear un código" and read "Solo la administración de la organización
// puede hacer eso"; "Dar de alta…" beside each client ended the same way.
// On a phone, in Spanish and English, staff read who makes codes and
// discharges, and are offered neither; the codes made stay listed.
func TestBrowserStaffAreNotOfferedAdminsWork(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	org, rosa, _ := harborHouseAlone(t, a)
	asRosa := asUser(rosa)
	cal := account(t, a, "cal@example.org", "cobalt river stone", "Cal", model.RoleMember)
	inv, err := a.CreateInvitation(asRosa, org.ID, "Spring", 14)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.JoinOrganization(app.WithActor(ctx, &app.Actor{User: cal}), inv.Code); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateInvitation(asRosa, org.ID, "Summer", 14); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ email, pw, name, lang, note, open string }{
		{"sam@example.org", "silver pine valley", "Sam", "es",
			"La administración de tu organización crea los códigos de invitación y da de alta a participantes.", "Revocar"},
		{"kim@example.org", "amber meadow trail", "Kim", "en",
			"Your organization's admins make invitation codes and discharge clients.", "Revoke"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			u := account(t, a, c.email, c.pw, c.name, model.RoleMember)
			secret := withMFA(t, a, u)
			if err := a.SetLanguage(app.WithActor(ctx, &app.Actor{User: u}), c.lang); err != nil {
				t.Fatal(err)
			}
			if _, err := a.AddOrgStaff(asRosa, org.ID, c.email, "staff"); err != nil {
				t.Fatal(err)
			}
			tab := signedInPhone(t, base, c.email, c.pw)
			st := steps{t}
			st.mfaStep(tab, secret)
			st.do(tab, "the organization", chromedp.Navigate(base+"/organizations/"+org.ID), chromedp.WaitVisible(css(`#admins-invite`)))
			if got := st.text(tab, `#admins-invite`); !strings.HasPrefix(got, c.note) {
				t.Errorf("%s reads %q, want %q", c.name, got, c.note)
			}
			offered, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main form input[name=action]')].map(i => i.value)`))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range offered {
				if f == "invite" || f == "discharge" {
					t.Errorf("%s is offered the %q form, which only admins may use (forms: %v)", c.name, f, offered)
				}
			}
			// The open code (Summer) can still be revoked; Cal's shows who used it.
			if codes := st.text(tab, `#codes`); !strings.Contains(codes, "Summer") || !strings.Contains(codes, c.open) || !strings.Contains(codes, "Cal") {
				t.Errorf("%s's list of codes reads %q", c.name, codes)
			}
			shot(t, tab, "org-staff-"+c.lang+".png")
		})
	}
}
