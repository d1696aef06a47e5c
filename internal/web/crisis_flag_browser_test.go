package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserCrisisFlagSaysHowRaisedAndChanged: on a phone, a moderator
// reads one flag for a post the check raised and a member reported, with
// the risks the check read and "reported as a crisis by a member", and the
// flag of a check-in note rewritten into calm words with its words of
// crisis and "changed since: the newest words raise no flag", the calm
// words nowhere.
func TestBrowserCrisisFlagSaysHowRaisedAndChanged(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	ash, bo, _, ctx := moderatorOnPhone(t, s)
	asBo := app.WithActor(context.Background(), &app.Actor{User: bo})
	asAsh := app.WithActor(context.Background(), &app.Actor{User: ash})
	p, err := s.app.CreatePost(asBo, app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.Report(asAsh, app.ReportInput{TargetType: "post", TargetID: p.ID, Reason: "crisis"}); err != nil {
		t.Fatal(err)
	}
	pills, calm := "I have been saving up my pills and tonight I will take them all", "Made dinner with my sister and we watched a film"
	for _, note := range []string{pills, calm} {
		if _, _, err := s.app.RecordCheckin(asBo, app.CheckinInput{Mood: 2, Craving: 2, Note: note}); err != nil {
			t.Fatal(err)
		}
	}

	st := steps{t}
	st.do(ctx, "open the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(chromedp.CSS(`#queue-count`)))
	if got := st.text(ctx, "#queue-count"); !strings.HasPrefix(got, "2 open flags") {
		t.Fatalf("the queue's count reads %q", got)
	}
	items := eval[[]string](t, ctx, "read the items", `Array.from(document.querySelectorAll('#flags > li')).map(li => li.innerText)`)
	var post, note string
	for _, it := range items {
		switch {
		case strings.Contains(it, "better off without me"):
			post = it
		case strings.Contains(it, "saving up my pills"):
			note = it
		}
	}
	if !strings.Contains(post, "thoughts of suicide") || !strings.Contains(post, "reported as a crisis by a member") || strings.Contains(post, "changed since") {
		t.Errorf("the post's one flag should name the check's risks and the report:\n%s", post)
	}
	if !strings.Contains(note, "changed since: the newest words raise no flag") || strings.Contains(note, "reported as a crisis") {
		t.Errorf("the check-in note's flag should say it changed:\n%s", note)
	}
	if all := strings.Join(items, "\n"); strings.Contains(all, "Made dinner") || len(items) != 2 {
		t.Errorf("two items, the calm words in neither:\n%s", all)
	}
	shotHere(t, ctx, "#flags", "queue-crisis-reported-and-changed.png")
}
