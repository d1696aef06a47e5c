package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserCrisisVerdictShowsYourChoice: on a phone, the moderator who
// judged the safety check read "A moderator marked the check right", as if
// someone else had, and the two answers looked the same whichever was
// given. Now the page says "You marked the check right", the answer given
// is a pressed button (aria-pressed), and pressing the other changes it;
// the same in Spanish.
func TestBrowserCrisisVerdictShowsYourChoice(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	_, bo, _, ctx := moderatorOnPhone(t, s)
	if _, err := s.app.CreatePost(asUser(bo), app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	// pressed reads the item's verdict words and which answer is pressed.
	pressed := func() (words, right, notCrisis string) {
		t.Helper()
		v := eval[[]string](t, ctx, "read the verdict", `(() => { const f = document.querySelector('#flags > li form.verdict');
			return [f.querySelector('p').innerText, f.querySelector('button[value=right]').getAttribute('aria-pressed'),
				f.querySelector('button[value=not_crisis]').getAttribute('aria-pressed')]; })()`)
		return v[0], v[1], v[2]
	}
	// answer presses the button of value and waits for the page it leads to.
	answer := func(value, want string) {
		t.Helper()
		eval[string](t, ctx, "mark the page", `document.body.dataset.before = "yes"`)
		st.do(ctx, "answer "+value, chromedp.Click(css(`#flags > li form.verdict button[value=`+value+`]`)))
		st.until(ctx, "the queue after "+value, `document.readyState === 'complete' && !document.body.dataset.before && !!document.querySelector('#flags > li form.verdict')`)
		if words, _, _ := pressed(); words != want {
			t.Errorf("after %s the item reads %q, want %q", value, words, want)
		}
	}

	st.do(ctx, "open the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#flags form.verdict`)))
	if words, right, notCrisis := pressed(); words != "Was the check right? Your answer helps measure it." || right != "false" || notCrisis != "false" {
		t.Errorf("before an answer: %q, right pressed %s, not a crisis pressed %s", words, right, notCrisis)
	}
	answer("right", "You marked the check right. To change it, press the other answer.")
	if _, right, notCrisis := pressed(); right != "true" || notCrisis != "false" {
		t.Errorf("after right: right pressed %s, not a crisis pressed %s", right, notCrisis)
	}
	shotHere(t, ctx, "#flags", "crisis-verdict-yours-en.png")
	answer("not_crisis", "You marked this not a crisis. To change it, press the other answer.")
	if _, right, notCrisis := pressed(); right != "false" || notCrisis != "true" {
		t.Errorf("after not a crisis: right pressed %s, not a crisis pressed %s", right, notCrisis)
	}

	st.spanish(ctx, s.base)
	st.do(ctx, "the queue in Spanish", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#flags form.verdict`)))
	if words, right, notCrisis := pressed(); words != "Marcaste que esto no es una crisis. Para cambiarla, presiona la otra respuesta." || right != "false" || notCrisis != "true" {
		t.Errorf("es: %q, right pressed %s, not a crisis pressed %s", words, right, notCrisis)
	}
	answer("right", "Marcaste que la revisión acertó. Para cambiarla, presiona la otra respuesta.")
	shotHere(t, ctx, "#flags", "crisis-verdict-yours-es.png")
}
