package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserSpanishSignupInLosAngeles: Luz's phone is in Los Angeles and
// her browser reads Mexican Spanish (es-MX). She joins in Spanish; the form
// fills her place from the phone: Pacific time and the United States (it
// chose Mexico, from her language's region, and her "Necesito apoyo ahora"
// then showed Mexico's Línea de la Vida, an 800 number a US phone does not
// reach). After confirming, her support page shows 911 and 988, in Spanish.
// A phone in Mexico City with the same browser still joins in Mexico.
func TestBrowserSpanishSignupInLosAngeles(t *testing.T) {
	exe := chromium(t)
	base, a, term := startServerMail(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	type css = chromedp.CSS
	st := steps{t}
	for _, c := range []struct {
		zone, email, summary, country string
		has, not                      []string
	}{
		{"America/Los_Angeles", "luz@example.org", "Hora del Pacífico (Los Ángeles) · Estados Unidos", "US",
			[]string{"Llamar al 911", "Personas a quienes puedes llamar a cualquier hora en Estados Unidos", "Llamar al 988"}, []string{"Línea de la Vida", "800 911 2000"}},
		{"America/Mexico_City", "sol@example.org", "Hora central (Ciudad de México) · México", "MX",
			[]string{"Llamar al 911", "en México", "Línea de la Vida", "Llamar al 800 911 2000"}, []string{"Llamar al 988"}},
	} {
		ctx, done := phone(t, exe)
		ua := eval[string](t, ctx, "user agent", `navigator.userAgent`)
		if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "es-MX,es"}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: c.zone}); err != nil {
			t.Fatal(err)
		}
		st.do(ctx, "sign-up form", chromedp.Navigate(base+"/signup"), chromedp.WaitVisible(css(`#f-email`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		eval[bool](t, ctx, "the place filled in", `new Promise(ok => { const check = () => document.getElementById("place-summary").textContent.includes("·") ? ok(true) : setTimeout(check, 100); check(); })`)
		if got := st.text(ctx, `#place-summary`); got != c.summary {
			t.Fatalf("%s: the sign-up form says %q, want %q", c.zone, got, c.summary)
		}
		st.do(ctx, "join", chromedp.SendKeys(css(`#f-email`), c.email), chromedp.SendKeys(css(`#f-display_name`), "Luz"),
			chromedp.SendKeys(css(`#f-password`), "willow creek morning"), chromedp.Click(css(`main form button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
		st.do(ctx, "confirm", chromedp.Navigate(term.link(t, "/verify-email?token=")), chromedp.Click(css(`main button[type=submit]`)),
			chromedp.WaitVisible(css(`nav.tabs a[href="/more"]`)))
		u, err := a.Store().FindUserByEmail(t.Context(), c.email)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := a.LoadProfile(t.Context(), u.ID); err != nil || p.Country != c.country {
			t.Fatalf("%s: the profile keeps country %q (%v), want %q", c.zone, p.Country, err, c.country)
		}
		st.do(ctx, "support page", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`main h1`)))
		page := st.text(ctx, `main`)
		for _, s := range c.has {
			if !strings.Contains(page, s) {
				t.Errorf("%s: the support page lacks %q:\n%s", c.zone, s, page)
			}
		}
		for _, s := range c.not {
			if strings.Contains(page, s) {
				t.Errorf("%s: the support page shows %q:\n%s", c.zone, s, page)
			}
		}
		if c.country == "US" {
			shot(t, ctx, "es-support-los-angeles.png")
		}
		done()
		term.Reset() // the next person's link is the first printed
	}
}
