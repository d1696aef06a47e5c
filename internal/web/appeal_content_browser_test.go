package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserAppealShowsWhatWasHidden walks walk13's W13-10: Kenji, the
// site admin, decided Ana's appeal on /moderation/queue reading the
// action, who hid it, the reason and the appeal, but not the message that
// was hidden. On a phone, in English and Spanish, whoever decides reads
// what Ana wrote, then her appeal; Ana's privacy log says who read them.
func TestBrowserAppealShowsWhatWasHidden(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	a := s.app
	g, asFay := facilitatedGroup(t, a, "Círculo de los miércoles", "Nos reunimos los miércoles.")
	ana := account(t, a, "ana@example.org", "amber meadow trail", "Ana", model.RoleMember)
	lu := account(t, a, "lucia@example.org", "cobalt river stone", "Lucía", model.RoleMember)
	if err := a.SetLanguage(asUser(ana), "es"); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*model.User{ana, lu} {
		if _, err := a.JoinGroup(asUser(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	const (
		said   = "Tomás, deja de venir si no vas a hablar"
		reason = "Aquí nos hablamos con respeto; por favor, sin juzgar a nadie."
		appeal = "No quise ofender a nadie; fue una broma entre nosotros."
	)
	hiddenAndAppealed(t, a, asFay, g.ID, ana, lu, said, reason, appeal)
	// Members do not read appeals, whatever the page: the app refuses them.
	if _, err := a.OpenAppeals(asUser(lu)); err == nil {
		t.Error("a member listed the appeals")
	}

	kenji := account(t, a, "kenji@example.org", "lantern over the bay", "Kenji", model.RoleSiteAdmin)
	mar := account(t, a, "mar@example.org", "quiet willow harbor", "Mar", model.RoleModerator)
	if err := a.SetLanguage(asUser(mar), "es"); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	for _, c := range []struct {
		who      *model.User
		email    string
		pw, lang string
		want     []string
		buttons  string
	}{
		{kenji, "kenji@example.org", "lantern over the bay", "en", []string{
			"Hidden (a message), by a facilitator of Círculo de los miércoles: " + reason,
			"What Ana wrote:\n" + said,
			"Ana's appeal:\n" + appeal,
			"Reverse",
		}, "Reverse Ana's appeal | Uphold Ana's appeal"},
		{mar, "mar@example.org", "quiet willow harbor", "es", []string{
			"por una persona facilitadora de Círculo de los miércoles: " + reason,
			"Lo que escribió Ana:\n" + said,
			"La apelación de Ana:\n" + appeal,
			"Revertir",
		}, "Revertir la apelación de Ana | Mantener la apelación de Ana"},
	} {
		secret := withMFA(t, a, c.who)
		tab := signedInPhone(t, s.base, c.email, c.pw)
		st.mfaStep(tab, secret)
		st.do(tab, c.lang+" queue", chromedp.Navigate(s.base+"/moderation/queue"), chromedp.WaitVisible(css(`#appeals li`)))
		got := strings.Join(strings.Fields(st.text(tab, `#appeals li`)), " ")
		at := 0
		for _, w := range c.want {
			w = strings.Join(strings.Fields(w), " ")
			i := strings.Index(got[at:], w)
			if i < 0 {
				t.Errorf("%s: the appeal reads:\n%s\nwant, in this order, %q", c.lang, got, c.want)
				break
			}
			at += i + len(w)
		}
		// walk15 (W15-3): Tunde, on the keyboard with a screen reader, heard "Reverse" and "Uphold" with nothing
		// to say whose appeal each decides; each button now names it.
		if got := eval[string](t, tab, "the buttons' names", `[...document.querySelectorAll('#appeals button')].map(b => b.textContent).join(' | ')`); got != c.buttons {
			t.Errorf("%s: the appeal's buttons are named %q, want %q", c.lang, got, c.buttons)
		}
		shot(t, tab, "appeal-hidden-words-"+c.lang+".png")
	}

	// Ana's privacy log names both who read her appeal and what it is about.
	tab := signedInPhone(t, s.base, "ana@example.org", "amber meadow trail")
	st.do(tab, "Ana's privacy log", chromedp.Navigate(s.base+"/settings/privacy"), chromedp.WaitVisible(css(`#audit-h`)))
	rows := eval[[]string](t, tab, "the log's rows", `[...document.querySelectorAll('section[aria-labelledby="audit-h"] tbody tr')].map(r => r.innerText)`)
	const what = "Un moderador leyó tu apelación y aquello sobre lo que trata, para decidirla"
	by := map[string]int{}
	for _, r := range rows {
		if strings.Contains(r, what) {
			for _, n := range []string{"Kenji", "Mar"} {
				if strings.Contains(r, n) {
					by[n]++
				}
			}
		}
	}
	if by["Kenji"] != 1 || by["Mar"] != 1 {
		t.Errorf("Ana's privacy log:\n%s\nwant one row %q by Kenji and one by Mar", strings.Join(rows, "\n"), what)
	}
	shot(t, tab, "appeal-hidden-words-privacy-es.png")
}
