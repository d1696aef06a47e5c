package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// W11-4 (walk11): Greta, the site admin in Berlin, added Germany's
// Telefonseelsorge answering in "de, en", and the support page read
// "Atiende en: de, inglés": only the languages the catalog names (en, es,
// fr, hi, ne) had a name, any other was its code. Each is named now in the
// reader's language, as CLDR names it.
func TestALineInALanguageTheCatalogDoesNotNameIsNamed(t *testing.T) {
	base, a := startServer(t)
	admin := account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	as := app.WithActor(context.Background(), &app.Actor{User: admin})
	if _, err := a.SaveCrisisResource(as, app.HelpResourceInput{Country: "DE", Name: "Telefonseelsorge", Contact: "0800 111 0 111",
		Kind: "call", Languages: []string{"de", "en"}}); err != nil {
		t.Fatal(err)
	}
	account(t, a, "greta@example.org", "spree ufer im winter", "Greta", model.RoleMember)
	for _, c := range []struct{ lang, want, not string }{
		{"en-US,en;q=0.9", "Answers in: German", "Answers in: de"},
		{"es-ES,es;q=0.9", "Atiende en: alemán, inglés", "Atiende en: de"},
	} {
		p := newPerson(t, base)
		p.lang = c.lang
		p.post("/login", url.Values{"email": {"greta@example.org"}, "password": {"spree ufer im winter"}})
		_, page := p.get("/support?country=DE")
		got := readable(page)
		if !strings.Contains(got, "Telefonseelsorge") || !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("%s: the support page does not read %q:\n%s", c.lang, c.want, got)
		}
	}
}
