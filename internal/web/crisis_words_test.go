package web

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// TestCrisisQueueSaysYouToTheModeratorWhoActed: the crisis queue named the
// moderator who gave a verdict, or acknowledged an item, "a moderator" or
// by their own name; to them it now says "you", and to the others who.
func TestCrisisQueueSaysYouToTheModeratorWhoActed(t *testing.T) {
	for _, c := range []struct {
		f      app.FlagView
		en, es string
	}{
		{app.FlagView{Verdict: app.FlagRight, VerdictBy: "Kate", VerdictByYou: true}, "You marked the check right.", "Marcaste que la revisión acertó."},
		{app.FlagView{Verdict: app.FlagRight, VerdictBy: "Kate"}, "Kate marked the check right.", "Kate marcó que la revisión acertó."},
		{app.FlagView{Verdict: app.FlagNotCrisis, VerdictBy: "Kate", VerdictByYou: true}, "You marked this not a crisis.", "Marcaste que esto no es una crisis."},
		{app.FlagView{}, "Was the check right? Your answer helps measure it.", "¿Acertó la revisión? Tu respuesta ayuda a medirla."},
	} {
		if got := crisisVerdict(i18n.Load().Lang("en"), c.f); got != c.en {
			t.Errorf("en %+v: %q, want %q", c.f, got, c.en)
		}
		if got := crisisVerdict(i18n.Load().Lang("es"), c.f); got != c.es {
			t.Errorf("es %+v: %q, want %q", c.f, got, c.es)
		}
	}
	for _, c := range []struct {
		f      app.FlagView
		en, es string
	}{
		{app.FlagView{Status: "acknowledged", HandledBy: "Kate", HandledByYou: true}, "acknowledged by you", "visto por ti"},
		{app.FlagView{Status: "acknowledged", HandledBy: "Kate"}, "acknowledged by Kate", "visto por Kate"},
		{app.FlagView{Status: "open"}, "open", "abierto"},
	} {
		if got := crisisStatus(i18n.Load().Lang("en"), c.f); got != c.en {
			t.Errorf("en %+v: %q, want %q", c.f, got, c.en)
		}
		if got := crisisStatus(i18n.Load().Lang("es"), c.f); got != c.es {
			t.Errorf("es %+v: %q, want %q", c.f, got, c.es)
		}
	}
}
