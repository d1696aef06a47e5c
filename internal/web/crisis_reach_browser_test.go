package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserModeratorMessagesFlaggedPerson: on a phone, a moderator reads
// Bo's words of crisis in the queue and presses "Message Bo" (Bo is
// connected to nobody); Ash blocked the moderator, and her item says so
// instead of offering the button. The moderator writes; Bo, who reads
// Kinship in Spanish, finds it among his conversations, not his requests,
// marked as from a moderator of the community.
func TestBrowserModeratorMessagesFlaggedPerson(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	ash, bo, mod, ctx := moderatorOnPhone(t, s)
	asBo := app.WithActor(context.Background(), &app.Actor{User: bo})
	asAsh := app.WithActor(context.Background(), &app.Actor{User: ash})
	if err := s.app.BlockMember(asAsh, mod.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.app.SetLanguage(asBo, "es"); err != nil {
		t.Fatal(err)
	}
	for _, as := range []context.Context{asBo, asAsh} {
		if _, err := s.app.CreatePost(as, app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"}); err != nil {
			t.Fatal(err)
		}
	}

	st := steps{t}
	type css = chromedp.CSS
	st.do(ctx, "open the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#flags`)))
	items := eval[[]string](t, ctx, "read the items", `Array.from(document.querySelectorAll('#flags > li')).map(li => li.innerText)`)
	var boItem, ashItem string
	for _, it := range items {
		switch {
		case strings.HasPrefix(it, "Bo"):
			boItem = it
		case strings.HasPrefix(it, "Ash"):
			ashItem = it
		}
	}
	if !strings.Contains(boItem, "Message Bo") {
		t.Errorf("Bo's item offers no way to reach him:\n%s", boItem)
	}
	if !strings.Contains(ashItem, "Ash has blocked you, so you cannot message them. Another moderator can.") || strings.Contains(ashItem, "Message Ash") {
		t.Errorf("Ash's item should say plainly that she blocked the moderator, with no button:\n%s", ashItem)
	}
	shotHere(t, ctx, "#flags", "queue-crisis-message-person.png")
	shotHere(t, ctx, "#flags > li:last-child", "queue-crisis-person-blocked-you.png")

	st.do(ctx, "message Bo", chromedp.Click(css(`#flags form[action$="/message"] button`)), chromedp.WaitVisible(css(`#composer, .error-summary`)))
	if h := st.text(ctx, `main h1`); h != "Messages with Bo" {
		t.Fatalf("\"Message Bo\" led to %q", h)
	}
	st.do(ctx, "write to him", chromedp.WaitVisible(css(`#chat[data-live="yes"]`)),
		chromedp.SendKeys(css(`#f-body`), "Hi Bo, I'm one of the moderators here. I read your story; would you like to talk?"),
		chromedp.Click(css(`#composer button[type=submit]`)), chromedp.WaitVisible(css(`#chat-log li`)))
	shot(t, ctx, "crisis-message-moderator-wrote.png")

	boCtx := signedInPhone(t, s.base, "bo@example.org", "cobalt river stone")
	st.do(boCtx, "his messages", chromedp.Navigate(s.base+"/messages"), chromedp.WaitReady(css(`main`)))
	inbox := st.text(boCtx, `main`)
	if !strings.Contains(inbox, "Mod modera esta comunidad") || strings.Contains(inbox, "Solicitudes") {
		t.Fatalf("the moderator's message should be among Bo's conversations, marked as from a moderator:\n%s", inbox)
	}
	shot(t, boCtx, "crisis-message-inbox-es.png")
	st.do(boCtx, "open it", chromedp.Click(css(`main a[href^="/messages/"]`)), chromedp.WaitVisible(css(`#chat-log li`)))
	if s := st.text(boCtx, `main`); !strings.Contains(s, "Mod modera esta comunidad.") || !strings.Contains(s, "would you like to talk?") {
		t.Fatalf("Bo reads:\n%s", s)
	}
	shot(t, boCtx, "crisis-message-thread-es.png")
}
