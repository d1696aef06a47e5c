package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserCheckinStrongCravingSuggestsReachingOut: on a phone, a check-in
// with a craving of 9 and a "yes" to using is answered with a gentle
// suggestion to reach out (partners, a meeting now, the lines to call; a
// mentor only to who has one), in English and in Spanish; a calm check-in
// is not. The page said
// only "Thank you for checking in today." after either.
func TestBrowserCheckinStrongCravingSuggestsReachingOut(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	// Ash has an accountability partner, Bo, and no mentor.
	inv, err := a.InvitePartner(app.WithActor(context.Background(), &app.Actor{User: ash}), bo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RespondPartner(app.WithActor(context.Background(), &app.Actor{User: bo}), inv.ID, true); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	ctx := signedInPhone(t, base, "ash@example.org", "amber meadow trail")

	checkIn := func(what, craving, used string) {
		t.Helper()
		st.do(ctx, what, chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#mood-3`)),
			chromedp.Click(css(`label[for=mood-2]`)), chromedp.Click(css(`label[for=`+craving+`]`)), chromedp.Click(css(`label[for=`+used+`]`)),
			chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	}
	reach := func() string {
		t.Helper()
		return eval[string](t, ctx, "the suggestion", `(() => { const s = document.getElementById("reach-out"); return s ? s.innerText : ""; })()`)
	}

	checkIn("a calm check-in", "craving-2", "f-used")
	if s := reach(); s != "" {
		t.Fatalf("a calm check-in is answered with %q", s)
	}

	checkIn("a hard check-in", "craving-9", "used-yes")
	s := reach()
	for _, want := range []string{"You do not have to carry today alone", "Tell your accountability partners", "Find a meeting happening now", "People you can reach at any hour", "Your safety plan"} {
		if !strings.Contains(s, want) {
			t.Fatalf("after a craving of 9 and using, the page lacks %q: %q", want, s)
		}
	}
	if strings.Contains(s, "mentor") {
		t.Fatalf("Ash has no mentor; the suggestion says %q", s)
	}
	links := eval[string](t, ctx, "its links", `[...document.querySelectorAll("#reach-out a")].map(a => a.getAttribute("href")).join(" ")`)
	if links != "/partners /meetings?when=now /support /support/plan" {
		t.Fatalf("the suggestion's links: %q", links)
	}
	shot(t, ctx, "checkin-reach-out.png")

	if err := a.SetLanguage(app.WithActor(context.Background(), &app.Actor{User: ash}), "es"); err != nil {
		t.Fatal(err)
	}
	checkIn("a hard check-in, in Spanish", "craving-10", "f-used")
	if s := reach(); !strings.Contains(s, "No tienes que cargar con el día de hoy a solas") || !strings.Contains(s, "Avisa a tus compañeros de responsabilidad") {
		t.Fatalf("in Spanish, after a craving of 10: %q", s)
	}
	shot(t, ctx, "checkin-reach-out-es.png")
	st.do(ctx, "the page again later", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#mood-3`)))
	if s := reach(); s != "" {
		t.Fatalf("the suggestion stays on the page after the moment: %q", s)
	}
}

// TestBrowserCheckinReachOutNamesWhoYouHave: Lucía, with no mentor and no
// partner, was offered "Escríbele a tu mentor o mentora" and "Avisa a tus
// compañeros de apoyo" after a hard check-in. On a phone, Eli, whose mentor
// is Mia and who has no partner, is offered Mia by name and no partners, in
// English and in Spanish.
func TestBrowserCheckinReachOutNamesWhoYouHave(t *testing.T) {
	base, a := startServer(t)
	mia, eli, _ := readyMentor(t, a)
	asEli := app.WithActor(context.Background(), &app.Actor{User: eli})
	m, err := a.RequestMentor(asEli, mia.ID, "Could we talk on Tuesdays?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeMentorship(app.WithActor(context.Background(), &app.Actor{User: mia}), m.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	ctx := signedInPhone(t, base, "eli@example.org", "cobalt river stone")
	for _, c := range []struct{ lang, mentor, partners string }{
		{"en", "Write to your mentor, Mia", "accountability partners"},
		{"es", "Escríbele a Mia, tu mentor o mentora", "compañeros de responsabilidad"},
	} {
		if c.lang == "es" {
			if err := a.SetLanguage(asEli, "es"); err != nil {
				t.Fatal(err)
			}
		}
		st.do(ctx, c.lang+" a hard check-in", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#mood-3`)),
			chromedp.Click(css(`label[for=mood-2]`)), chromedp.Click(css(`label[for=craving-9]`)), chromedp.Click(css(`label[for=used-yes]`)),
			chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`#reach-out`)))
		s := st.text(ctx, `#reach-out`)
		if !strings.Contains(s, c.mentor) || strings.Contains(s, c.partners) {
			t.Errorf("%s: Eli has a mentor, Mia, and no partner; the suggestion reads %q", c.lang, s)
		}
		shot(t, ctx, "checkin-reach-out-mentor-"+c.lang+".png")
	}
}
