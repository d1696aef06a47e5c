package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserChatLabelGetsAWordOnWords: in a group's chat on a phone,
// Valentina (Bogotá, Spanish) calls Arjun a drogadicto, and Arjun
// (Kolkata, English) answers that she is just a junkie. A put-down by a
// label of someone's substance use is no risk (no lines, no crisis-queue
// item), but its writer reads, beside the composer and in their own
// language, a word on how such a label lands (walk15 W15-9: Valentina's
// line passed with nothing). Valentina speaking of herself with the same
// word gets nothing. Screenshot chat-label-es.png.
func TestBrowserChatLabelGetsAWordOnWords(t *testing.T) {
	base, a := startServer(t)
	ms := [2]member{{"valentina@example.org", "amber meadow trail", "Valentina", "CO", "America/Bogota", "es"},
		{"arjun@example.org", "cobalt river stone", "Arjun", "IN", "Asia/Kolkata", "en"}}
	us, g, queue := twoInAGroup(t, a, ms, "Mañanas", "Un café antes del trabajo.")
	st := steps{t}
	type css = chromedp.CSS
	say := func(ctx context.Context, who, body string) string { return chatSay(t, ctx, who, body) }
	tabs := inTheChat(t, base, g, ms)
	valeTab, arjunTab := tabs[0], tabs[1]
	es := "Las palabras pesan: llamar a alguien drogadicto, adicto o borracho puede alejarle de la ayuda que vino a buscar. Aquí decimos «persona en recuperación», o contamos lo que pasó."
	if help := say(valeTab, "Valentina", "Arjun, eres un drogadicto y un flojo, nadie te cree."); help != es {
		t.Fatalf("beside Valentina's composer: %q, want %q", help, es)
	}
	for _, w := range []string{"Llamar al", "Más ayuda", "Parece que hoy es un día difícil"} {
		if page := st.text(valeTab, `#chat`); strings.Contains(page, w) {
			t.Fatalf("Valentina's chat reads %q:\n%s", w, page)
		}
	}
	shot(t, valeTab, "chat-label-es.png")
	en := "Words can hurt: calling someone an addict, a junkie or a drunk can push them away from the help they came for. Here we say “person in recovery”, or say what happened."
	if help := say(arjunTab, "Arjun", "Valentina, you're just a junkie, nobody believes you."); help != en {
		t.Fatalf("beside Arjun's composer: %q, want %q", help, en)
	}
	// Both lines are in the chat as written; nothing went to the moderators.
	for _, w := range []string{"Arjun, eres un drogadicto y un flojo, nadie te cree.", "Valentina, you're just a junkie, nobody believes you."} {
		if log := st.text(arjunTab, `#chat-log`); !strings.Contains(log, w) {
			t.Fatalf("Arjun's chat should read %q:\n%s", w, log)
		}
	}
	if n := queue(); n != 0 {
		t.Fatalf("the two put-downs made %d crisis-queue items, want none", n)
	}

	// A comment's form shows the note on its own page: saved as written,
	// the word on the label, no lines and no alert, and the way back.
	post, err := a.CreatePost(app.WithActor(context.Background(), &app.Actor{User: us[0]}), app.PostInput{Kind: "story", Title: "Seis meses", Body: "Hoy cumplo seis meses y quería contarlo aquí."})
	if err != nil {
		t.Fatal(err)
	}
	st.do(arjunTab, "open Valentina's post", chromedp.Navigate(base+"/posts/"+post.ID), chromedp.WaitVisible(css(`#f-body`)))
	st.do(arjunTab, "answer it", chromedp.SendKeys(css(`#f-body`), "Valentina, you're a junkie and six months changes nothing."),
		chromedp.Submit(css(`#f-body`)), chromedp.WaitNotPresent(css(`#f-body`)), chromedp.WaitVisible(css(`main h1`)))
	page := st.text(arjunTab, `main`)
	for _, w := range []string{"Saved. And a word from us", "Saved, as you wrote it. " + en, "Continue where I was"} {
		if !strings.Contains(page, w) {
			t.Fatalf("the page after Arjun's comment should read %q:\n%s", w, page)
		}
	}
	for _, w := range []string{"Alert my people", "If someone is not breathing", "It sounds like today is hard"} {
		if strings.Contains(page, w) {
			t.Fatalf("the page after Arjun's comment reads %q:\n%s", w, page)
		}
	}
	shot(t, arjunTab, "comment-label-en.png")

	// Speaking of herself with the same word is hers to say: the help is
	// cleared, not shown again.
	st.do(valeTab, "reload the chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	if help := say(valeTab, "Valentina", "Yo me decía drogadicta a mí misma; hoy digo que soy una persona en recuperación."); help != "" {
		t.Fatalf("Valentina speaking of herself brought her %q beside the composer", help)
	}
}
