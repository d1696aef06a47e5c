package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserFirstSignInTakesTheBrowsersZone: an account made with
// `kinship admin create-user` without --timezone counted its days in UTC
// until the person chose a zone (walk3 #12: a check-in at 21:50 in New York
// was dated the next day). At the first sign-in on a phone in New York the
// account takes the browser's zone, and the next page says so once, with a
// link to change it; in Spanish, in Mexico City, too. An account with a
// zone keeps it, and is told nothing.
func TestBrowserFirstSignInTakesTheBrowsersZone(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	for _, c := range []struct {
		lang, email, pw, zone, notice, change string
	}{
		{"en", "cal@example.org", "amber meadow trail", "America/New_York", "Your days now count in Eastern Time (New York).", "Change it in settings."},
		{"es", "lucia@example.org", "cobalt river stone", "America/Mexico_City", "Tus días ahora se cuentan en Hora central (Ciudad de México).", "Puedes cambiarla en la configuración."},
	} {
		u := account(t, a, c.email, c.pw, "Persona "+c.lang, model.RoleMember)
		tab, done := phone(t, chromium(t))
		st := steps{t}
		if _, err := chromedp.Call(tab, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: c.zone}); err != nil {
			t.Fatal(err)
		}
		if c.lang == "es" {
			st.do(tab, "Spanish", chromedp.Navigate(base+"/login"), chromedp.SetValue(css(`#f-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.signIn(tab, base, c.email, c.pw)
		notice := st.text(tab, `p.notice`)
		if !strings.Contains(notice, c.notice) || !strings.Contains(notice, c.change) {
			t.Errorf("%s: the page after the first sign-in reads %q, want %q and %q", c.lang, notice, c.notice, c.change)
		}
		if href, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("p.notice a").getAttribute("href")`)); href != "/profile#f-time_zone" {
			t.Errorf("%s: the notice's link goes to %q", c.lang, href)
		}
		shot(t, tab, "first-signin-zone-"+c.lang+".png")
		if p, err := a.LoadProfile(context.Background(), u.ID); err != nil || p.TimeZone != c.zone {
			t.Errorf("%s: the account's zone after the first sign-in: %q (%v), want %s", c.lang, p.TimeZone, err, c.zone)
		}
		st.do(tab, c.lang+" reload", chromedp.Reload(), chromedp.WaitVisible(css(`main`)))
		if main := st.text(tab, `body`); strings.Contains(main, c.notice) {
			t.Errorf("%s: the notice shows again after a reload", c.lang)
		}
		done()
	}

	// An account with a zone keeps it, whatever the browser says.
	u, err := a.AdminCreateUserIn(context.Background(), "fay@example.org", "quiet harbor willow", "Fay", model.RoleMember, "America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	tab, done := phone(t, chromium(t))
	defer done()
	if _, err := chromedp.Call(tab, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Europe/London"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	st.signIn(tab, base, "fay@example.org", "quiet harbor willow")
	if body := st.text(tab, `body`); strings.Contains(body, "Your days now count") {
		t.Errorf("an account with a zone was told its days changed:\n%s", body)
	}
	if p, _ := a.LoadProfile(context.Background(), u.ID); p.TimeZone != "America/Chicago" {
		t.Errorf("an account's own zone became %q", p.TimeZone)
	}
}
