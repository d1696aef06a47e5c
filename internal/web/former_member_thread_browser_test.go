package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserThreadWithAFormerMember: Bo deleted his account, which erased
// his direct-message thread with Ash whole, her words too. On her phone, in
// English and in Spanish, her Messages list keeps the thread as with "a
// former member", and the thread shows her message, none of his, and says
// no new message can be sent in place of the message box.
func TestBrowserThreadWithAFormerMember(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	ash, bo := cast(t, a)
	asAsh := app.WithActor(context.Background(), &app.Actor{User: ash})
	asBo := app.WithActor(context.Background(), &app.Actor{User: bo})
	c, err := a.RequestConnection(asBo, ash.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AcceptConnection(asAsh, c.ID); err != nil {
		t.Fatal(err)
	}
	th, _, err := a.StartThread(asBo, ash.ID, "b1", "Bo's words about his week")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.SendMessage(asAsh, th.ID, "a1", "Ash's answer, hers to keep"); err != nil {
		t.Fatal(err)
	}
	in, err := a.Login(context.Background(), app.LoginInput{Email: "bo@example.org", Password: "cobalt river stone"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteMe(app.WithActor(context.Background(), &app.Actor{User: in.User, Session: in.Session}), "", ""); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	for _, c := range []struct{ lang, listed, heading, note string }{
		{"en", "A former member", "Messages with a former member", "This person has left Kinship. Your own messages stay here for you to read"},
		{"es", "Un exmiembro", "Mensajes con un exmiembro", "Esta persona ya no está en Kinship. Tus mensajes se quedan aquí para que los leas"},
	} {
		if c.lang == "es" {
			st.do(tab, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(tab, c.lang+" messages", chromedp.Navigate(base+"/messages"), chromedp.WaitVisible(css(`main h1`)))
		if got := st.text(tab, `main`); !strings.Contains(got, c.listed) || strings.Contains(got, "Bo") {
			t.Errorf("%s: Ash's Messages list reads:\n%s", c.lang, got)
		}
		shot(t, tab, "former-member-inbox-"+c.lang+".png")
		st.do(tab, c.lang+" thread", chromedp.Click(css(`a[href="/messages/`+th.ID+`"]`)), chromedp.WaitVisible(css(`#chat-log`)))
		main := st.text(tab, `main`)
		for _, want := range []string{c.heading, "Ash's answer, hers to keep", c.note} {
			if !strings.Contains(main, want) {
				t.Errorf("%s: the thread does not read %q:\n%s", c.lang, want, main)
			}
		}
		if strings.Contains(main, "Bo's words") {
			t.Errorf("%s: Bo's words are still shown:\n%s", c.lang, main)
		}
		if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('#composer').length`)); n != 0 {
			t.Errorf("%s: the thread still offers a message box", c.lang)
		}
		shot(t, tab, "former-member-thread-"+c.lang+".png")
	}
}
