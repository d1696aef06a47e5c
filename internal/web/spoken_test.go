package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// A profile's spoken languages written as codes ("es", "EN") are named in
// the viewer's language, Spanish or español; names the person wrote
// ("Tagalog", "ASL") stay as written.
func TestProfileNamesSpokenLanguages(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	asAsh := app.WithActor(context.Background(), &app.Actor{User: ash})
	asBo := app.WithActor(context.Background(), &app.Actor{User: bo})
	if _, err := a.UpdateMe(asBo, func(p *model.Profile) {
		p.Languages = []string{"es", "EN", "Tagalog", "ASL"}
		if p.Visibility == nil {
			p.Visibility = map[string]model.Visibility{}
		}
		p.Visibility["languages"] = model.VisMembers
	}); err != nil {
		t.Fatal(err)
	}
	p := newPerson(t, base)
	if code, text, _ := p.post("/login", url.Values{"email": {"ash@example.org"}, "password": {"amber meadow trail"}}); code != 200 {
		t.Fatalf("sign in: %d %s", code, text)
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "Languages Spanish, English, Tagalog, ASL"},
		{"es", "Idiomas español, inglés, Tagalog, ASL"},
	} {
		if err := a.SetLanguage(asAsh, c.lang); err != nil {
			t.Fatal(err)
		}
		_, text := p.get("/members/" + bo.ID)
		if !strings.Contains(text, c.want) {
			t.Errorf("%s: Bo's profile should read %q:\n%s", c.lang, c.want, text)
		}
	}
}
