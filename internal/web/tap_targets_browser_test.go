package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// walk4: on a member's page at 390 px, "Block Ash" (a button drawn as a
// link) was a 131x25 px target and "Report Ash" (a disclosure) 358x25.
// Every link-drawn button and every disclosure on the member page and the
// partners page ("End this partnership", "What Ash sees of you") is now
// at least 44 px tall, in English and in Spanish, where the words differ.
func TestBrowserLinkButtonsAndDisclosuresAre44Tall(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	asBo := app.WithActor(context.Background(), &app.Actor{User: bo})
	partnered(t, a, bo, ash)
	ctx := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	st := steps{t}
	type css = chromedp.CSS
	const small = `Array.from(document.querySelectorAll('main button.link, main details > summary'))
		.map(e => [e.innerText.trim(), e.getBoundingClientRect()]).filter(([, r]) => r.width > 0)
		.map(([text, r]) => text + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) + (r.height < 44 ? ' SMALL' : ''))`
	for _, lang := range []string{"en", "es"} {
		if err := a.SetLanguage(asBo, lang); err != nil {
			t.Fatal(err)
		}
		for _, page := range []struct{ path, shot string }{{"/members/" + ash.ID, "member-tap-targets-"}, {"/partners", "partners-tap-targets-"}} {
			st.do(ctx, lang+" "+page.path, chromedp.Navigate(base+page.path), chromedp.WaitVisible(css(`main h1`)))
			got := eval[[]string](t, ctx, "measure "+page.path, small)
			if len(got) == 0 {
				t.Fatalf("%s %s: no link-drawn button or disclosure found", lang, page.path)
			}
			if all := strings.Join(got, "; "); strings.Contains(all, "SMALL") {
				t.Errorf("%s %s: targets under 44 px tall: %s", lang, page.path, all)
			}
			shot(t, ctx, page.shot+lang+".png")
		}
	}
}
