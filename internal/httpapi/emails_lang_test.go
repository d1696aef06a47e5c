package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestEveryEmailInTheRecipientsLanguage: each email Kinship sends reaches
// the real SMTP server in its recipient's language, whoever caused it.
// Rosa signs up through the API asking for Spanish and Ben without: the
// confirmation, the "that address has an account" notice, the password
// reset link, the password-changed notice, a notification email and the
// daily summary come to Rosa in Spanish and to Ben in English. An
// organization's invitation goes to people with no account: its email and
// the page it links to are in the language the staff member chose (their
// own when they choose none), and a language Kinship does not speak is a
// 400 naming the field, with no code made.
func TestEveryEmailInTheRecipientsLanguage(t *testing.T) {
	e, siteTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.enableMFA(siteTok)

	// mail waits for the email to to whose subject is subject and checks
	// its body reads each of want, returning the body.
	mail := func(to, subject string, want ...string) string {
		t.Helper()
		m := testutil.ParseMail(t, e.smtp.WaitForMatch(t, func(raw testutil.ReceivedMessage) bool {
			p := testutil.ParseMail(t, raw)
			return strings.Join(p.To, ",") == to && p.Subject == subject
		}, 20*time.Second))
		for _, w := range want {
			if !strings.Contains(m.Text, w) {
				t.Errorf("the email %q to %s does not read %q:\n%s", subject, to, w, m.Text)
			}
		}
		return m.Text
	}
	signup := func(email, name, acceptLanguage string) {
		t.Helper()
		req, _ := http.NewRequest("POST", e.http.URL+"/api/v1/auth/signup", bytes.NewReader([]byte(`{"email":"`+email+`","password":"`+goodPassword+`","display_name":"`+name+`"}`)))
		req.Header.Set("Content-Type", "application/json")
		if acceptLanguage != "" {
			req.Header.Set("Accept-Language", acceptLanguage)
		}
		expectStatus(t, e.send(req, ""), http.StatusCreated)
	}

	signup("rosa@example.org", "Rosa", "es-MX,es;q=0.9,en;q=0.5")
	mail("rosa@example.org", "Confirma tu correo para Kinship", "Te damos la bienvenida a Kinship.", "/verify-email?token=")
	signup("ben@example.org", "Ben", "")
	mail("ben@example.org", "Confirm your email for Kinship", "Welcome to Kinship.", "/verify-email?token=")
	e.confirmEmail("rosa@example.org")
	e.confirmEmail("ben@example.org")
	rosaTok, benTok := e.login("rosa@example.org", goodPassword, ""), e.login("ben@example.org", goodPassword, "")
	rosaID := e.do("GET", "/api/v1/me", rosaTok, nil).JSON(t)["id"].(string)

	// Someone signs up again with Rosa's address, in English: Rosa is told in hers.
	signup("rosa@example.org", "Someone", "en")
	mail("rosa@example.org", "Alguien intentó crear una cuenta de Kinship con tu correo", "que ya tiene una cuenta")

	for _, who := range []string{"rosa@example.org", "ben@example.org"} {
		expectStatus(t, e.do("POST", "/api/v1/auth/password-reset", "", map[string]string{"email": who}), http.StatusAccepted)
	}
	mail("rosa@example.org", "Restablece tu contraseña de Kinship", "Para elegir una contraseña nueva, abre este enlace en la próxima hora:", "/password-reset/confirm?token=")
	mail("ben@example.org", "Reset your Kinship password", "To choose a new password, open this link within an hour:", "/password-reset/confirm?token=")

	expectStatus(t, e.do("POST", "/api/v1/me/password", rosaTok, map[string]string{"current_password": goodPassword, "new_password": "otra frase bastante larga"}), http.StatusOK)
	mail("rosa@example.org", "Tu contraseña de Kinship cambió", "La contraseña de tu cuenta de Kinship acaba de cambiar")
	expectStatus(t, e.do("POST", "/api/v1/me/password", benTok, map[string]string{"current_password": goodPassword, "new_password": "another fairly long phrase"}), http.StatusOK)
	mail("ben@example.org", "Your Kinship password was changed", "The password of your Kinship account was just changed")
	rosaTok, benTok = e.login("rosa@example.org", "otra frase bastante larga", ""), e.login("ben@example.org", "another fairly long phrase", "")

	// Ben (English) invites Rosa to be partners: her notification email is
	// in Spanish, and so is the notification itself.
	for _, tok := range []string{rosaTok, benTok} {
		expectStatus(t, e.do("PUT", "/api/v1/notifications/settings", tok, map[string]any{"email": true}), http.StatusOK)
	}
	expectStatus(t, e.do("POST", "/api/v1/partners", benTok, map[string]string{"user_id": rosaID}), http.StatusCreated)
	mail("rosa@example.org", "Tienes una notificación nueva en Kinship", "Algo nuevo te espera en Kinship:", "/notifications")
	if notes := string(e.do("GET", "/api/v1/notifications", rosaTok, nil).Body); !strings.Contains(notes, "Ben te invitó a ser compañeros de responsabilidad.") {
		t.Errorf("Rosa's notifications: %s", notes)
	}

	// An invitation, chosen in Spanish by Ava, who reads English.
	_, avaTok := e.signupLogin("ava@example.org", goodPassword, "Ava")
	e.enableMFA(avaTok)
	org := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor House", "admin_email": "ava@example.org"}).JSON(t)["id"].(string)
	r := e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"cohort": "Spring", "email": "nueva@example.org", "language": "es"})
	expectStatus(t, r, http.StatusCreated)
	if got := r.JSON(t)["language"]; got != "es" {
		t.Errorf("the invitation's language: %v", got)
	}
	code := r.JSON(t)["code"].(string)
	body := mail("nueva@example.org", "Tu invitación a Kinship", "Te invitaron a un espacio en Kinship.", "crea tu cuenta o inicia sesión, y escribe este código:", code,
		"El código funciona una sola vez, hasta el ", e.http.URL+"/invitation?lang=es")
	// The link stands alone on its line: a comma against it, as the email
	// once had, is taken by mail programs as part of the address.
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(e.http.URL+"/invitation?lang=es") + `\r?$`).MatchString(body) {
		t.Errorf("the invitation's link is not alone on its line:\n%s", body)
	}
	if !regexp.MustCompile(`hasta el \d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}\.`).MatchString(body) || strings.Contains(body, "Harbor") {
		t.Errorf("the Spanish invitation's date, or it names the program:\n%s", body)
	}
	// The page it links to, for a visitor, is in Spanish and keeps Spanish for signing up.
	page := e.do("GET", "/invitation?lang=es", "", nil)
	if page.Status != http.StatusOK || !strings.Contains(page.String(), `<html lang="es"`) {
		t.Fatalf("the invitation page: %d %.300s", page.Status, page.String())
	}
	for _, w := range []string{"Tu invitación a Kinship", "Te invitaron a un espacio en Kinship", "Crea una cuenta, o inicia sesión si ya tienes una.",
		"En la página Organizaciones, escribe el código de tu correo.", "Crear una cuenta", "Ya tengo una cuenta: iniciar sesión"} {
		if !strings.Contains(testutil.Visible(page.String()), w) {
			t.Errorf("the invitation page does not read %q:\n%s", w, testutil.Visible(page.String()))
		}
	}
	if c := page.Header.Get("Set-Cookie"); !strings.Contains(c, "=es;") {
		t.Errorf("the invitation page keeps no Spanish for signing up: %q", c)
	}
	req, _ := http.NewRequest("GET", e.http.URL+"/signup", nil)
	req.Header.Set("Cookie", strings.Split(page.Header.Get("Set-Cookie"), ";")[0])
	if s := e.send(req, ""); !strings.Contains(s.String(), `<html lang="es"`) {
		t.Errorf("sign-up after the invitation page is not in Spanish")
	}

	// No language chosen: Ava's own, English, then Spanish once she reads it.
	expectStatus(t, e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"email": "new@example.org"}), http.StatusCreated)
	body = mail("new@example.org", "Your invitation to Kinship", "You have been invited to a space on Kinship.", "The code works once, until ", e.http.URL+"/invitation?lang=en")
	if !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(e.http.URL+"/invitation?lang=en")+`\r?$`).MatchString(body) || strings.Contains(body, "lang=en,") {
		t.Errorf("the invitation's link is not alone on its line:\n%s", body)
	}
	if !regexp.MustCompile(`until \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\.`).MatchString(body) {
		t.Errorf("the English invitation's date:\n%s", body)
	}
	if p := e.do("GET", "/invitation?lang=en", "", nil).String(); !strings.Contains(p, `<html lang="en"`) || !strings.Contains(testutil.Visible(p), "Create an account, or sign in if you have one.") {
		t.Errorf("the English invitation page:\n%s", testutil.Visible(p))
	}
	expectStatus(t, e.do("POST", "/language", avaTok, formBody("lang=es&next=/")), http.StatusSeeOther)
	orgPage := e.do("GET", "/organizations/"+org, avaTok, nil).String()
	if !regexp.MustCompile(`<option value="es" lang="es" selected>Español</option>`).MatchString(orgPage) || !strings.Contains(testutil.Visible(orgPage), "Idioma de la invitación") {
		t.Errorf("the invitation form does not offer Ava's own language first:\n%s", testutil.Visible(orgPage))
	}
	expectStatus(t, e.do("POST", "/organizations/"+org+"/action", avaTok, formBody("action=invite&days=14&email="+url.QueryEscape("otra@example.org")+"&language=es")), http.StatusSeeOther)
	mail("otra@example.org", "Tu invitación a Kinship", "Te invitaron a un espacio en Kinship.")
	expectStatus(t, e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"email": "tercera@example.org"}), http.StatusCreated)
	mail("tercera@example.org", "Tu invitación a Kinship", "Te invitaron a un espacio en Kinship.", "/invitation?lang=es")

	codes := func() int {
		return strings.Count(e.do("GET", "/organizations/"+org, avaTok, nil).String(), `name="code_id"`)
	}
	before := codes()
	bad := e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"email": "x@example.org", "language": "xx"})
	if bad.Status != http.StatusBadRequest || !strings.Contains(string(bad.Body), `"language"`) || !strings.Contains(string(bad.Body), "Kinship todavía no está disponible en ese idioma") {
		t.Errorf("an unknown language: %d %s", bad.Status, bad.Body)
	}
	if after := codes(); after != before || before < 4 {
		t.Errorf("a refused invitation made a code: %d open codes, %d before", after, before)
	}

	// The daily summary: both ask for it; then Ben asks Rosa to connect and
	// Rosa accepts Ben as a partner, so each has something new.
	expectStatus(t, e.do("PUT", "/api/v1/notifications/settings", rosaTok, map[string]any{"digest": "daily"}), http.StatusOK)
	expectStatus(t, e.do("PUT", "/api/v1/notifications/settings", benTok, map[string]any{"digest": "daily"}), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/connections", benTok, map[string]string{"user_id": rosaID}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/partners/"+partnershipOf(t, e, rosaTok)+"/accept", rosaTok, nil), http.StatusOK)
	e.clock.Advance(25 * time.Hour)
	if n, err := e.app.SendDigests(context.Background()); err != nil || n != 2 {
		t.Fatalf("digests: %d sent, %v", n, err)
	}
	mail("rosa@example.org", "Hay cosas esperándote en Kinship", "Tienes notificaciones nuevas en Kinship:")
	mail("ben@example.org", "Things are waiting for you on Kinship", "You have new notifications on Kinship:")
}

// partnershipOf is the id of the first partnership tok's person is in.
func partnershipOf(t *testing.T, e *env, tok string) string {
	t.Helper()
	r := e.do("GET", "/api/v1/partners", tok, nil)
	m := regexp.MustCompile(`"id":"([^"]+)"`).FindStringSubmatch(string(r.Body))
	if m == nil {
		t.Fatalf("no partnership: %s", r.Body)
	}
	return m[1]
}
