package httpapi_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestBrowserSpanishMemberJourney walks Kinship as a Spanish-speaking
// person on a 390x844 phone, from the footer's language switcher to "Necesito
// apoyo ahora": signs up (a short password is refused in Spanish), confirms
// the address from a Spanish email, checks in, joins a group (the
// guidelines' box forgotten first), writes in its chat, opens the
// settings, and asks for support, reading Spanish lines first. Every page
// says lang="es", reads the Spanish the test names, and axe-core finds no
// WCAG 2.0-2.2 A/AA or best-practice violation on it. Screenshots es-*.png.
func TestBrowserSpanishMemberJourney(t *testing.T) {
	exe := testutil.ChromiumPath(t)
	axe := axeSource(t)
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	// The README's pictures show testutil.PictureTime, on the server and the phone.
	e.clock.Advance(testutil.PictureTime.Sub(e.clock.Now()))
	_, lTok := e.signupLogin("lucia@example.org", goodPassword, "Lucía")
	e.facilitator(lTok) // a group's facilitator needs two-factor login
	r := e.do("POST", "/api/v1/groups", lTok, map[string]string{"name": "Tardes en recuperación", "description": "Nos reunimos para conversar.",
		"guidelines": "Lo que se comparte aquí se queda aquí.", "visibility": "listed"})
	expectStatus(t, r, http.StatusCreated)
	gid := r.JSON(t)["id"].(string)

	ctx, stop := testutil.Browser(t, exe, 390, 844, 6*time.Minute)
	defer stop()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), call(page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})); err != nil {
		t.Fatal(err)
	}
	if err := testutil.BrowserClockAt(ctx, testutil.PictureTime); err != nil {
		t.Fatal(err)
	}
	base := e.http.URL
	type css = chromedp.CSS
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.Join(strings.Fields(s), " ")
	}
	// reads checks the page is in Spanish, says each of want, passes axe
	// and is kept as a screenshot.
	reads := func(shot string, want ...string) {
		t.Helper()
		if lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || lang != "es" {
			t.Errorf("%s: <html lang=%q> (%v)", shot, lang, err)
		}
		main := text("main")
		for _, w := range want {
			if !strings.Contains(main, w) {
				t.Errorf("%s: the page does not read %q:\n%s", shot, w, main)
			}
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
			t.Fatalf("load axe-core: %v", err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe: %v", shot, err)
		}
		for _, v := range violations {
			t.Errorf("%s: %s", shot, v)
		}
		// The phone is made as tall as the page for the picture, so the
		// tab bar (fixed to the screen's foot) sits at the bottom, not
		// across the middle of the page; then it is 390x844 again.
		h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`Math.max(844, Math.ceil(document.documentElement.scrollHeight))`))
		if err != nil {
			t.Fatalf("screenshot %s: %v", shot, err)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, h)); err != nil {
			t.Fatalf("screenshot %s: %v", shot, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err2 := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err == nil {
			err = err2
		}
		if err != nil {
			t.Fatalf("screenshot %s: %v", shot, err)
		}
		keepScreenshot(t, shot, png)
	}

	do("choose Spanish in the footer", chromedp.Navigate(base+"/"), chromedp.SetValue(css(`#f-lang`), "es"),
		chromedp.Click(css(`.lang-switch button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
	reads("es-landing.png", "Apoyo entre pares para personas en recuperación")

	do("sign up with a short password", chromedp.Navigate(base+"/signup"),
		chromedp.SendKeys(css(`#f-email`), "rosa@example.org"), chromedp.SendKeys(css(`#f-display_name`), "Rosa"),
		chromedp.SendKeys(css(`#f-password`), "corta"), chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`#error-summary`)))
	reads("es-signup-error.png", "Usa al menos 8 caracteres; una frase corta de unas pocas palabras es fácil de recordar")
	do("sign up", chromedp.SendKeys(css(`#f-password`), "sauce lago mañana"), chromedp.Click(css(`main button[type=submit]`)),
		chromedp.WaitVisible(css(`.notice`)))
	reads("es-signed-up.png", "Revisa tu correo")

	// The confirmation email is in the language Rosa signed up in.
	var link string
	for _, raw := range e.smtp.Messages() {
		m := testutil.ParseMail(t, raw)
		if strings.Join(m.To, ",") != "rosa@example.org" {
			continue
		}
		if m.Subject != "Confirma tu correo para Kinship" || !strings.Contains(m.Text, "Te damos la bienvenida a Kinship") {
			t.Errorf("confirmation email: %q\n%s", m.Subject, m.Text)
		}
		link = regexp.MustCompile(`/verify-email\?token=[A-Za-z0-9_-]+`).FindString(m.Text)
	}
	if link == "" {
		t.Fatal("no confirmation email to rosa@example.org")
	}
	do("confirm the address", chromedp.Navigate(base+link), chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`nav.tabs a[href="/more"]`)))
	reads("es-home.png", "Hola, Rosa", "Gracias: tu correo electrónico está confirmado y ya iniciaste sesión.", "Registro de hoy")

	do("check in", chromedp.Navigate(base+"/checkin"), chromedp.Click(css(`label[for="mood-4"]`)), chromedp.Click(css(`label[for="craving-2"]`)),
		chromedp.Click(css(`label[for="f-used"]`)), chromedp.Click(css(`form.checkin > button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	reads("es-checkin.png", "Gracias por hacer tu registro de hoy.")

	do("find the group", chromedp.Navigate(base+"/groups"), chromedp.WaitVisible(css(`main h1`)))
	reads("es-groups.png", "Grupos", "Todavía no te has unido a ningún grupo.", "Tardes en recuperación", "abierto a todos los miembros")
	do("join without the guidelines", chromedp.Navigate(base+"/groups/"+gid), chromedp.Click(css(`main form[action$="/join"] button`)),
		chromedp.WaitVisible(css(`#error-summary`)))
	reads("es-group-guidelines.png", "Lee y acepta las normas del grupo para unirte", "Leí las normas y las voy a respetar")
	do("join", chromedp.Click(css(`#f-accept_guidelines`)), chromedp.Click(css(`main form[action$="/join"] button`)), chromedp.WaitVisible(css(`.notice`)))
	reads("es-group.png", "Te damos la bienvenida al grupo.", "Abrir la conversación", "Miembros", "Salir del grupo")

	do("write in the group", chromedp.Navigate(base+"/groups/"+gid+"/chat"), chromedp.SendKeys(css(`#f-body`), "Hola a todas y todos"),
		chromedp.Click(css(`#composer button[type=submit]`)),
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#chat-log .body')].some(p => p.textContent.includes('Hola a todas y todos'))`, chromedp.WithPollingTimeout(15*time.Second)))
	reads("es-chat.png", "Tardes en recuperación: conversación", "Tu mensaje", "Presiona Enter para enviar")

	do("security", chromedp.Navigate(base+"/settings/security"), chromedp.WaitVisible(css(`main h1`)))
	reads("es-security.png", "Inicio de sesión y seguridad", "Inicio de sesión en dos pasos", "Cambia tu contraseña", "(este dispositivo)")
	do("notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
	reads("es-notifications.png", "Notificaciones", "Tus opciones", "Mensajes y menciones", "Los correos solo dicen que algo te espera")
	do("privacy", chromedp.Navigate(base+"/settings/privacy"), chromedp.WaitVisible(css(`main h1`)))
	reads("es-privacy.png", "Tus datos y tu privacidad", "Descarga tus datos", "Elimina tu cuenta")
	do("profile", chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(css(`main h1`)))
	reads("es-profile.png", "Tu perfil", "Idioma de Kinship", "Caminos de recuperación", "Reducción de daños")

	do("I need support now", chromedp.Click(css(`form.support-now button`)), chromedp.WaitVisible(css(`#alert-status`)))
	reads("es-support.png", "988", "En español")
}

// keepScreenshot writes a picture into the test's artifact directory, and
// into docs/screenshots with KINSHIP_UPDATE_SCREENSHOTS=1.
func keepScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	for _, dir := range []string{t.ArtifactDir(), map[bool]string{true: filepath.Join("..", "..", "docs", "screenshots")}[os.Getenv("KINSHIP_UPDATE_SCREENSHOTS") == "1"]} {
		if dir != "" {
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshot: %s", filepath.Join(t.ArtifactDir(), name))
}
