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
	asAsh, asBo := app.WithActor(context.Background(), &app.Actor{User: ash}), app.WithActor(context.Background(), &app.Actor{User: bo})
	if _, err := a.UpdateMe(asBo, func(p *model.Profile) { p.Country = "IN"; p.TimeZone = "Asia/Kolkata" }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMe(asAsh, func(p *model.Profile) { p.Country = "MX"; p.TimeZone = "America/Mexico_City" }); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLanguage(asAsh, "es"); err != nil {
		t.Fatal(err)
	}
	inv, err := a.InvitePartner(asBo, ash.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RespondPartner(asAsh, inv.ID, true); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	hrefs := func(ctx context.Context, sel string) string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('`+sel+` a[href^="tel:"]')].map(a => a.getAttribute('href')).join(' ')`))
		if err != nil {
			t.Fatalf("links in %s: %v", sel, err)
		}
		return got
	}

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
