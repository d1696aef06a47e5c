package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserCrisisReportedAgainAfterNotACrisis: on a phone, a moderator
// in Chicago marks a post's flag "Not a crisis"; a member then reports the
// post as a crisis, and the moderator's queue holds one flag for it that
// reads who marked it not a crisis and when, in Chicago time, and that a
// member reported it again. Screenshot queue-crisis-reported-again.png.
func TestBrowserCrisisReportedAgainAfterNotACrisis(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	ash, bo, mod, ctx := moderatorOnPhone(t, s)
	asMod := app.WithActor(context.Background(), &app.Actor{User: mod})
	if _, err := s.app.UpdateMe(asMod, func(p *model.Profile) { p.TimeZone = "America/Chicago" }); err != nil {
		t.Fatal(err)
	}
	words := "honestly everyone would be better off without me"
	p, err := s.app.CreatePost(app.WithActor(context.Background(), &app.Actor{User: bo}), app.PostInput{Kind: "story", Title: "Tonight", Body: words})
	if err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	st.do(ctx, "open the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(chromedp.CSS(`#queue-count`)))
	st.do(ctx, "mark it not a crisis", chromedp.Click(chromedp.CSS(`#flags > li form.verdict button[value=not_crisis]`)))
	// The queue comes back after the answer; it is read for ten seconds at most.
	var got string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		// (A read while the page is being replaced fails; it is read again.)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('#flags > li') || {innerText: ""}).innerText`))
		if got = v; err == nil && strings.Contains(got, "You marked this not a crisis.") {
			break
		}
	}
	if !strings.Contains(got, "You marked this not a crisis.") {
		t.Fatalf("the flag should read as marked not a crisis:\n%s", got)
	}

	if _, err := s.app.Report(app.WithActor(context.Background(), &app.Actor{User: ash}), app.ReportInput{TargetType: "post", TargetID: p.ID, Reason: "crisis"}); err != nil {
		t.Fatal(err)
	}
	q, err := s.app.CrisisQueue(asMod)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 || q[0].Earlier == nil || q[0].Earlier.VerdictAt == nil {
		t.Fatalf("one flag raised again, naming the one marked not a crisis: %+v", q)
	}
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	want := "Marked not a crisis by you at " + i18n.For("en").When(q[0].Earlier.VerdictAt.Time, chicago, s.app.Now()) + "; reported again by a member."

	st.do(ctx, "open the queue again", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(chromedp.CSS(`#queue-count`)))
	if got := st.text(ctx, "#queue-count"); !strings.HasPrefix(got, "1 open flag") {
		t.Fatalf("the queue's count reads %q", got)
	}
	items := eval[[]string](t, ctx, "read the items", `Array.from(document.querySelectorAll('#flags > li')).map(li => li.innerText)`)
	if len(items) != 1 {
		t.Fatalf("one item for the post, got %q", items)
	}
	it := items[0]
	for _, w := range []string{words, "reported as a crisis by a member", want} {
		if !strings.Contains(it, w) {
			t.Errorf("the item should read %q:\n%s", w, it)
		}
	}
	// The week's figures: the check raised it and was marked wrong; the
	// member's report of it is no crisis the check missed.
	weeks := st.text(ctx, "#safety-weeks")
	for _, w := range []string{"Raised\n1", "Not a crisis\n1", "Missed\n0"} {
		if !strings.Contains(weeks, w) {
			t.Errorf("the week's figures should read %q:\n%s", w, weeks)
		}
	}
	shotHere(t, ctx, "#flags", "queue-crisis-reported-again.png")
}
