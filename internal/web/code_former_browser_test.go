package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk7: Cal joined Harbor House with a code and later erased his account;
// Rosa, the program's admin reading Spanish, read under "Códigos creados"
// "lo usó a former member." Each reader now reads the former member in
// their own words: "lo usó un exmiembro." and, for Sam (staff, English),
// "used by a former member.".
func TestBrowserCodeUsedByAFormerMemberInTheReadersWords(t *testing.T) {
	base, a := startServer(t)
	org, rosa, rosaSecret, samSecret := harborHouseInSpanish(t, a, "sam@example.org", "silver canyon morning", "Sam", "staff")
	cal := account(t, a, "cal@example.org", "cobalt river stone", "Cal", model.RoleMember)
	inv, err := a.CreateInvitation(asUser(rosa), org.ID, "Spring", 14)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.JoinOrganization(asUser(cal), inv.Code); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	calTab := signedInPhone(t, base, "cal@example.org", "cobalt river stone")
	st.do(calTab, "Cal erases his account", chromedp.Navigate(base+"/settings/privacy"), chromedp.WaitVisible(css(`#f-delete-password`)),
		chromedp.SendKeys(css(`#f-delete-password`), "cobalt river stone"), chromedp.Click(css(`#f-confirm`)),
		submitAndWait(`form[action="/settings/delete"] button`))
	samTab := signedInPhone(t, base, "sam@example.org", "silver canyon morning")
	st.mfaStep(samTab, samSecret)
	for _, c := range []struct {
		who, want, shot string
		tab             func() context.Context
	}{
		{"Rosa", "Cohorte Spring, creado el ", "code-former-member-es.png", func() context.Context { return rosaOnPhone(t, base, rosaSecret) }},
		{"Sam", "Cohort Spring, made ", "code-former-member-en.png", func() context.Context { return samTab }},
	} {
		tab := c.tab()
		st.do(tab, c.who+" opens the program", chromedp.Navigate(base+"/organizations/"+org.ID), chromedp.WaitVisible(css(`#codes`)))
		codes := strings.Join(strings.Fields(st.text(tab, `#codes`)), " ")
		want := map[string]string{"Rosa": "lo usó un exmiembro.", "Sam": "used by a former member."}[c.who]
		if !strings.HasPrefix(codes, c.want) || !strings.Contains(codes, want) || (c.who == "Rosa" && strings.Contains(codes, "former")) {
			t.Errorf("%s reads the codes as %q, want %q", c.who, codes, want)
		}
		shot(t, tab, c.shot)
	}
}

// harborHouseInSpanish is harborHouseAlone with Rosa, its admin, reading
// Spanish, and one more of the program's people (role "staff" or
// "admin") with two-factor login; it returns that person's secret too.
func harborHouseInSpanish(t *testing.T, a *app.App, email, pw, name, role string) (org *app.OrgView, rosa *model.User, rosaSecret, secret string) {
	t.Helper()
	org, rosa, rosaSecret = harborHouseAlone(t, a)
	if err := a.SetLanguage(asUser(rosa), "es"); err != nil {
		t.Fatal(err)
	}
	secret = withMFA(t, a, account(t, a, email, pw, name, model.RoleMember))
	if _, err := a.AddOrgStaff(asUser(rosa), org.ID, email, role); err != nil {
		t.Fatal(err)
	}
	return org, rosa, rosaSecret, secret
}
