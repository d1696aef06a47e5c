package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSupportCurrentCallNotEarlier: Ash closed a call for support
// before and now raises another. The page shows the new one as the current
// call, in its box, and lists under "Your earlier calls" only the one she
// closed, in English and in Spanish.
func TestBrowserSupportCurrentCallNotEarlier(t *testing.T) {
	for _, c := range []struct{ lang, earlier, open, closed, shot string }{
		{"en", "Your earlier calls", "open", "resolved: I am fine now", "support-current-en.png"},
		{"es", "Tus llamadas anteriores", "abierta", "cerrada: I am fine now", "support-current-es.png"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			base, a, asAsh, ashCtx, _ := partnersOnPhones(t)
			if err := a.SetLanguage(asAsh, c.lang); err != nil {
				t.Fatal(err)
			}
			before, err := a.RequestSupport(asAsh)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.ResolveAlert(asAsh, before.ID, "I am fine now"); err != nil {
				t.Fatal(err)
			}
			st := steps{t}
			type css = chromedp.CSS
			st.do(ashCtx, "open the support page", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`form.support-now button`)))
			st.do(ashCtx, "press the button", chromedp.Click(css(`form.support-now button`)), chromedp.WaitVisible(css(`#alert-status`)))
			if n := strings.Count(st.text(ashCtx, `main`), c.earlier); n != 1 {
				t.Fatalf("%q is on the page %d times", c.earlier, n)
			}
			calls := eval[[]string](t, ashCtx, "the earlier calls", `[...document.querySelectorAll('#earlier-calls li')].map(li => li.innerText)`)
			if len(calls) != 1 || !strings.Contains(calls[0], c.closed) {
				t.Fatalf("the earlier calls read %q; want only the closed one (%q)", calls, c.closed)
			}
			for _, call := range calls {
				if strings.Contains(call, " — "+c.open) {
					t.Errorf("the current call is listed among the earlier ones: %q", calls)
				}
			}
			shot(t, ashCtx, c.shot)
		})
	}
}
