package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserOrgFormsLeadBackToThePage: making a code left Rosa's phone on
// /organizations/{id}/action, so reloading posted the form again (and made
// another code). Each of the page's forms now leads back to the page's own
// address, which says the outcome once: the code made, in English, and a
// client's discharge, in Spanish; reloading shows the page without it and
// changes nothing.
func TestBrowserOrgFormsLeadBackToThePage(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	org, rosa, _, secret := harborHouse(t, a)
	asRosa := asUser(rosa)
	codes := func() int {
		t.Helper()
		rows, err := a.ListInvitations(asRosa, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	path := func(tab context.Context) string {
		t.Helper()
		loc, err := chromedp.Run(tab, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(loc, base)
	}
	st := steps{t}
	tab := rosaOnPhone(t, base, secret)
	page := "/organizations/" + org.ID

	// A code, in English.
	st.do(tab, "make a code", chromedp.Navigate(base+page), chromedp.WaitVisible(css(`#f-cohort`)), chromedp.SendKeys(css(`#f-cohort`), "Spring"),
		chromedp.Click(css(`form input[value=invite] ~ button`)), chromedp.WaitVisible(css(`#invite-code`)))
	if got := path(tab); got != page {
		t.Errorf("after making a code the address is %s, want %s", got, page)
	}
	made := st.text(tab, `p.invite-code`)
	if !strings.Contains(made, "Code: ") || !strings.Contains(made, "cohort Spring") || !strings.Contains(made, "write it down or read it to your client now") {
		t.Errorf("the code made reads %q", made)
	}
	shot(t, tab, "org-code-made-en.png")
	before := codes()
	st.do(tab, "reload", chromedp.Reload(), chromedp.WaitVisible(css(`#f-cohort`)))
	if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('#invite-code').length`)); n != 0 {
		t.Errorf("the code made shows again after a reload")
	}
	if after := codes(); after != before {
		t.Errorf("reloading made %d more codes", after-before)
	}

	// A discharge, in Spanish.
	st.spanish(tab, base)
	st.do(tab, "dar de alta", chromedp.Navigate(base+page), chromedp.WaitVisible(css(`form input[value=discharge] ~ button`)),
		chromedp.Click(css(`form input[value=discharge] ~ button`)), chromedp.WaitVisible(css(`#out-completed`)),
		chromedp.Click(css(`#out-completed`)), chromedp.Click(css(`form input[name=confirm] ~ .actions button`)), chromedp.WaitVisible(css(`p.notice`)))
	if got := path(tab); got != page {
		t.Errorf("after the discharge the address is %s, want %s", got, page)
	}
	if n := st.text(tab, `p.notice`); !strings.Contains(n, "Cal ya es exparticipante: conserva su cuenta") {
		t.Errorf("after the discharge the page reads %q", n)
	}
	shot(t, tab, "org-discharged-es.png")
	st.do(tab, "recargar", chromedp.Reload(), chromedp.WaitVisible(css(`main h1`)))
	if main := st.text(tab, `main`); strings.Contains(main, "ya es exparticipante") {
		t.Errorf("the discharge's notice shows again after a reload")
	}
}

// harborHouse makes the site admin, Harbor House with Rosa its admin (with
// two-factor login; secret makes her codes) and Cal, a client who joined
// its Winter cohort by a code.
func harborHouse(t *testing.T, a *app.App) (org *app.OrgView, rosa, cal *model.User, secret string) {
	t.Helper()
	ctx := context.Background()
	org, rosa, secret = harborHouseAlone(t, a)
	cal = account(t, a, "cal@example.org", "cobalt river stone", "Cal", model.RoleMember)
	inv, err := a.CreateInvitation(app.WithActor(ctx, &app.Actor{User: rosa}), org.ID, "Winter", 7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.JoinOrganization(app.WithActor(ctx, &app.Actor{User: cal}), inv.Code); err != nil {
		t.Fatal(err)
	}
	return org, rosa, cal, secret
}

// harborHouseAlone makes the site admin and Harbor House with Rosa its
// admin (two-factor login on; secret makes her codes), and no one else.
func harborHouseAlone(t *testing.T, a *app.App) (org *app.OrgView, rosa *model.User, secret string) {
	t.Helper()
	site := account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	rosa = account(t, a, "rosa@example.org", "quiet willow harbor", "Rosa", model.RoleMember)
	secret = withMFA(t, a, rosa)
	org, err := a.CreateOrganization(asUser(site), "Harbor House", "rosa@example.org")
	if err != nil {
		t.Fatal(err)
	}
	return org, rosa, secret
}

// rosaOnPhone signs Rosa, Harbor House's admin, in on a phone with her
// two-factor secret, and returns the tab.
func rosaOnPhone(t *testing.T, base, secret string) context.Context {
	t.Helper()
	tab := signedInPhone(t, base, "rosa@example.org", "quiet willow harbor")
	steps{t}.mfaStep(tab, secret)
	return tab
}
