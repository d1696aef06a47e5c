package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk8 W8-4: Lucía closed her call for support ("Ya estoy bien") after
// Javier answered, and Javier's notifications still said only "Lucía
// necesita apoyo ahora": he was never told. Now whoever the call reached
// (only the one responding, once someone is) reads that she closed it and
// says she is OK, by her pronouns where they may see them, in English and
// Spanish; her note stays on her own page.
func TestClosingACallTellsWhoItReached(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	lucia := account(t, a, "lucia@example.org", "girasol tranquilo", "Lucía", model.RoleMember)
	javier := account(t, a, "javier@example.org", "olivo sereno tarde", "Javier", model.RoleMember)
	marta := account(t, a, "marta@example.org", "cielo claro verano", "Marta", model.RoleMember)
	if _, err := a.UpdateMe(asUser(lucia), func(p *model.Profile) { p.Pronouns = "ella"; p.Visibility["pronouns"] = model.VisMembers }); err != nil {
		t.Fatal(err)
	}
	partnered(t, a, lucia, javier)
	partnered(t, a, lucia, marta)
	notes := func(email, pw string) string {
		t.Helper()
		p := newPerson(t, base)
		if code, _, _ := p.post("/login", url.Values{"email": {email}, "password": {pw}}); code != http.StatusOK {
			t.Fatalf("%s signs in: %d", email, code)
		}
		_, text := p.get("/notifications")
		return text
	}
	const note = "Ya estoy mejor, gracias"
	closeCall := func() {
		t.Helper()
		al, err := a.RequestSupport(asUser(lucia))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.ResolveAlert(asUser(lucia), al.ID, note); err != nil {
			t.Fatal(err)
		}
	}
	count := func(text, s string) int { return strings.Count(text, s) }

	// Nobody answered: both partners are told.
	closeCall()
	for _, c := range []struct{ lang, closed string }{
		{"en", "Lucía closed her call for support and says she is OK now."},
		{"es", "Lucía cerró su llamada de apoyo y dice que ya está bien."},
	} {
		for _, u := range []*model.User{javier, marta} {
			if err := a.SetLanguage(asUser(u), c.lang); err != nil {
				t.Fatal(err)
			}
		}
		for _, who := range [][2]string{{"javier@example.org", "olivo sereno tarde"}, {"marta@example.org", "cielo claro verano"}} {
			text := notes(who[0], who[1])
			if count(text, c.closed) != 1 || strings.Contains(text, note) {
				t.Errorf("%s (%s) reads, after Lucía closed her call:\n%s", who[0], c.lang, text)
			}
		}
	}
	if text := notes("lucia@example.org", "girasol tranquilo"); strings.Contains(text, "closed her call") || strings.Contains(text, "cerró su llamada") {
		t.Errorf("Lucía is told of her own close:\n%s", text)
	}

	// Javier answered the next call: only he is told it closed.
	al, err := a.RequestSupport(asUser(lucia))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcknowledgeAlert(asUser(javier), al.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ResolveAlert(asUser(lucia), al.ID, note); err != nil {
		t.Fatal(err)
	}
	closed := "Lucía cerró su llamada de apoyo y dice que ya está bien."
	if n := count(notes("javier@example.org", "olivo sereno tarde"), closed); n != 2 {
		t.Errorf("Javier, who answered, has %d notices of a closed call, want 2", n)
	}
	if n := count(notes("marta@example.org", "cielo claro verano"), closed); n != 1 {
		t.Errorf("Marta, who did not answer the second call, has %d notices of a closed call, want 1", n)
	}
	// A responder who resolves the call tells nobody else.
	al, err = a.RequestSupport(asUser(lucia))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ResolveAlert(asUser(javier), al.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(notes("marta@example.org", "cielo claro verano"), closed); n != 1 {
		t.Errorf("Marta was told of a call Javier resolved: %d", n)
	}
}
