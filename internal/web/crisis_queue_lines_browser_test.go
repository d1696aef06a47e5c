package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// walk4: Mo, a moderator in London, read Lucía's words of crisis (she is
// in Mexico) and pressed "Message Lucía" with nothing on the item to say
// that the only lines on his screen, at its foot, were the UK's. The item
// now says, in the moderator's language, that the person was shown their
// own country's lines and that the moderator's emergency number may not
// reach them. Once acknowledged, the item offers Resolve, not Acknowledge
// again.
func TestBrowserCrisisItemSaysWhoseLinesWereShown(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	_, bo, mod, ctx := moderatorOnPhone(t, s)
	asBo := app.WithActor(context.Background(), &app.Actor{User: bo})
	if _, err := s.app.CreatePost(asBo, app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	st.do(ctx, "open the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#flags`)))
	item := st.text(ctx, `#flags > li`)
	if !strings.Contains(item, "Bo was shown the crisis lines of their own country beside what they wrote. "+
		"Your emergency number may not reach them: if they are in danger, ask where they are before you give one.") {
		t.Errorf("Bo's item reads:\n%s", item)
	}
	st.do(ctx, "acknowledge", chromedp.SendKeys(css(`#flags input[name=note]`), "Writing to Bo"),
		chromedp.Click(css(`#flags button[value=acknowledge]`)), chromedp.WaitVisible(css(`.notice`)))
	buttons := eval[[]string](t, ctx, "the item's buttons", `Array.from(document.querySelectorAll('#flags > li button')).map(b => b.innerText.trim())`)
	if strings.Contains(strings.Join(buttons, "|"), "Acknowledge") || !strings.Contains(strings.Join(buttons, "|"), "Resolve") {
		t.Errorf("the acknowledged item offers %q", buttons)
	}
	shotHere(t, ctx, "#flags", "queue-crisis-their-lines-en.png")

	if err := s.app.SetLanguage(app.WithActor(context.Background(), &app.Actor{User: mod}), "es"); err != nil {
		t.Fatal(err)
	}
	st.do(ctx, "the queue in Spanish", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#flags`)))
	if item := st.text(ctx, `#flags > li`); !strings.Contains(item, "A Bo se le mostraron las líneas de crisis de su propio país junto a lo que escribió. "+
		"Tu número de emergencias puede no llegarle: si corre peligro, pregúntale dónde está antes de darle uno.") {
		t.Errorf("in Spanish Bo's item reads:\n%s", item)
	}
	shotHere(t, ctx, "#flags", "queue-crisis-their-lines-es.png")
}
