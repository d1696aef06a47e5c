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
}
