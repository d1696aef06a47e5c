package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk10 W10-6: Rosa and Ada, made on the command line (which asks for no
// language), read every page in Spanish from their browsers, but their
// emails came in English: an account with no language of its own wrote
// to them in the default. Now signing in gives such an account the
// language its pages were read in, so an email that follows is in it
// too, until the person chooses another; an account that chose keeps its
// choice.
func TestAnAccountMadeOnTheCommandLineTakesTheLanguageItSignsInIn(t *testing.T) {
	base, a, term := startServerMail(t)
	account(t, a, "rosa@example.org", "jacarandas en marzo", "Rosa", model.RoleMember)
	chose := account(t, a, "ada@example.org", "volcanes al amanecer", "Ada", model.RoleMember)
	if err := a.SetLanguage(asUser(chose), "en"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ email, pw, want string }{
		{"rosa@example.org", "jacarandas en marzo", "Restablece tu contraseña de Kinship"},
		{"ada@example.org", "volcanes al amanecer", "Reset your Kinship password"},
	} {
		p := newPerson(t, base)
		p.lang = "es-MX,es;q=0.9"
		if code, _, _ := p.post("/login", url.Values{"email": {c.email}, "password": {c.pw}}); code != http.StatusOK {
			t.Fatalf("%s signs in: %d", c.email, code)
		}
		// On a browser in English, her pages stay in the language she has now.
		p.lang = "en-US,en;q=0.9"
		_, page, _ := p.do("GET", "/", nil)
		lang := map[string]string{"Restablece tu contraseña de Kinship": `lang="es"`, "Reset your Kinship password": `lang="en"`}[c.want]
		if !strings.Contains(page, "<html "+lang) {
			t.Errorf("%s: after signing in on a Spanish page, an English browser reads %.120q", c.email, page)
		}
		// An email to the account is written in it.
		before := len(term.String())
		if code, _, _ := newPerson(t, base).post("/password-reset", url.Values{"email": {c.email}}); code != http.StatusOK {
			t.Fatalf("%s: reset: %d", c.email, code)
		}
		var mail string
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && !strings.Contains(mail, "/password-reset/confirm"); time.Sleep(20 * time.Millisecond) {
			mail = term.String()[before:]
		}
		if !strings.Contains(mail, c.want) {
			t.Errorf("%s: the reset email does not read %q:\n%s", c.email, c.want, mail)
		}
	}
}
