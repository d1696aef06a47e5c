package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Messages the app builds with a number or a name in them (a wait, a
// length, why a member cannot mentor yet) are catalog messages with named
// fields, so each reader reads them in their own language: Ana reads
// Spanish, Bo English, on the same pages.
func TestBuiltErrorsInTheReadersLanguage(t *testing.T) {
	base, a, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Los_Angeles")
	bo := ana.next("bo@example.org", "Bo", "America/Chicago")
	ana.setUpTwoFactor(a.Now())
	bo.setUpTwoFactor(a.Now())
	ana.speak("es")

	// A display name over 50 characters.
	long := strings.Repeat("Ana María ", 6)
	for _, c := range []struct {
		who       *person
		want, not string
	}{{ana, "Usa como máximo 50 caracteres", "use at most"}, {bo, "Use at most 50 characters", "como máximo"}} {
		code, page, _ := c.who.do("POST", "/profile", url.Values{"display_name": {long}})
		text := readable(page)
		if code != http.StatusBadRequest || !strings.Contains(text, c.want) || strings.Contains(strings.ToLower(text), strings.ToLower(c.not)) {
			t.Errorf("a long display name: %d, want %q without %q: %.1500s", code, c.want, c.not, text)
		}
		if !strings.Contains(page, `value="`+long+`"`) {
			t.Errorf("the form lost what was typed: %.1500s", text)
		}
	}

	// Why a member cannot offer to mentor yet.
	if _, text := ana.get("/mentorship"); !strings.Contains(text, "Podrás ofrecerte como mentor o mentora cuando cumplas los requisitos de este Kinship: agrega a tu perfil la fecha en que empezaste tu recuperación.") {
		t.Errorf("Ana's mentorship page: %.3000s", text)
	}
	if _, text := bo.get("/mentorship"); !strings.Contains(text, "add your recovery start date to your profile") {
		t.Errorf("Bo's mentorship page: %.3000s", text)
	}

	// Too many wrong passwords: a visitor reading Spanish, then one
	// reading English, are told how long to wait in their words.
	visitor := newPerson(t, base)
	visitor.lang = "es-MX,es;q=0.9"
	var text string
	code := 0
	for i := 0; i < 12 && code != http.StatusTooManyRequests; i++ {
		code, text, _ = visitor.post("/login", url.Values{"email": {"ana@example.org"}, "password": {"not her password at all"}})
	}
	waitES := regexp.MustCompile(`Demasiados intentos; espera \d+ (minutos?|segundos?) y vuelve a intentarlo`)
	if code != http.StatusTooManyRequests || !waitES.MatchString(text) {
		t.Errorf("the Spanish visitor after 12 tries: %d %.1500s", code, text)
	}
	english := newPerson(t, base)
	code, text, _ = english.post("/login", url.Values{"email": {"ana@example.org"}, "password": {"not her password at all"}})
	waitEN := regexp.MustCompile(`Too many attempts; please wait \d+ (minutes?|seconds?) and try again`)
	if code != http.StatusTooManyRequests || !waitEN.MatchString(text) {
		t.Errorf("the English visitor: %d %.1500s", code, text)
	}
}
