package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A visitor whose browser prefers Spanish reads Kinship in Spanish, can
// switch to English in the footer (a cookie, no account), and a member's
// choice is kept with the account: it follows them to a new browser.
func TestLanguageNegotiation(t *testing.T) {
	base, _, term := startServerMail(t)

	ana := newPerson(t, base)
	ana.lang = "es-MX,es;q=0.9,en;q=0.8"
	code, page, _ := ana.do("GET", "/meetings", nil)
	if code != http.StatusOK || !strings.Contains(page, `<html lang="es">`) {
		t.Fatalf("a Spanish browser's page: %d %.200s", code, page)
	}
	for _, want := range []string{"Saltar al contenido principal", "Reuniones", "Iniciar sesión", "¿Estás en crisis?", "Qué es Kinship y qué no es"} {
		if !strings.Contains(readable(page), want) {
			t.Errorf("Spanish page lacks %q", want)
		}
	}
	// The footer's switcher: English from now on, whatever the browser says.
	code, text, at := ana.post("/language", url.Values{"lang": {"en"}, "next": {"/meetings"}})
	if code != http.StatusOK || at != "/meetings" || !strings.Contains(text, "Skip to main content") {
		t.Fatalf("after choosing English: %d at %s: %.300s", code, at, text)
	}
	// A language Kinship does not speak is refused with words, not a 500.
	code, text, _ = ana.post("/language", url.Values{"lang": {"tlh"}, "next": {"/"}})
	if code != http.StatusBadRequest || !strings.Contains(text, "Kinship does not speak that language yet") {
		t.Errorf("an unknown language: %d %.300s", code, text)
	}
	// Somewhere off the site is not followed.
	_, _, at = ana.post("/language", url.Values{"lang": {"es"}, "next": {"//evil.example/"}})
	if at != "/" {
		t.Errorf("next led to %s", at)
	}

	// A member chooses Spanish; a fresh browser in English signs in and
	// reads Spanish.
	bo := signedUp(t, base, term, "bo@example.org", "Bo", "Pacific", "US")
	if _, text, _ := bo.speak("es"); !strings.Contains(text, "Necesito apoyo ahora") {
		t.Fatalf("member's page after choosing Spanish: %.300s", text)
	}
	fresh := newPerson(t, base)
	if code, text, _ := fresh.post("/login", url.Values{"email": {"bo@example.org"}, "password": {"willow creek morning"}}); code != http.StatusOK || !strings.Contains(text, "Necesito apoyo ahora") {
		t.Errorf("the member's language did not follow them: %d %.300s", code, text)
	}
}
