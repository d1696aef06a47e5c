package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserCrisisQueueNamesAnErasedModeratorInTheReadersWords: Kate, a
// moderator, judged the safety check on Bo's story and acknowledged it,
// then erased her account. Another moderator reading the queue in
// Spanish read "a former member marcó que la revisión acertó." and "visto
// por a former member" (the app's English name for an erased account);
// now "Un exmiembro marcó…" and "visto por un exmiembro", and in English
// "A former member marked the check right.", on a phone.
func TestBrowserCrisisQueueNamesAnErasedModeratorInTheReadersWords(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	_, bo, _, ctx := moderatorOnPhone(t, s)
	kate := account(t, s.app, "kate@example.org", "steady lantern cove", "Kate", model.RoleModerator)
	withMFA(t, s.app, kate)
	if _, err := s.app.CreatePost(asUser(bo), app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"}); err != nil {
		t.Fatal(err)
	}
	q, err := s.app.CrisisQueue(asUser(kate))
	if err != nil || len(q) != 1 {
		t.Fatalf("the queue: %+v %v", q, err)
	}
	for _, action := range []string{app.FlagRight, "acknowledge"} {
		if _, err := s.app.ActOnFlag(asUser(kate), q[0].ID, action, ""); err != nil {
			t.Fatalf("Kate's %s: %v", action, err)
		}
	}
	asKateJustSignedIn := app.WithActor(context.Background(), &app.Actor{User: kate, Session: &model.Session{AuthAt: s.app.Now()}})
	if err := s.app.DeleteMe(asKateJustSignedIn, "", ""); err != nil {
		t.Fatalf("Kate erases her account: %v", err)
	}
	st := steps{t}
	for _, c := range []struct{ lang, verdict, status string }{
		{"en", "A former member marked the check right.", "acknowledged by a former member"},
		{"es", "Un exmiembro marcó que la revisión acertó.", "visto por un exmiembro"},
	} {
		if c.lang == "es" {
			st.spanish(ctx, s.base)
		}
		st.do(ctx, c.lang+" crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#flags form.verdict`)))
		item := st.text(ctx, `#flags > li`)
		if !strings.Contains(item, c.verdict) || !strings.Contains(item, c.status) {
			t.Errorf("%s: the item reads:\n%s\nwant %q and %q", c.lang, item, c.verdict, c.status)
		}
		if strings.Contains(item, app.FormerMember) && c.lang == "es" {
			t.Errorf("es: the item still names Kate in English:\n%s", item)
		}
		shotHere(t, ctx, "#flags", "crisis-verdict-former-"+c.lang+".png")
	}
}
