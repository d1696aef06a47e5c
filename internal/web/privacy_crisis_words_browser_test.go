package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserPrivacyLogSaysWhatTheModeratorDid: a moderator acknowledges
// Bo's crisis flag, judges it right and resolves it. Bo's privacy log read
// "A moderator marked a crisis flag about you as acknowledged", "...: right"
// and, in Spanish, "Un moderador marcó una alerta de crisis sobre ti como:
// resolved" — the codes, in English. On a phone, in English and Spanish, it
// says each in words.
func TestBrowserPrivacyLogSaysWhatTheModeratorDid(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	_, bo, mod, _ := moderatorOnPhone(t, s)
	asBo := app.WithActor(context.Background(), &app.Actor{User: bo})
	if _, err := s.app.CreatePost(asBo, app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"}); err != nil {
		t.Fatal(err)
	}
	asMod := app.WithActor(context.Background(), &app.Actor{User: mod})
	q, err := s.app.CrisisQueue(asMod)
	if err != nil || len(q) != 1 {
		t.Fatalf("one flag: %+v %v", q, err)
	}
	for _, action := range []string{"acknowledge", app.FlagRight, "resolve"} {
		if _, err := s.app.ActOnFlag(asMod, q[0].ID, action, "Reached out."); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	ctx := signedInPhone(t, s.base, "bo@example.org", "cobalt river stone")
	st := steps{t}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"A moderator marked a crisis flag about you as acknowledged", "A moderator reviewed a crisis flag about you: it was a crisis",
			"A moderator marked a crisis flag about you as resolved"}},
		{"es", []string{"Un moderador marcó una alerta de crisis sobre ti como: atendida", "Un moderador revisó una alerta de crisis sobre ti: sí era una crisis",
			"Un moderador marcó una alerta de crisis sobre ti como: resuelta"}},
	} {
		if c.lang == "es" {
			st.do(ctx, "Spanish", chromedp.Navigate(s.base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(ctx, c.lang+" privacy log", chromedp.Navigate(s.base+"/settings/privacy"), chromedp.WaitVisible(css(`#audit-h`)))
		log := st.text(ctx, `section[aria-labelledby="audit-h"]`)
		for _, w := range c.want {
			if !strings.Contains(log, w) {
				t.Errorf("%s: the privacy log lacks %q:\n%s", c.lang, w, log)
			}
		}
		for _, code := range []string{"as acknowledged\n", ": right", ": resolved", ": acknowledged"} {
			if c.lang == "es" && strings.Contains(log, code) {
				t.Errorf("es: the privacy log shows the code %q:\n%s", code, log)
			}
		}
		shot(t, ctx, "privacy-crisis-words-"+c.lang+".png")
	}
}
