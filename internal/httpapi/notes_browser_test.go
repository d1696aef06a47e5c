package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
	"github.com/kinshiprecovery/kinship/internal/web"
)

// TestBrowserSpanishNotifications: Rosa reads Spanish and lives in Mexico
// City; people who read English act on what she did, over an afternoon: a
// facilitator accepts her into a private group, her partner sends an
// encouragement, a moderator warns her about a post and another does not
// add the resource she suggested. On a 390x844 phone her notifications
// page reads each in Spanish, word for word as the catalog writes it with
// the names, titles and reasons its senders gave, each at the time it was
// made in Mexico City's clock written the Spanish way, and axe finds
// nothing wrong. Ben, who reads English, reads his in English. Then a
// visitor whose browser asks for English opens the page of an invitation
// chosen in Spanish and reads it in Spanish. Screenshots
// es-notifications-kinds.png and es-invitation.png.
func TestBrowserSpanishNotifications(t *testing.T) {
	exe := testutil.ChromiumPath(t)
	axe := axeSource(t)
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	if _, err := e.app.AdminCreateUser(t.Context(), "mod@example.org", "steady moderation path", "Mod", model.RoleModerator); err != nil {
		t.Fatal(err)
	}
	modTok := e.login("mod@example.org", "steady moderation path", "")
	e.enableMFA(modTok)
	rosaID, rosaTok := e.signupLogin("rosa@example.org", goodPassword, "Rosa")
	expectStatus(t, e.do("POST", "/language", rosaTok, formBody("lang=es&next=/")), http.StatusSeeOther)
	expectStatus(t, e.do("PATCH", "/api/v1/me", rosaTok, map[string]any{"time_zone": "America/Mexico_City"}), http.StatusOK)
	_, benTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	_, lucTok := e.signupLogin("lucia@example.org", goodPassword, "Lucía")
	e.facilitator(lucTok)
	mexico, _ := time.LoadLocation("America/Mexico_City")
	es := i18n.For("es")
	// want is each notification as Rosa must read it, newest last.
	type note struct{ text, when string }
	var want []note
	made := func(text string) {
		want = append(want, note{text, es.When(e.clock.Now(), mexico, e.clock.Now())})
		e.clock.Advance(47 * time.Minute)
	}

	r := e.do("POST", "/api/v1/groups", lucTok, map[string]string{"name": "Tardes", "description": "Conversamos.", "visibility": "private"})
	expectStatus(t, r, http.StatusCreated)
	gid := r.JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", rosaTok, map[string]any{"accept_guidelines": true}), http.StatusOK)
	e.clock.Advance(3 * time.Minute)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+rosaID, lucTok, map[string]string{"action": "approve"}), http.StatusNoContent)
	made("Se aceptó tu solicitud para unirte a Tardes. Te damos la bienvenida.")

	p := e.do("POST", "/api/v1/partners", benTok, map[string]string{"user_id": rosaID})
	expectStatus(t, p, http.StatusCreated)
	made("Ben te invitó a ser compañeros de responsabilidad.")
	partnership := p.JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/partners/"+partnership+"/accept", rosaTok, nil), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/partners/"+partnership+"/encourage", benTok, map[string]string{"kind": "thinking_of_you"}), http.StatusNoContent)
	made("Ben está pensando en ti.")

	post := e.do("POST", "/api/v1/posts", rosaTok, map[string]string{"kind": "question", "title": "Primer día", "body": "¿Qué les ayudó la primera semana? Escríbanme a mi número."})
	expectStatus(t, post, http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/reports", benTok, map[string]string{"target_type": "post", "target_id": post.JSON(t)["id"].(string), "reason": "spam"}), http.StatusCreated)
	report := e.do("GET", "/api/v1/moderation/queue", modTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/moderation/reports/"+report, modTok, map[string]string{"action": "warn", "reason": "please keep phone numbers out of posts"}), http.StatusOK)
	made("Un moderador te envió una advertencia sobre una de tus publicaciones. Su motivo: please keep phone numbers out of posts. Puedes apelar si crees que es un error.")

	res := e.do("POST", "/api/v1/resources", rosaTok, map[string]any{"title": "Guía para familias", "url": "https://guia.example.org"})
	expectStatus(t, res, http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/moderation/resources/"+res.JSON(t)["id"].(string), modTok, map[string]any{"approve": false, "reason": "the link does not open"}), http.StatusNoContent)
	made("El recurso que sugeriste, “Guía para familias”, no se agregó: the link does not open")

	// Ben reads the encouragement he did not get, and the partnership he did,
	// in English.
	if notes := string(e.do("GET", "/api/v1/notifications", benTok, nil).Body); !strings.Contains(notes, "Rosa accepted: you are accountability partners now.") {
		t.Errorf("Ben's notifications: %s", notes)
	}

	ctx, stop := testutil.Browser(t, exe, 390, 844, 4*time.Minute)
	defer stop()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), call(page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}),
		call(network.SetCookie, network.SetCookieParams{Name: web.SessionCookieName(false), Value: rosaTok, URL: e.http.URL}),
		chromedp.Navigate(e.http.URL+"/notifications"), chromedp.WaitVisible(chromedp.CSS(`ul.notifications`))); err != nil {
		t.Fatal(err)
	}
	lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil || lang != "es" {
		t.Errorf(`<html lang=%q> (%v)`, lang, err)
	}
	type shown struct{ Text, When string }
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]shown](`[...document.querySelectorAll('ul.notifications > li')].map(li => ({Text: li.querySelector('p').textContent.trim(), When: li.querySelector('small').textContent.trim()}))`))
	if err != nil {
		t.Fatal(err)
	}
	// The page lists the newest first.
	if len(got) != len(want) {
		t.Fatalf("Rosa's page shows %d notifications, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[len(got)-1-i]
		if g.Text != w.text || g.When != w.when {
			t.Errorf("notification %d reads %q at %q, want %q at %q", i, g.Text, g.When, w.text, w.when)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	for _, v := range violations {
		t.Errorf("axe: %s", v)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	keepScreenshot(t, "es-notifications-kinds.png", png)

	// The page an invitation chosen in Spanish opens, for someone with no
	// account on a browser that asks for English.
	if err := chromedp.Do(ctx, call(network.ClearBrowserCookies, cdp.Empty{}),
		call(network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "en-US,en"}}),
		chromedp.Navigate(e.http.URL+"/invitation?lang=es"), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
		t.Fatal(err)
	}
	if lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || lang != "es" {
		t.Errorf(`the invitation page: <html lang=%q> (%v)`, lang, err)
	}
	main, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Tu invitación a Kinship", "Crea una cuenta, o inicia sesión si ya tienes una.", "En la página Organizaciones, escribe el código de tu correo.", "Crear una cuenta"} {
		if !strings.Contains(strings.Join(strings.Fields(main), " "), w) {
			t.Errorf("the invitation page does not read %q:\n%s", w, main)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	violations, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	for _, v := range violations {
		t.Errorf("axe on the invitation page: %s", v)
	}
	if png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		t.Fatal(err)
	}
	keepScreenshot(t, "es-invitation.png", png)
}
