package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// TestOneWordForAccountabilityPartners (walk10 W10-11): the Spanish check-in
// box said "Avisa a tus compañeros de apoyo" where every other page says
// "compañeros de responsabilidad" (docs/glossary-es.md); and the English
// words that offer help said "a partner" with nothing to say which kind.
// Each language now names them one way wherever help is offered.
func TestOneWordForAccountabilityPartners(t *testing.T) {
	es, en := For("es"), For("en")
	other := regexp.MustCompile(`(?i)compañer[oa]s? (?:o compañera )?de apoyo`)
	for _, id := range es.IDs() {
		m := es.Message(id)
		if w := other.FindString(m.One + " " + m.Other); w != "" {
			t.Errorf("es %s says %q: %s", id, w, m.Other)
		}
	}
	for _, c := range []struct{ id, en, es string }{
		{"checkin.reach_partners", "Tell your accountability partners", "Avisa a tus compañeros de responsabilidad"},
		{"support.pressing", "Pressing this alerts your accountability partners at once.", "Al presionarlo, avisas de inmediato a tus compañeros de responsabilidad."},
		{"support.note_concern", "reaching out to an accountability partner, your mentor or a meeting can help.",
			"comunicarte con un compañero o compañera de responsabilidad, con tu mentor o mentora, o ir a una reunión puede ayudarte."},
		{"support.note_crisis", "we can let your accountability partners know you need support.", "podemos avisar a tus compañeros de responsabilidad que necesitas apoyo."},
		{"support.craving_2", "your mentor or an accountability partner now", "o a un compañero o compañera de responsabilidad,"},
	} {
		if got := en.T(c.id); !strings.Contains(got, c.en) {
			t.Errorf("en %s reads %q, want %q in it", c.id, got, c.en)
		}
		if got := es.T(c.id); !strings.Contains(got, c.es) {
			t.Errorf("es %s reads %q, want %q in it", c.id, got, c.es)
		}
	}
}
