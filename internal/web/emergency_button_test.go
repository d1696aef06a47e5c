package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// W12-7: on the support page, where a person lands after pressing "I
// need support now", the emergency number was a small link inside a
// sentence ("Call 112.") while the helplines below it were full-width
// buttons. The number for a life in danger is now a button of its own,
// as easy to tap as the lines below it, in the reader's language.
func TestSupportPageEmergencyNumberIsAButton(t *testing.T) {
	base, a := startServer(t)
	_, eli, _ := readyMentor(t, a)
	p := signedInPerson(t, base, "eli@example.org", "cobalt river stone")
	for _, c := range []struct{ country, zone, lang, number, label string }{
		{"IN", "Asia/Kolkata", "en", "112", "Call 112"},
		{"ES", "Europe/Madrid", "es", "112", "Llamar al 112"},
		{"US", "America/Chicago", "en", "911", "Call 911"},
	} {
		livesIn(t, a, eli, c.country, c.zone, c.lang)
		p.lang = c.lang
		_, page, _ := p.do("GET", "/support", nil)
		i, j := strings.Index(page, `id="emergency-h"`), strings.Index(page, "</section>")
		if i < 0 || j < i {
			t.Fatalf("%s %s: no emergency section:\n%s", c.country, c.lang, readable(page))
		}
		section := page[i:j]
		button := regexp.MustCompile(`<a class="button" href="tel:` + c.number + `">([^<]+)</a>`).FindStringSubmatch(section)
		if button == nil || strings.TrimSpace(button[1]) != c.label {
			t.Errorf("%s %s: the emergency number is not a button reading %q:\n%s", c.country, c.lang, c.label, readable(section))
		}
		if strings.Contains(readable(section), c.label+".") {
			t.Errorf("%s %s: the number is still said inside a sentence:\n%s", c.country, c.lang, readable(section))
		}
	}
}
