package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// A visitor is shown the lines of the country they are in: first from
// their browser's time zone (where the phone is), then, before the browser
// has said its zone or when the zone names no country, from the region of
// their browser's language; never a list of every country's emergency
// numbers. A browser in Mexican Spanish reads the page in Spanish, and in
// Los Angeles it reads the US lines (Mexico's 800 numbers do not answer a
// US phone); an American browser in Dublin reads Ireland's.
func TestVisitorSeesTheirCountrysLines(t *testing.T) {
	base, _ := startServer(t)
	cases := []struct {
		lang, zone string
		has, not   []string
	}{
		{"en-US,en;q=0.9", "", []string{"call 911 or a crisis line in the United States", "Call 988", "Text HOME to 741741"}, []string{"000", "999", "116 123", "Línea"}},
		{"es-MX,es;q=0.9", "", []string{"llama al 911 o a una línea de crisis en México", "Línea de la Vida", "800 911 2000"}, []string{"988", " 000", "999"}},
		{"es-MX,es;q=0.9", "America/Mexico_City", []string{"llama al 911 o a una línea de crisis en México", "Línea de la Vida", "800 911 2000"}, []string{"988", " 000", "999"}},
		{"es-MX,es;q=0.9", "America/Los_Angeles", []string{"llama al 911 o a una línea de crisis en Estados Unidos", "Llamar al 988", "1-800-662-4357"}, []string{"Línea de la Vida", "800 911 2000", " 000", "999"}},
		{"en-US,en;q=0.9", "Europe/Dublin", []string{"or a crisis line in Ireland", "116 123"}, []string{"911", "988", "741741"}},
		{"en-GB,en;q=0.9", "", []string{"call 999 or a crisis line in the United Kingdom", "Call 116 123"}, []string{"911", " 000", "988"}},
		{"en", "Australia/Sydney", []string{"call 000 or a crisis line in Australia", "Call 13 11 14"}, []string{"911", "999", "988"}},
		{"fr", "Asia/Seoul", []string{"call your emergency number or a crisis line", "findahelpline.com"}, []string{"911", " 000", "999", "988"}},
		// Japan ships its emergency numbers only (walk13 W13-11): the international directory beside them.
		{"fr", "Asia/Tokyo", []string{"call 119 (ambulance, fire) or 110 (police) or a crisis line in Japan", "findahelpline.com"}, []string{"911", " 000", "999", "988"}},
	}
	for _, c := range cases {
		p := newPerson(t, base)
		p.lang = c.lang
		if c.zone != "" {
			p.setZoneCookie(c.zone)
		}
		code, page := p.get("/about")
		if code != 200 {
			t.Fatalf("%s: %d", c.lang, code)
		}
		from, to := "When you need more than peers", "Your privacy"
		if strings.HasPrefix(c.lang, "es") {
			from, to = "Cuando necesitas más que apoyo entre pares", "Tu privacidad"
		}
		i := strings.Index(page, from)
		j := strings.Index(page, to)
		if i < 0 || j < i {
			t.Fatalf("%s: the about page changed: %s", c.lang, page)
		}
		part := page[i:j]
		for _, s := range c.has {
			if !strings.Contains(part, s) {
				t.Errorf("%s %s: lacks %q: %s", c.lang, c.zone, s, part)
			}
		}
		for _, s := range c.not {
			if strings.Contains(part, s) {
				t.Errorf("%s %s: shows %q: %s", c.lang, c.zone, s, part)
			}
		}
	}
}

