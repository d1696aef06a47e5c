package web

import (
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestAnErasedAccountIsNamedInTheReadersWords: where a page still names a
// person who erased their account, the app gives its English words (the
// API's); every sentence names them in the reader's language, with a
// capital where it begins one and none inside a list.
func TestAnErasedAccountIsNamedInTheReadersWords(t *testing.T) {
	gone := app.FormerMember
	at := model.At(edgeTime)
	for _, c := range []struct {
		what   string
		say    func(l *i18n.Lang) string
		en, es string
	}{
		{"verdict", func(l *i18n.Lang) string {
			return crisisVerdict(l, app.FlagView{Verdict: app.FlagNotCrisis, VerdictBy: gone})
		}, "A former member marked this not a crisis.", "Un exmiembro marcó que esto no es una crisis."},
		{"status", func(l *i18n.Lang) string {
			return crisisStatus(l, app.FlagView{Status: "resolved", HandledBy: gone})
		}, "resolved by a former member", "resuelto por un exmiembro"},
		{"earlier flag", func(l *i18n.Lang) string {
			e := app.EarlierFlag{Verdict: app.FlagRight, VerdictBy: gone, VerdictAt: &at, ResolvedBy: gone, ResolvedAt: &at}
			return crisisEarlier(l, edgeTime.AddDate(-1, 0, 0), time.UTC, app.FlagView{Source: "report", Earlier: &e})
		}, "Marked a crisis by a former member at Tue 5 Jan 2027, 19:00; resolved by a former member at Tue 5 Jan 2027, 19:00; reported again by a member.",
			"Marcado como crisis por un exmiembro el mar, 5 ene 2027, 19:00; resuelto por un exmiembro el mar, 5 ene 2027, 19:00; reportado de nuevo por un miembro."},
		{"a template's t", func(l *i18n.Lang) string { return tNamed(l, "support.responding", "Name", gone) },
			"A former member is responding.", "Un exmiembro está respondiendo."},
		{"a list of who was reached", func(l *i18n.Lang) string {
			s, _ := reachSentence(l, &[]app.Reached{{Name: &gone, Email: 1}, {People: 2}})
			return s
		}, "", ""},
		{"a name", func(l *i18n.Lang) string { return tNamed(l, "support.responding", "Name", "Kate") }, "Kate is responding.", "Kate está respondiendo."},
	} {
		for lang, want := range map[string]string{"en": c.en, "es": c.es} {
			got := c.say(i18n.Load().Lang(lang))
			if want == "" { // a list: the name inside it, never in capitals nor in English in Spanish
				if lang == "es" && (!strings.Contains(got, "un exmiembro") || strings.Contains(got, gone)) || lang == "en" && !strings.Contains(got, "reached a former member") {
					t.Errorf("%s %s: %q", c.what, lang, got)
				}
				continue
			}
			if got != want {
				t.Errorf("%s %s: %q, want %q", c.what, lang, got, want)
			}
		}
	}
}
