package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
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
	ctx := context.Background()
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	fay := account(t, a, "fay@example.org", "quiet harbor willow", "Fay", model.RoleMember)
	withMFA(t, a, fay)
	asFay := app.WithActor(ctx, &app.Actor{User: fay})
	name, desc, vis := "Parents in recovery", "A circle for parents.", "private"
	g, err := a.CreateGroup(asFay, app.GroupInput{Name: &name, Description: &desc, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	ravi := account(t, a, "ravi@example.org", "cobalt river stone", "Ravi", model.RoleMember)
	if _, err := a.JoinGroup(app.WithActor(ctx, &app.Actor{User: ravi}), g.ID, true); err != nil {
		t.Fatal(err)
	}
	lu := account(t, a, "lucia@example.org", "amber meadow trail", "Lucía", model.RoleMember)
	asLu := app.WithActor(ctx, &app.Actor{User: lu})
	if err := a.SetLanguage(asLu, "es"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.JoinGroup(asLu, g.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, act := range []string{"approve", "remove"} {
		if err := a.ManageGroupMember(asFay, g.ID, lu.ID, app.ManageMember{Action: act, Reason: "Off-topic posts after two reminders"}); err != nil {
			t.Fatal(err)
		}
	}
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
