package web_test

import (
	"strings"
	"testing"
)

// W8-7: the support page's overdose steps named "Narcan", a US brand,
// to a reader in Spain (where the nasal spray is sold as Nyxoid).
// Naloxone is named by what it is, which is right everywhere, in English
// and in Spanish.
func TestNaloxoneByItsGenericName(t *testing.T) {
	_, _, admin := serverWithAdmin(t)
	lucia := admin.next("lucia@example.org", "Lucía", "Europe/Madrid")
	for _, c := range []struct{ lang, want string }{
		{"en", "Give naloxone nasal spray if you have it: one spray in a nostril."},
		{"es", "Si tienes naloxona en espray nasal, dásela: un atomizado en una fosa nasal."},
	} {
		lucia.speak(c.lang)
		_, text := lucia.get("/support")
		if !strings.Contains(text, c.want) || strings.Contains(text, "Narcan") {
			t.Errorf("%s: the support page's overdose steps read:\n%s", c.lang, text)
		}
	}
}
