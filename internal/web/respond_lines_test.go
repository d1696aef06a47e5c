package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk8 W8-2: Lucía and Javier, accountability partners, both live in
// Spain. Her call for support on his phone said, under "Crisis lines where
// you are", that she keeps where she is private (she does not: her profile
// says Spain, and he may see it) and then showed no number at all: a call
// whose caller is in the responder's own country has no lines of its own
// (the page's foot has them), and the page drew an empty section for it.
// Now the card has no such section, and the foot gives 112; in English and
// in Spanish.
func TestRespondDrawsNoEmptyLinesForACallerInTheRespondersCountry(t *testing.T) {
	base, a := startServerWith(t, app.Options{DefaultCountry: "US"})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	lucia := account(t, a, "lucia@example.org", "girasol tranquilo", "Lucía", model.RoleMember)
	javier := account(t, a, "javier@example.org", "olivo sereno tarde", "Javier", model.RoleMember)
	for _, u := range []*model.User{lucia, javier} {
		if _, err := a.UpdateMe(asUser(u), func(p *model.Profile) { p.TimeZone, p.Country, p.Pronouns = "Europe/Madrid", "ES", "ella" }); err != nil {
			t.Fatal(err)
		}
	}
	partnered(t, a, lucia, javier)
	if _, err := a.RequestSupport(asUser(lucia)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, asked, foot string }{
		{"en", "Asked for support", "In an emergency, call 112"},
		{"es", "Pidió apoyo", "En una emergencia, llama al 112"},
	} {
		if err := a.SetLanguage(asUser(javier), c.lang); err != nil {
			t.Fatal(err)
		}
		j := newPerson(t, base)
		if code, _, _ := j.post("/login", url.Values{"email": {"javier@example.org"}, "password": {"olivo sereno tarde"}}); code != http.StatusOK {
			t.Fatalf("Javier signs in: %d", code)
		}
		_, page, _ := j.do("GET", "/support/respond", nil)
		start := strings.Index(page, `id="to-respond"`)
		if start < 0 {
			t.Fatalf("%s: no call on Javier's page:\n%s", c.lang, readable(page))
		}
		card := readable(page[start:])
		if !strings.Contains(card, "Lucía") || !strings.Contains(card, c.asked) {
			t.Fatalf("%s: Javier does not read Lucía's call:\n%s", c.lang, card)
		}
		if strings.Contains(page, "caller-lines") {
			t.Errorf("%s: a call from where Javier is draws lines of its own:\n%s", c.lang, card)
		}
		for _, wrong := range []string{"Crisis lines where you are", "keeps where", "Líneas de crisis donde", "no comparte dónde"} {
			if strings.Contains(card, wrong) {
				t.Errorf("%s: Javier reads %q on Lucía's call:\n%s", c.lang, wrong, card)
			}
		}
		if !strings.Contains(card, c.foot) {
			t.Errorf("%s: the page's lines do not read %q:\n%s", c.lang, c.foot, card)
		}
	}
}

// On Javier's phone the call's card with no lines of its own kept "Message
// Lucía" against the note's label below it (the lines had stood between):
// the buttons now keep a gap above the note, in English and in Spanish.
func TestBrowserRespondCardKeepsItsButtonsApartFromTheNote(t *testing.T) {
	exe := chromium(t)
	base, a := startServerWith(t, app.Options{DefaultCountry: "US"})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	lucia := account(t, a, "lucia@example.org", "girasol tranquilo", "Lucía", model.RoleMember)
	javier := account(t, a, "javier@example.org", "olivo sereno tarde", "Javier", model.RoleMember)
	for _, u := range []*model.User{lucia, javier} {
		livesIn(t, a, u, "ES", "Europe/Madrid", "en")
	}
	partnered(t, a, lucia, javier)
	if _, err := a.RequestSupport(asUser(lucia)); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	for _, lang := range []string{"en", "es"} {
		if err := a.SetLanguage(asUser(javier), lang); err != nil {
			t.Fatal(err)
		}
		ctx, done := phone(t, exe)
		st.signIn(ctx, base, "javier@example.org", "olivo sereno tarde")
		st.do(ctx, "open the call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(chromedp.CSS(`#to-respond .actions`)))
		buttons, label := boxes(t, ctx, `#to-respond .actions`), boxes(t, ctx, `#to-respond label[for^="note-"]`)
		if len(buttons) != 1 || len(label) != 1 {
			t.Fatalf("%s: the card's buttons %v, note label %v", lang, buttons, label)
		}
		if gap := label[0].Top - buttons[0].Bott; gap < 12 {
			t.Errorf("%s: %.0f px between %q and %q", lang, gap, buttons[0].Text, label[0].Text)
		}
		shot(t, ctx, "respond-card-"+lang+".png")
		done()
	}
}
