package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk4: Bo lives in India (profile: India, Asia/Kolkata). On a phone his
// support page read "Call your local emergency number", "People you can
// reach at any hour in IN" and only an international directory; Ash, his
// partner in Mexico reading Kinship in Spanish, was told on Bo's call to
// ring "el número de emergencias de tu país" (911 reaches nobody in
// India). Now Bo reads 112, Tele MANAS and the drug helpline, each a number
// to tap, "in India"; Ash reads the same numbers under "en la India".
func TestBrowserIndiaHasItsOwnCrisisLines(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	livesIn(t, a, bo, "IN", "Asia/Kolkata", "en")
	livesIn(t, a, ash, "MX", "America/Mexico_City", "es")
	partnered(t, a, bo, ash)
	st := steps{t}
	type css = chromedp.CSS
	hrefs := func(ctx context.Context, sel string) string { return telLinks(t, ctx, sel) }

	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	st.do(boTab, "Bo asks for support", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`form[action="/support/now"] button`)),
		chromedp.Click(css(`form[action="/support/now"] button`)), chromedp.WaitVisible(css(`#alert-status`)))
	danger := st.text(boTab, `section.banner`)
	if !strings.Contains(danger, "Call 112") || strings.Contains(danger, "your local emergency number") {
		t.Errorf("Bo's emergency section reads %q, want India's 112", danger)
	}
	if got := st.text(boTab, `main`); !strings.Contains(got, "People you can reach at any hour in India") ||
		!strings.Contains(got, "Tele MANAS") || !strings.Contains(got, "Answers in: English, Hindi") || !strings.Contains(got, "Call 14416") ||
		!strings.Contains(got, "Drug De-addiction Helpline") || strings.Contains(got, " in IN") {
		t.Errorf("Bo's support page reads:\n%s", got)
	}
	if got := hrefs(boTab, `main`); !strings.Contains(got, "tel:112") || !strings.Contains(got, "tel:14416") || !strings.Contains(got, "tel:18008914416") ||
		!strings.Contains(got, "tel:14446") {
		t.Errorf("Bo's page offers the numbers %q to tap", got)
	}
	if got := st.text(boTab, `#crisis-help`); !strings.Contains(got, "112") {
		t.Errorf("the foot of Bo's pages reads %q", got)
	}
	shot(t, boTab, "support-india-en.png")

	ashTab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	st.do(ashTab, "Ash opens Bo's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	card := st.text(ashTab, `#to-respond .caller-lines`)
	if !strings.Contains(card, "Líneas de crisis donde está Bo, en la India") || !strings.Contains(card, "112") ||
		!strings.Contains(card, "Tele MANAS") || strings.Contains(card, "de tu país") || strings.Contains(card, "en IN") {
		t.Errorf("Bo's call, read by Ash in Spanish:\n%s", card)
	}
	if got := hrefs(ashTab, `#to-respond .caller-lines`); !strings.Contains(got, "tel:112") || !strings.Contains(got, "tel:14416") || strings.Contains(got, "tel:911") {
		t.Errorf("Ash is offered %q to tap for Bo", got)
	}
	shotHere(t, ashTab, "#to-respond", "respond-caller-in-india-es.png")
}

// telLinks are the tel: addresses of the links under sel, space-separated.
func telLinks(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('`+sel+` a[href^="tel:"]')].map(a => a.getAttribute('href')).join(' ')`))
	if err != nil {
		t.Fatalf("links in %s: %v", sel, err)
	}
	return got
}

// walk4: a call for support from a country Kinship keeps no lines for
// (Bo in Berlin) told his partner Ash, on the card "Crisis lines where Bo
// is", to "call your local emergency number" — Ash's own, which does not
// reach Germany. Ash (in Spanish) and Cy (in English) now read that
// Kinship does not know the number in Germany, that Find A Helpline gives
// it (the hint above says their own may not reach him); Germany by name.
func TestBrowserCallerInACountryWithoutLines(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	cy := account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember)
	livesIn(t, a, bo, "DE", "Europe/Berlin", "en")
	livesIn(t, a, ash, "MX", "America/Mexico_City", "es")
	livesIn(t, a, cy, "MX", "America/Mexico_City", "en")
	partnered(t, a, bo, ash)
	partnered(t, a, bo, cy)
	if _, err := a.RequestSupport(asUser(bo)); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	for _, c := range []struct {
		email, pw, shot string
		want, not       []string
	}{
		{"ash@example.org", "amber meadow trail", "respond-caller-no-lines-es.png",
			[]string{"Líneas de crisis donde está Bo, en Alemania", "Kinship no conoce el número de emergencias en Alemania: Find A Helpline, abajo, lo indica.", "findahelpline.com"},
			[]string{"de tu país", "911", "en DE"}},
		{"cy@example.org", "granite orchard dusk", "respond-caller-no-lines-en.png",
			[]string{"Crisis lines where Bo is, in Germany", "Kinship does not know the emergency number in Germany: Find A Helpline below gives it.", "findahelpline.com"},
			[]string{"your local emergency number", "911", "in DE"}},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.email+" opens Bo's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
		card := st.text(tab, `#to-respond .caller-lines`)
		for _, w := range c.want {
			if !strings.Contains(card, w) {
				t.Errorf("%s reads on Bo's call, without %q:\n%s", c.email, w, card)
			}
		}
		for _, n := range c.not {
			if strings.Contains(card, n) {
				t.Errorf("%s reads on Bo's call %q:\n%s", c.email, n, card)
			}
		}
		shotHere(t, tab, "#to-respond", c.shot)
	}
}

// livesIn gives u's profile the country and time zone they live in, and
// their account the language they read Kinship in.
func livesIn(t *testing.T, a *app.App, u *model.User, country, zone, lang string) {
	t.Helper()
	if _, err := a.UpdateMe(asUser(u), func(p *model.Profile) { p.Country = country; p.TimeZone = zone }); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLanguage(asUser(u), lang); err != nil {
		t.Fatal(err)
	}
}

// home is where a person lives and the language they read Kinship in, as
// livesIn gives them.
type home struct{ country, zone, lang string }

// castAbroad creates the cast (the site admin, Ash and Bo) with Cy and
// Dee, members too, and gives Ash, Bo, Cy and Dee, in that order, the
// homes given: the same four people, living in different countries, for
// every test of what a person reads where they live.
func castAbroad(t *testing.T, a *app.App, ashHome, boHome, cyHome, deeHome home) (ash, bo, cy, dee *model.User) {
	t.Helper()
	ash, bo = cast(t, a)
	cy = account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember)
	dee = account(t, a, "dee@example.org", "silver canyon morning", "Dee", model.RoleMember)
	for _, p := range []struct {
		u *model.User
		h home
	}{{ash, ashHome}, {bo, boHome}, {cy, cyHome}, {dee, deeHome}} {
		if p.h != (home{}) {
			livesIn(t, a, p.u, p.h.country, p.h.zone, p.h.lang)
		}
	}
	return ash, bo, cy, dee
}
