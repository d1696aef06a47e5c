package web

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/recovery"
)

// TestMilestonesInTheReadersLanguage: every milestone the recovery package
// names reads in Spanish through the catalog, and in English as it is
// labelled; the home page said "Próximo: 3 years." in Spanish.
func TestMilestonesInTheReadersLanguage(t *testing.T) {
	start := recovery.Date{Year: 2014, Month: 1, Day: 31}
	st := recovery.Compute(start, nil, recovery.Date{Year: 2024, Month: 3, Day: 1})
	labels := map[string]bool{st.Next.Label: true}
	for _, m := range st.Reached {
		labels[m.Label] = true
	}
	if len(labels) < 15 {
		t.Fatalf("only %d milestones: %v", len(labels), labels)
	}
	en, es := i18n.For("en"), i18n.For("es")
	for label := range labels {
		if got := milestoneIn(en, label); got != label {
			t.Errorf("English %q reads %q", label, got)
		}
		if got := milestoneIn(es, label); got == label {
			t.Errorf("Spanish reads the English %q", label)
		}
	}
	for label, want := range map[string]string{"24 hours": "24 horas", "90 days": "90 días", "9 months": "9 meses", "1 year": "1 año", "3 years": "3 años", "a while": "a while"} {
		if got := milestoneIn(es, label); got != want {
			t.Errorf("milestoneIn(es, %q) = %q, want %q", label, got, want)
		}
	}
	// The line under the recovery time on the check-in page, which read
	// "730 days and counting. Next up: 3 years." in Spanish.
	next := &recovery.Milestone{Label: "3 years"}
	for _, c := range []struct {
		has    bool
		s      recovery.Status
		en, es string
	}{
		{true, recovery.Status{StreakDays: 730, CumulativeDays: 730, Next: next}, "730 days and counting. Next up: 3 years.", "730 días y sumando. Lo próximo: 3 años."},
		{true, recovery.Status{StreakDays: 1, CumulativeDays: 1, Next: &recovery.Milestone{Label: "7 days"}}, "1 day and counting. Next up: 7 days.", "1 día y sumando. Lo próximo: 7 días."},
		{true, recovery.Status{StreakDays: 40, CumulativeDays: 100, Returns: 1, Next: &recovery.Milestone{Label: "60 days"}}, "40 days in this stretch, and 100 in recovery in all. Next up: 60 days.", "40 días en esta etapa, y 100 en recuperación en total. Lo próximo: 60 días."},
		{true, recovery.Status{StreakDays: 2, CumulativeDays: 50, Returns: 1}, "A setback does not erase your progress: 50 days in recovery so far, and every day counts. Reaching out to an accountability partner, a mentor or a meeting can help.", "Un tropiezo no borra tu camino: llevas 50 días en recuperación, y cada día cuenta. Comunicarte con un compañero o compañera de responsabilidad, con tu mentor o mentora, o ir a una reunión puede ayudarte."},
		{true, recovery.Status{}, "Today is a good day to begin. You are not alone.", "Hoy es un buen día para empezar. No estás a solas."},
		{false, recovery.Status{}, "Add your recovery start date to your profile when you are ready; only you decide who sees it.", "Cuando quieras, agrega a tu perfil la fecha en que empezó tu recuperación; solo tú decides quién la ve."},
	} {
		if got := encouragementIn(en, c.has, c.s); got != c.en {
			t.Errorf("English: %q, want %q", got, c.en)
		}
		if got := encouragementIn(es, c.has, c.s); got != c.es {
			t.Errorf("Spanish: %q, want %q", got, c.es)
		}
	}
}
