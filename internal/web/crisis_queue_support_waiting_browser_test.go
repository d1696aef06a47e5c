package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// walk14 W14-7: Hannah, a moderator on duty in London, opened her crisis
// queue while Sione's call for support waited for someone on duty and read
// "The queue is empty.", with no word or link to the call. Her queue now
// says, above the flagged text, how many calls for support wait for someone
// on duty, with a link to each on the page where it is answered; a call
// still with the caller's own people, or one someone answers, is not among
// them. In English and Spanish.
func TestBrowserCrisisQueueSaysCallsForSupportWait(t *testing.T) {
	s := startServerParts(t, app.Options{Now: testutil.PictureClock()}, nil)
	ash, bo := cast(t, s.app)
	cy := account(t, s.app, "cy@example.org", "granite orchard dawn", "Cy", model.RoleMember)
	partnered(t, s.app, ash, cy)
	hannah := account(t, s.app, "hannah@example.org", "quiet willow harbor", "Hannah", model.RoleModerator)
	secret := withMFA(t, s.app, hannah)
	asHannah := asUser(hannah)
	if _, err := s.app.UpdateMe(asHannah, func(p *model.Profile) { p.TimeZone = "Europe/London" }); err != nil {
		t.Fatal(err)
	}
	if err := s.app.SetOnDuty(asHannah, true); err != nil {
		t.Fatal(err)
	}
	// Ash's call is with Cy, her partner, for now; Bo has nobody of his
	// own here, so his goes straight to those on duty.
	if _, err := s.app.RequestSupport(asUser(ash)); err != nil {
		t.Fatal(err)
	}
	boCall, err := s.app.RequestSupport(asUser(bo))
	if err != nil {
		t.Fatal(err)
	}

	ctx := signedInPhone(t, s.base, "hannah@example.org", "quiet willow harbor")
	st := steps{t}
	st.mfaStepAt(ctx, secret, testutil.PictureTime)
	type css = chromedp.CSS
	for _, c := range []struct{ lang, count, link, none, empty string }{
		{"en", "1 call for support is waiting for someone on duty", "Asked for support Sun 6 Dec, 16:56",
			"No flagged text is waiting.", "The queue is empty."},
		{"es", "1 llamada de apoyo espera a alguien de turno", "Pidió apoyo el dom, 6 dic, 16:56",
			"No hay textos señalados pendientes.", "La cola está vacía."},
	} {
		if err := s.app.SetLanguage(asHannah, c.lang); err != nil {
			t.Fatal(err)
		}
		st.do(ctx, c.lang+": the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#support-waiting`)))
		waiting := st.text(ctx, `#support-waiting`)
		if !strings.Contains(waiting, c.count) || !strings.Contains(waiting, c.link) {
			t.Errorf("%s: above the queue Hannah reads %q; want %q and %q", c.lang, waiting, c.count, c.link)
		}
		for _, name := range []string{"Bo", "Ash"} {
			if strings.Contains(waiting, name) {
				t.Errorf("%s: the line above the queue names %s: %q", c.lang, name, waiting)
			}
		}
		links := eval[[]string](t, ctx, "the calls' links", `Array.from(document.querySelectorAll('#support-waiting a')).map(a => a.getAttribute('href'))`)
		if len(links) != 1 || links[0] != "/support/respond#alert-"+boCall.ID {
			t.Errorf("%s: the calls' links are %q; want Bo's call alone", c.lang, links)
		}
		main := st.text(ctx, `main`)
		if !strings.Contains(main, c.none) || strings.Contains(main, c.empty) {
			t.Errorf("%s: under the calls Hannah reads:\n%s", c.lang, main)
		}
		shotHere(t, ctx, "main", "crisis-queue-support-waiting-"+c.lang+".png")
	}

	st.do(ctx, "open Bo's call", chromedp.Click(css(`#support-waiting a`)), chromedp.WaitVisible(css(`#alert-`+boCall.ID)))
	if card := st.text(ctx, `#alert-`+boCall.ID); !strings.HasPrefix(strings.TrimSpace(card), "Bo") {
		t.Errorf("the link opens %q", card)
	}
	shotHere(t, ctx, `#alert-`+boCall.ID, "crisis-queue-support-waiting-opened-es.png")

	// Once Hannah says she is responding, the call waits for nobody.
	if _, err := s.app.AcknowledgeAlert(asHannah, boCall.ID); err != nil {
		t.Fatal(err)
	}
	st.do(ctx, "the queue after", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitReady(css(`#safety-weeks`)))
	if n := eval[int](t, ctx, "the calls waiting", `document.querySelectorAll('#support-waiting').length`); n != 0 {
		t.Errorf("an answered call still waits above the queue")
	}
	if main := st.text(ctx, `main`); !strings.Contains(main, "La cola está vacía.") {
		t.Errorf("with nothing waiting Hannah reads:\n%s", main)
	}
}
