package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserChatOfAGroupYouLeftSaysWhy walks walk5's removed member:
// Lucía, removed from Fay's group, opened its conversation from her
// notification and read "Hay un problema: No encontramos ese grupo", as if
// the group were gone. On a phone, the conversation's address takes her
// (in Spanish) and Ravi, still waiting to be let in (in English), to the
// group's page, which says where each stands.
func TestBrowserChatOfAGroupYouLeftSaysWhy(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	g, asFay, _ := faysGroupOf(t, a, "Parents in recovery", "A circle for parents.", "private")
	askedAndRemoved(t, a, g, asFay)
	for _, c := range []struct{ email, pw, lang, want, sel string }{
		{"lucia@example.org", "amber meadow trail", "es", "Una persona facilitadora te quitó de este grupo", `#removed-note`},
		{"ravi@example.org", "cobalt river stone", "en", "Your request to join is waiting for a facilitator.", `main .notice`},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st := steps{t}
		st.do(tab, c.lang+" opens the conversation", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(c.sel)))
		loc, err := chromedp.Run(tab, chromedp.Location())
		if err != nil || !strings.HasSuffix(loc, "/groups/"+g.ID) {
			t.Errorf("%s: the conversation's address led to %q (%v), want the group's page", c.lang, loc, err)
		}
		if got := st.text(tab, c.sel); !strings.Contains(got, c.want) {
			t.Errorf("%s reads %q, want %q", c.lang, got, c.want)
		}
		if page := st.text(tab, `main`); strings.Contains(page, "No encontramos") || strings.Contains(page, "not find") {
			t.Errorf("%s still reads that the group was not found:\n%s", c.lang, page)
		}
		shot(t, tab, "chat-outside-"+c.lang+".png")
	}
}
