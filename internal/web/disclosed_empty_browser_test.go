package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserStaffReadWhatIsNotThere: Rosa, Harbor House's admin, opened
// what Cal shares with the program: his recovery time read "0 days in the
// current stretch; 0 days in all" though he had never given the day it
// began, and with no check-ins the check-ins he shares were left out as if
// he shared none. On a phone, in English and in Spanish, the page says
// each.
func TestBrowserStaffReadWhatIsNotThere(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	org, _, cal, secret := harborHouse(t, a)
	asCal := asUser(cal)
	today := a.Now()
	if _, err := a.GiveConsent(asCal, app.ConsentInput{OrgID: org.ID, Data: []string{"checkins", "recovery"}, Purpose: "my counsellor follows my week",
		StartsAt: today.AddDate(0, 0, -1).Format("2006-01-02"), EndsAt: today.AddDate(0, 1, 0).Format("2006-01-02")}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := rosaOnPhone(t, base, secret)
	for _, c := range []struct{ lang, noStart, noCheckins, zero string }{
		{"en", "Cal has not given the day their recovery began", "Cal has not checked in in the last 30 days.", "0 days in the current stretch"},
		{"es", "Cal no ha indicado el día en que empezó su recuperación", "Cal no ha hecho ningún registro en los últimos 30 días.", "0 días en"},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, c.lang+" what Cal shares", chromedp.Navigate(base+"/organizations/"+org.ID+"/members/"+cal.ID), chromedp.WaitVisible(css(`#disclosed-recovery`)))
		main := st.text(tab, `main`)
		if !strings.Contains(main, c.noStart) || strings.Contains(main, c.zero) {
			t.Errorf("%s: Cal's recovery time, never given, reads:\n%s", c.lang, main)
		}
		if got := st.text(tab, `#disclosed-no-checkins`); got != c.noCheckins {
			t.Errorf("%s: Cal's check-ins, none yet, read %q, want %q", c.lang, got, c.noCheckins)
		}
		shot(t, tab, "disclosed-empty-"+c.lang+".png")
	}

	// Under a consent to his profile, Rosa read only its bio: the rest of
	// what she was recorded as seeing was left out.
	if _, err := a.UpdateMe(asCal, func(p *model.Profile) {
		p.Pronouns, p.Bio, p.Pathways, p.Substances, p.RecoveryStart = "he/him", "Dad, cyclist", []string{"medication-supported"}, []string{"opioids"}, "2026-10-01"
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.GiveConsent(asCal, app.ConsentInput{OrgID: org.ID, Data: []string{"profile"}, Purpose: "intake",
		StartsAt: today.AddDate(0, 0, -1).Format("2006-01-02"), EndsAt: today.AddDate(0, 1, 0).Format("2006-01-02")}); err != nil {
		t.Fatal(err)
	}
	st.do(tab, "es profile", chromedp.Navigate(base+"/organizations/"+org.ID+"/members/"+cal.ID), chromedp.WaitVisible(css(`#disclosed-profile`)))
	profile := st.text(tab, `#disclosed-profile`)
	for _, want := range []string{"he/him", "Dad, cyclist", "Con apoyo de medicamentos (MOUD)", "opioids", "2026-10-01"} {
		if !strings.Contains(profile, want) {
			t.Errorf("the profile Cal shares lacks %q:\n%s", want, profile)
		}
	}
	shot(t, tab, "disclosed-profile-es.png")
}

// TestBrowserStaffBeforeTheClientShares (walk5 W5-16): Sam, staff, opened
// what Camila shares before she had consented to anything and read an
// error page ("There is a problem · This member did not consent…", titled
// "Member", with a way to the home page only). On a phone, in English and
// in Spanish, the page names the client, says she has not shared anything
// yet, what staff can do, and leads back to the program.
func TestBrowserStaffBeforeTheClientShares(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	org, _, cal, secret := harborHouse(t, a)
	st := steps{t}
	tab := rosaOnPhone(t, base, secret)
	for _, c := range []struct{ lang, notShared, how, back string }{
		{"en", "Cal has not shared anything with you yet, or what they shared has ended.", "Only Cal can choose to share.", "Back to the program's page"},
		{"es", "Cal todavía no compartió nada contigo, o lo que compartió ya terminó.", "Solo Cal puede decidir compartir.", "Volver a la página del programa"},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, c.lang+" what Cal shares, before he shares", chromedp.Navigate(base+"/organizations/"+org.ID+"/members/"+cal.ID), chromedp.WaitVisible(css(`#not-shared`)))
		main := st.text(tab, `main`)
		if h1 := st.text(tab, `main h1`); h1 != "Cal" {
			t.Errorf("%s: the page's heading is %q, want the client's name", c.lang, h1)
		}
		for _, want := range []string{c.notShared, c.how, c.back} {
			if !strings.Contains(main, want) {
				t.Errorf("%s: the page does not read %q:\n%s", c.lang, want, main)
			}
		}
		if strings.Contains(main, "problem") || strings.Contains(main, "problema") {
			t.Errorf("%s: still an error page:\n%s", c.lang, main)
		}
		href := eval[string](t, tab, "back link", `document.querySelector('main a[href^="/organizations/"]').getAttribute('href')`)
		if href != "/organizations/"+org.ID {
			t.Errorf("%s: the way back leads to %q", c.lang, href)
		}
		shot(t, tab, "disclosed-not-shared-"+c.lang+".png")
	}
	// walk7: Cal gives his pronouns as he/him; Rosa, in English, reads of
	// him so ("what he shared", "ask him: on his Consents page").
	if _, err := a.UpdateMe(asUser(cal), func(p *model.Profile) { p.Pronouns = "he/him" }); err != nil {
		t.Fatal(err)
	}
	st.do(tab, "English", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "en"),
		chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="en"]`)))
	st.do(tab, "what Cal shares, his pronouns given", chromedp.Navigate(base+"/organizations/"+org.ID+"/members/"+cal.ID), chromedp.WaitVisible(css(`#not-shared`)))
	if got := st.text(tab, `#not-shared`); got != "Cal has not shared anything with you yet, or what he shared has ended." {
		t.Errorf("with Cal's pronouns given, Rosa reads %q", got)
	}
	if main := st.text(tab, `main`); !strings.Contains(main, "ask him: on his Consents page he chooses what you may see") {
		t.Errorf("with Cal's pronouns given, Rosa reads:\n%s", main)
	}
}
