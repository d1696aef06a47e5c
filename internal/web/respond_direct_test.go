package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk10 W10-1: Mia, in Sydney, has no accountability partner and no
// mentor here; at 2 a.m. she pressed "I need support now" and her call went
// straight to those on duty. Bram, the moderator in Toronto, read on it
// "Asked for support Tue 8 Dec, 10:10; their own people have not answered
// yet": she has no people of her own here, and nobody had failed her. Now a
// call that reached nobody of the caller's own says so, and one that did
// (and then came to those on duty) reads as before; in English and Spanish.
func TestRespondSaysACallWithNoPeopleOfTheirOwnCameStraightToDuty(t *testing.T) {
	base, a := startServerWith(t, app.Options{DefaultCountry: "US"})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	bram := account(t, a, "bram@example.org", "lake ontario morning", "Bram", model.RoleModerator)
	mia := account(t, a, "mia@example.org", "southerly buster at dusk", "Mia", model.RoleMember)
	lucia := account(t, a, "lucia@example.org", "girasol tranquilo", "Lucía", model.RoleMember)
	javier := account(t, a, "javier@example.org", "olivo sereno tarde", "Javier", model.RoleMember)
	partnered(t, a, lucia, javier)
	secret := withMFA(t, a, bram) // a moderator signs in with two-factor login
	if _, err := a.RequestSupport(asUser(mia)); err != nil {
		t.Fatal(err)
	}
	l, err := a.RequestSupport(asUser(lucia))
	if err != nil {
		t.Fatal(err)
	}
	// Javier did not answer in time: Lucía's call came to those on duty too.
	if err := a.EscalateSupportAlert(context.Background(), l.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, direct, escalated, wrong string }{
		{"en", "they have no partners or mentor here, so it came straight to those on duty",
			"their own people have not answered yet", "own people"},
		{"es", "no tiene compañeros de responsabilidad ni mentor aquí, así que llegó directo a las personas de turno",
			"las personas de su círculo todavía no respondieron", "su círculo"},
	} {
		if err := a.SetLanguage(asUser(bram), c.lang); err != nil {
			t.Fatal(err)
		}
		b := newPerson(t, base)
		if code, _, _ := b.post("/login", url.Values{"email": {"bram@example.org"}, "password": {"lake ontario morning"}}); code != http.StatusOK {
			t.Fatalf("Bram signs in: %d", code)
		}
		totpCode, _ := totp.GenerateCode(secret, a.Now())
		if code, _, _ := b.post("/login/mfa", url.Values{"code": {totpCode}}); code != http.StatusOK {
			t.Fatalf("Bram's two-factor code: %d", code)
		}
		_, page, _ := b.do("GET", "/support/respond", nil)
		cards := map[string]string{}
		for _, part := range strings.Split(page, `<li id="alert-`)[1:] {
			card := readable(`<li id="alert-` + part) // to the next call (the last: to the page's end)
			for _, who := range []string{"Mia", "Lucía"} {
				if strings.HasPrefix(strings.TrimSpace(card), who) {
					cards[who] = card
				}
			}
		}
		if cards["Mia"] == "" || cards["Lucía"] == "" {
			t.Fatalf("%s: Bram does not read both calls:\n%s", c.lang, readable(page))
		}
		if !strings.Contains(cards["Mia"], c.direct) || strings.Contains(cards["Mia"], c.wrong) {
			t.Errorf("%s: Mia's call does not read %q:\n%s", c.lang, c.direct, cards["Mia"])
		}
		if !strings.Contains(cards["Lucía"], c.escalated) {
			t.Errorf("%s: Lucía's call does not read %q:\n%s", c.lang, c.escalated, cards["Lucía"])
		}
	}
}

// walk10 W10-4: Bram answered Mia's call for support with a direct
// message; at its top she read "Bram is a moderator of this community.
// Moderators write when a message may mean someone needs support": she had
// written nothing, she had pressed "I need support now". The words now say
// why a moderator writes whichever brought them, in English and Spanish.
func TestAModeratorsMessageSaysWhyModeratorsWriteForACallToo(t *testing.T) {
	base, a := startServerWith(t, app.Options{DefaultCountry: "US"})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	bram := account(t, a, "bram@example.org", "lake ontario morning", "Bram", model.RoleModerator)
	mia := account(t, a, "mia@example.org", "southerly buster at dusk", "Mia", model.RoleMember)
	if _, err := a.RequestSupport(asUser(mia)); err != nil {
		t.Fatal(err)
	}
	th, _, err := a.StartThread(asUser(bram), mia.ID, "c1", "Hi Mia, I'm Bram, one of the peer supporters. Are you safe right now?")
	if err != nil {
		t.Fatal(err)
	}
	p := newPerson(t, base)
	if code, _, _ := p.post("/login", url.Values{"email": {"mia@example.org"}, "password": {"southerly buster at dusk"}}); code != http.StatusOK {
		t.Fatalf("Mia signs in: %d", code)
	}
	for _, c := range []struct{ lang, says, unsaid string }{
		{"en", "Bram is a moderator of this community. Moderators write when someone may need support; you can answer here.", "a message may mean"},
		{"es", "Bram modera esta comunidad. El equipo de moderación escribe cuando alguien puede necesitar apoyo; puedes responder aquí.", "un mensaje puede significar"},
	} {
		if err := a.SetLanguage(asUser(mia), c.lang); err != nil {
			t.Fatal(err)
		}
		_, page := p.get("/messages/" + th.ID)
		if !strings.Contains(page, c.says) || strings.Contains(page, c.unsaid) {
			t.Errorf("%s: Mia's thread with Bram does not read %q:\n%s", c.lang, c.says, page)
		}
	}
}