// A Spanish reader in the US sees first the lines that answer in Spanish,
// marked "En español", in Spanish: 988's Spanish service (press 2, or
// text AYUDA) and SAMHSA's helpline before the English-only Crisis Text
// Line. An English reader keeps the seeded order and reads which lines
// also answer in Spanish.
func TestSpanishReaderSeesSpanishLinesFirst(t *testing.T) {
	base, _ := startServer(t)
	for _, c := range []struct {
		lang  string
		order []string
		has   []string
	}{
		{"es-US,es;q=0.9", []string{"988 Suicide & Crisis Lifeline", "SAMHSA National Helpline", "Crisis Text Line"},
			[]string{"Llamar al 988", "Enviar AYUDA por mensaje de texto al 988", "marca 2 para hablar en español", "También atiende en: inglés",
				"988 Suicide & Crisis Lifeline: Llamar al 988 Enviar AYUDA por mensaje de texto al 988 — Si piensas en el suicidio"}},
		{"en-US,en;q=0.9", []string{"988 Suicide & Crisis Lifeline", "Crisis Text Line", "SAMHSA National Helpline"},
			[]string{"Call 988", "Text 988", "Text HOME to 741741", "If you are thinking about suicide"}},
	} {
		p := newPerson(t, base)
		p.lang = c.lang
		_, raw, _ := p.do("GET", "/about", nil)
		text := readable(raw)
		last := -1
		for _, name := range c.order {
			i := strings.Index(text, name)
			if i < last {
				t.Errorf("%s: %q is not after the line before it: %s", c.lang, name, text)
			}
			last = i
		}
		for _, s := range c.has {
			if !strings.Contains(text, s) {
				t.Errorf("%s: lacks %q: %s", c.lang, s, text)
			}
		}
		spanish := strings.Count(raw, `<span class="badge">En español</span>`)
		if strings.HasPrefix(c.lang, "es") && spanish < 2 || !strings.HasPrefix(c.lang, "es") && spanish != 0 {
			t.Errorf("%s: %d lines marked En español", c.lang, spanish)
		}
		if strings.HasPrefix(c.lang, "es") && !strings.Contains(raw, `href="sms:988?&amp;body=AYUDA"`) {
			t.Errorf("%s: no link that texts AYUDA to 988", c.lang)
		}
	}
}

// A site admin says which languages a line answers in; a line in Spanish
// is then shown to Spanish readers with the Spanish lines, before
// English-only ones. Words that are not language codes are refused with
// a message the admin can act on, and nothing is saved.
func TestAdminSetsALinesLanguages(t *testing.T) {
	base, a := startServer(t)
	secret := withMFA(t, a, account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin))
	admin := newPerson(t, base)
	admin.post("/login", url.Values{"email": {"admin@example.org"}, "password": {"steady harbor lantern"}})
	mfa, _ := totp.GenerateCode(secret, a.Now())
	if code, text, _ := admin.post("/login/mfa", url.Values{"code": {mfa}}); code != http.StatusOK || !strings.Contains(text, "Welcome, Admin") {
		t.Fatalf("sign in: %d %s", code, text)
	}
	line := url.Values{"country": {"US"}, "name": {"Línea Amiga"}, "contact": {"Call 555 0100"}, "kind": {"call"}, "description": {"Peer support."}, "position": {"9"}}
	line.Set("languages", "Spanish please")
	code, text, _ := admin.post("/admin/crisis-resources", line)
	if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity || !strings.Contains(text, "language codes such as en, es or fr") {
		t.Fatalf("bad languages: %d %s", code, text)
	}
	if _, page := admin.get("/admin/crisis-resources"); strings.Contains(page, "Línea Amiga") {
		t.Fatal("a line with bad languages was saved")
	}
	line.Set("languages", "ES, es-MX")
	if code, text, _ := admin.post("/admin/crisis-resources", line); code != http.StatusOK || !strings.Contains(text, "Línea Amiga Call 555 0100 call Spanish") {
		t.Fatalf("save: %d %s", code, text)
	}
	reader := newPerson(t, base)
	reader.lang = "es-US,es;q=0.9"
	_, text = reader.get("/about")
	amiga, ctl := strings.Index(text, "Línea Amiga"), strings.Index(text, "Crisis Text Line")
	if amiga < 0 || ctl < amiga || !strings.Contains(text, "Línea Amiga: Llamar al 555 0100 — Peer support. En español") {
		t.Errorf("a Spanish reader's lines: %s", text)
	}
}
