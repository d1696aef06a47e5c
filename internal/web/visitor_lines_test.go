package web_test

import (
	"strings"
	"testing"
)

// A visitor is shown their own country's lines, first from the region of
// their browser's language, then from their browser's time zone; never a
// list of every country's emergency numbers. A browser in Mexican Spanish
// reads the page in Spanish.
func TestVisitorSeesTheirCountrysLines(t *testing.T) {
	base, _ := startServer(t)
	cases := []struct {
		lang, zone string
		has, not   []string
	}{
		{"en-US,en;q=0.9", "", []string{"call 911 or a crisis line in the United States", "Call 988", "Text HOME to 741741"}, []string{"000", "999", "116 123", "Línea"}},
		{"es-MX,es;q=0.9", "America/Los_Angeles", []string{"llama al 911 o a una línea de crisis en México", "Línea de la Vida", "800 911 2000"}, []string{"988", " 000", "999"}},
		{"en-GB,en;q=0.9", "", []string{"call 999 or a crisis line in the United Kingdom", "Call 116 123"}, []string{"911", " 000", "988"}},
		{"en", "Australia/Sydney", []string{"call 000 or a crisis line in Australia", "Call 13 11 14"}, []string{"911", "999", "988"}},
		{"fr", "Asia/Tokyo", []string{"call your emergency number or a crisis line", "findahelpline.com"}, []string{"911", " 000", "999", "988"}},
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
