package web

import (
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
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

// TestCrisisEarlierSaysYouToTheModeratorWhoActed: an item raised again
// says what was decided on its earlier flag; to the moderator who decided
// it, "by you", in English and Spanish.
func TestCrisisEarlierSaysYouToTheModeratorWhoActed(t *testing.T) {
	at := model.At(edgeTime)
	for _, c := range []struct {
		e      app.EarlierFlag
		en, es string
	}{
		{app.EarlierFlag{Verdict: app.FlagNotCrisis, VerdictBy: "Kate", VerdictAt: &at, VerdictByYou: true, ResolvedBy: "Kate", ResolvedAt: &at, ResolvedByYou: true},
			"Marked not a crisis by you at Tue 5 Jan 2027, 19:00; resolved by you at Tue 5 Jan 2027, 19:00; reported again by a member.",
			"Marcado como no crisis por ti el mar, 5 ene 2027, 19:00; resuelto por ti el mar, 5 ene 2027, 19:00; reportado de nuevo por un miembro."},
		{app.EarlierFlag{Verdict: app.FlagRight, VerdictBy: "Kate", VerdictAt: &at},
			"Marked a crisis by Kate at Tue 5 Jan 2027, 19:00; reported again by a member.",
			"Marcado como crisis por Kate el mar, 5 ene 2027, 19:00; reportado de nuevo por un miembro."},
	} {
		f := app.FlagView{Source: "report", Earlier: &c.e}
		for lang, want := range map[string]string{"en": c.en, "es": c.es} {
			if got := crisisEarlier(i18n.Load().Lang(lang), edgeTime.AddDate(-1, 0, 0), time.UTC, f); got != want {
				t.Errorf("%s: %q, want %q", lang, got, want)
			}
		}
	}
}
