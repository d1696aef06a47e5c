package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserChatPutDownIsNotTheWritersDistress: in a group's chat on a
// phone, Ana (Madrid, Spanish) tells Tomás to stop crying, that everyone
// there has worse problems than his, and Tomás (Phoenix, English) answers
// her in kind. A harsh word about someone else's tears and problems is not
// its writer's distress (walk13 W13-4): each reads their message in the
// chat and nothing beside the composer ("Parece que hoy es un día
// difícil. Llamar al 112" was what Ana read), and the moderators' crisis
// queue stays empty. Ana's next line, her own plan in the same shape,
// still brings her the help, and the moderators an item. Screenshot
// chat-put-down-es.png.
func TestBrowserChatPutDownIsNotTheWritersDistress(t *testing.T) {
	base, a := startServer(t)
	ms := [2]member{{"ana@example.org", "amber meadow trail", "Ana", "ES", "Europe/Madrid", "es"},
		{"tomas@example.org", "cobalt river stone", "Tomás", "US", "America/Phoenix", "en"}}
	_, g, queue := twoInAGroup(t, a, ms, "Noches", "Hablamos cuando los niños duermen.")
	st := steps{t}
	say := func(ctx context.Context, who, body string) string { return chatSay(t, ctx, who, body) }
	tabs := inTheChat(t, base, g, ms)
	anaTab, tomasTab := tabs[0], tabs[1]
	if help := say(anaTab, "Ana", "Tomás, deja de llorar, aquí todos tenemos problemas peores que los tuyos."); help != "" {
		t.Fatalf("Ana's words about Tomás's tears brought her help beside the composer: %q", help)
	}
	if help := say(tomasTab, "Tomás", "Ana, stop crying, we all have worse problems than yours here."); help != "" {
		t.Fatalf("Tomás's words about Ana's tears brought him help beside the composer: %q", help)
	}
	for _, w := range []string{"Ana", "Tomás, deja de llorar, aquí todos tenemos problemas peores que los tuyos.",
		"Tomás", "Ana, stop crying, we all have worse problems than yours here."} {
		if log := st.text(anaTab, `#chat-log`); !strings.Contains(log, w) {
			t.Fatalf("Ana's chat should read %q:\n%s", w, log)
		}
	}
	for _, w := range []string{"Parece que hoy es un día difícil", "Llamar al 112", "Más ayuda"} {
		if page := st.text(anaTab, `#chat`); strings.Contains(page, w) {
			t.Fatalf("Ana's chat reads %q:\n%s", w, page)
		}
	}
	if n := queue(); n != 0 {
		t.Fatalf("the two put-downs made %d crisis-queue items, want none", n)
	}
	shot(t, anaTab, "chat-put-down-es.png")

	// Her own plan, in the same shape, brings her the crisis help and the
	// moderators an item.
	help := say(anaTab, "Ana", "Tomás, deja de llorar por mí: ya tengo las pastillas y esta noche me despido.")
	for _, w := range []string{"Lo que escribiste suena muy difícil, y tú importas.", "Llamar al 112"} {
		if !strings.Contains(help, w) {
			t.Fatalf("Ana's own plan should bring her help reading %q: %q", w, help)
		}
	}
	if n := queue(); n != 1 {
		t.Fatalf("Ana's own plan made %d crisis-queue items, want 1", n)
	}
}

// member is a person of a chat test: sign-in, name, and where they live.
type member struct{ email, password, name, country, zone, lang string }

// twoInAGroup makes a listed group that Fran facilitates, with the two
// members in it, and returns them, the group and a count of the items in
// the moderators' crisis queue.
func twoInAGroup(t *testing.T, a *app.App, ms [2]member, name, desc string) ([2]*model.User, *app.GroupView, func() int) {
	t.Helper()
	fran := account(t, a, "fran@example.org", "harbor light evening", "Fran", model.RoleMember)
	withMFA(t, a, fran)
	mod := account(t, a, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator)
	withMFA(t, a, mod)
	var us [2]*model.User
	for i, m := range ms {
		us[i] = account(t, a, m.email, m.password, m.name, model.RoleMember)
		livesIn(t, a, us[i], m.country, m.zone, m.lang)
	}
	as := func(u *model.User) context.Context { return app.WithActor(context.Background(), &app.Actor{User: u}) }
	guide, vis := "Lo que se comparte aquí se queda aquí.", "listed"
	g, err := a.CreateGroup(as(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	queue := func() int {
		t.Helper()
		q, err := a.CrisisQueue(as(mod))
		if err != nil {
			t.Fatal(err)
		}
		return len(q)
	}
	return us, g, queue
}

// chatSay sends body from the tab's composer and returns, once the
// message reads in the chat's log, what the help beside the composer
// reads. The author's safety note comes with the send's answer, which may
// arrive after the message drawn from the group's broadcast: the help is
// read when it shows, or two seconds after the message.
func chatSay(t *testing.T, ctx context.Context, who, body string) string {
	t.Helper()
	steps{t}.do(ctx, who+" writes", chromedp.SendKeys(chromedp.CSS(`#f-body`), body), chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)))
	q, _ := json.Marshal(body)
	return eval[string](t, ctx, who+"'s message in the chat", `new Promise(done => { let seen = 0; const f = () => {
		const help = document.getElementById("chat-help").innerText.trim();
		if (!seen && document.getElementById("chat-log").innerText.includes(`+string(q)+`)) { seen = Date.now(); }
		if (seen && (help || Date.now() - seen > 2000)) { done(help); } else { setTimeout(f, 50); } }; f(); })`)
}

// inTheChat signs each member in on a phone and opens the group's chat,
// live, in their tab.
func inTheChat(t *testing.T, base string, g *app.GroupView, ms [2]member) [2]context.Context {
	t.Helper()
	var tabs [2]context.Context
	for i, m := range ms {
		tabs[i] = signedInPhone(t, base, m.email, m.password)
		steps{t}.do(tabs[i], "open the group's chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(chromedp.CSS(`#chat[data-live="yes"]`)))
	}
	return tabs
}
