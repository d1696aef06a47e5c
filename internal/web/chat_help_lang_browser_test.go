package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserChatCrisisHelpInReadersLanguage: Ana reads Kinship in
// Spanish and writes words of crisis in her group's chat. The help that
// appears beside the composer is in Spanish, as the rest of her page: the
// socket's answer carried the app's English note ("What you wrote sounds
// really hard, and you matter.", "Call 911") under a Spanish "Más ayuda".
func TestBrowserChatCrisisHelpInReadersLanguage(t *testing.T) {
	base, a := startServer(t)
	fran := account(t, a, "fran@example.org", "harbor light evening", "Fran", model.RoleMember)
	withMFA(t, a, fran)
	ana := account(t, a, "ana@example.org", "amber meadow trail", "Ana", model.RoleMember)
	as := func(u *model.User) context.Context { return app.WithActor(context.Background(), &app.Actor{User: u}) }
	name, desc, guide, vis := "Noches", "Hablamos cuando los niños duermen.", "Lo que se comparte aquí se queda aquí.", "listed"
	g, err := a.CreateGroup(as(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.JoinGroup(as(ana), g.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMe(as(ana), func(p *model.Profile) { p.Country = "United States" }); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLanguage(as(ana), "es"); err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	ctx := signedInPhone(t, base, "ana@example.org", "amber meadow trail")
	do(ctx, "open the group's chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)),
		chromedp.SendKeys(css(`#f-body`), "Ya no quiero seguir viviendo. Esta noche voy a terminar con todo."),
		chromedp.Click(css(`#composer button[type=submit]`)), chromedp.WaitVisible(css(`#chat-help a[href="tel:911"]`)))
	line := text(ctx, `#chat-help .help-line`)
	for _, want := range []string{"Lo que escribiste suena muy difícil, y tú importas.", "Llamar al 911", "Llamar al 988"} {
		if !strings.Contains(line, want) {
			t.Fatalf("the help's first line lacks %q: %q", want, line)
		}
	}
	do(ctx, "more help", chromedp.Click(css(`#chat-help summary`)), chromedp.WaitVisible(css(`#chat-help form[action="/support/now"]`)))
	help := text(ctx, `#chat-help`)
	for _, want := range []string{"Si estás en peligro ahora, llama al número de emergencias.", "Enviar AYUDA por mensaje de texto al 988", "Enviar HOME por mensaje de texto al 741741"} {
		if !strings.Contains(help, want) {
			t.Fatalf("Más ayuda lacks %q: %q", want, help)
		}
	}
	for _, english := range []string{"sounds really hard", "Call ", "Text HOME", "Text 988"} {
		if strings.Contains(help, english) {
			t.Fatalf("Más ayuda still says %q in English: %q", english, help)
		}
	}
	shot(t, ctx, "chat-crisis-help-es.png")
}
