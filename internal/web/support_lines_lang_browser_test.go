package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSupportLineLanguageOnce: on the support page each line says
// the languages it answers in once. Mexico's Línea de la Vida read
// "Atiende en: español [En español]" and its description "…, en español":
// a reader of Spanish now sees the badge alone, a reader of English
// "Answers in: Spanish" alone; Canada's 9-8-8 names English and French
// once, in English and in Spanish.
func TestBrowserSupportLineLanguageOnce(t *testing.T) {
	for _, c := range []struct {
		lang    string
		country string
		line    string
		once    []string // each on the line's card exactly once
		badge   string
	}{
		{"es", "MX", "Línea de la Vida", []string{"español"}, "En español"},
		{"en", "MX", "Línea de la Vida", []string{"Spanish"}, ""},
		{"es", "CA", "9-8-8", []string{"inglés", "francés"}, ""},
		{"en", "CA", "9-8-8", []string{"English", "French"}, ""},
		{"es", "US", "988", []string{"inglés", "atiende en"}, "En español"},
	} {
		t.Run(c.lang+"-"+c.country, func(t *testing.T) {
			base, a, asAsh, ashCtx, _ := partnersOnPhones(t)
			if err := a.SetLanguage(asAsh, c.lang); err != nil {
				t.Fatal(err)
			}
			st := steps{t}
			st.do(ashCtx, "open the support page", chromedp.Navigate(base+"/support?country="+c.country), chromedp.WaitVisible(chromedp.CSS(`ul.helplines`)))
			cards := eval[[]string](t, ashCtx, "the lines", `[...document.querySelectorAll('ul.helplines > li')].map(li => li.innerText)`)
			var card string
			for _, s := range cards {
				if strings.HasPrefix(s, c.line) {
					card = s
				}
			}
			if card == "" {
				t.Fatalf("no line %q among %q", c.line, cards)
			}
			for _, w := range c.once {
				if n := strings.Count(strings.ToLower(card), strings.ToLower(w)); n != 1 {
					t.Errorf("%q is on the line's card %d times:\n%s", w, n, card)
				}
			}
			badge := eval[string](t, ashCtx, "the badge", `[...document.querySelectorAll('ul.helplines > li')].filter(li => li.innerText.startsWith(`+"`"+c.line+"`"+`)).map(li => (li.querySelector('.badge') || {}).textContent || '').join('')`)
			if badge != c.badge {
				t.Errorf("the line's badge reads %q, want %q", badge, c.badge)
			}
			shot(t, ashCtx, "support-line-languages-"+c.lang+"-"+c.country+".png")
		})
	}
}
