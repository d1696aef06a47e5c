package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserAppealDecidedWithReason walks walk15's W15-3: Valentina's
// appeal was upheld with no reason, and she read only "los moderadores
// mantuvieron su decisión". On a phone, the moderator deciding an appeal
// gives a reason; a blank one is the queue again with the problem beside
// the appeal's form and nothing decided; the person who appealed reads
// the reason in her notification and beside her appeal, in her language.
// Valentina (es) has her appeal decided by Tunde (en), Bo (en) his by
// Mar (es).
func TestBrowserAppealDecidedWithReason(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	a := s.app
	g, asFay := facilitatedGroup(t, a, "Círculo de los miércoles", "Nos reunimos los miércoles.")
	lu := account(t, a, "lucia@example.org", "cobalt river stone", "Lucía", model.RoleMember)
	if _, err := a.JoinGroup(asUser(lu), g.ID, true); err != nil {
		t.Fatal(err)
	}
	tunde := account(t, a, "tunde@example.org", "lantern over the bay", "Tunde", model.RoleSiteAdmin)
	mar := account(t, a, "mar@example.org", "quiet willow harbor", "Mar", model.RoleModerator)
	if err := a.SetLanguage(asUser(mar), "es"); err != nil {
		t.Fatal(err)
	}
	type css = chromedp.CSS
	st := steps{t}
	for _, c := range []struct {
		name, email, pw, lang string
		said, appeal          string
		by                    *model.User
		byEmail, byPw, byLang string
		decision, button      string // the decision, and its button as the screen reader names it
		reason                string
		problem               string // what the decider reads for a blank reason
		notice, page          string // what the person who appealed reads
	}{
		{"Valentina", "valentina@example.org", "amber meadow trail", "es", "Tomás, deja de venir si no vas a hablar",
			"No quise ofender a nadie; fue una broma entre nosotros.",
			tunde, "tunde@example.org", "lantern over the bay", "en", "uphold", "Uphold Valentina's appeal",
			"The message still reads as a put-down of another member.",
			"Give a reason; the person will be told it",
			"Se revisó tu apelación: los moderadores mantuvieron su decisión. Su motivo: The message still reads as a put-down of another member.",
			"El motivo de los moderadores: The message still reads as a put-down of another member."},
		{"Bo", "bo@example.org", "maple creek window", "en", "Anyone who skips the meeting is weak",
			"I was talking about myself, not anyone here.",
			mar, "mar@example.org", "quiet willow harbor", "es", "reverse", "Revertir la apelación de Bo",
			"Hablaba de sí mismo; no era un ataque.",
			"Escribe un motivo; se lo diremos a la persona",
			"Your appeal was heard: the moderators reversed their decision. Their reason: Hablaba de sí mismo; no era un ataque. Sorry for the trouble.",
			"The moderators' reason: Hablaba de sí mismo; no era un ataque."},
	} {
		u := account(t, a, c.email, c.pw, c.name, model.RoleMember)
		if err := a.SetLanguage(asUser(u), c.lang); err != nil {
			t.Fatal(err)
		}
		if _, err := a.JoinGroup(asUser(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
		act := hiddenAndAppealed(t, a, asFay, g.ID, u, lu, c.said, "Please speak to each other with respect.", c.appeal)

		secret := withMFA(t, a, c.by)
		tab := signedInPhone(t, s.base, c.byEmail, c.byPw)
		st.mfaStep(tab, secret)
		st.do(tab, c.byLang+" queue", chromedp.Navigate(s.base+"/moderation/queue"), chromedp.WaitVisible(css(`#appeals li`)))
		// Only spaces: the browser lets it through (required is met),
		// the server does not.
		pick := `#appeals form[action="/moderation/appeals/` + act.ID + `"]`
		button := pick + ` button[value="` + c.decision + `"]`
		if got := eval[string](t, tab, "the button's name", `document.querySelector('`+button+`').textContent`); got != c.button {
			t.Errorf("%s: the button is named %q, want %q", c.byLang, got, c.button)
		}
		st.do(tab, "a blank reason", chromedp.SendKeys(css(pick+` textarea`), "   "),
			chromedp.Click(css(button)), chromedp.WaitVisible(css(`#error-summary`)))
		got := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
		if !strings.Contains(got, c.problem) {
			t.Errorf("%s: a blank reason reads:\n%s\nwant %q", c.byLang, got, c.problem)
		}
		if n := eval[int](t, tab, "the appeal's form shown again", `document.querySelectorAll('#appeals form[action="/moderation/appeals/`+act.ID+`"] textarea#f-reason[aria-invalid="true"]').length`); n != 1 {
			t.Errorf("%s: the appeal's reason is not shown as the field with the problem", c.byLang)
		}
		shot(t, tab, "appeal-reason-blank-"+c.byLang+".png")
		if open, err := a.OpenAppeals(asUser(c.by)); err != nil || len(open) == 0 || open[len(open)-1].ID != act.ID || open[len(open)-1].AppealReason != "" {
			t.Fatalf("%s: after a blank reason the appeal is not left open and undecided: %+v, %v", c.byLang, open, err)
		}
		st.do(tab, "a reason", chromedp.SendKeys(css(pick+` textarea`), c.reason),
			chromedp.Click(css(button)), chromedp.WaitVisible(css(`.notice`)))

		tab = signedInPhone(t, s.base, c.email, c.pw)
		st.do(tab, c.name+"'s notifications", chromedp.Navigate(s.base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
		if got := strings.Join(strings.Fields(st.text(tab, `main`)), " "); !strings.Contains(got, c.notice) {
			t.Errorf("%s's notifications read:\n%s\nwant %q", c.name, got, c.notice)
		}
		shot(t, tab, "appeal-reason-notice-"+c.lang+".png")
		st.do(tab, c.name+"'s appeals", chromedp.Navigate(s.base+"/appeals"), chromedp.WaitVisible(css(`main .cards li`)))
		if got := strings.Join(strings.Fields(st.text(tab, `main .cards li`)), " "); !strings.Contains(got, c.page) {
			t.Errorf("%s's appeals page reads:\n%s\nwant %q", c.name, got, c.page)
		}
		shot(t, tab, "appeal-reason-page-"+c.lang+".png")
	}
}

// hiddenAndAppealed has reporter report what author says in group groupID,
// the facilitator (as) hide it for reason, and author appeal it with
// appeal: the action appealed.
func hiddenAndAppealed(t *testing.T, a *app.App, as context.Context, groupID string, author, reporter *model.User, said, reason, appeal string) *app.ActionView {
	t.Helper()
	m, _, err := a.SendMessage(asUser(author), groupID, "c-"+author.ID, said)
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Report(asUser(reporter), app.ReportInput{TargetType: "message", TargetID: m.ID, Reason: "harassment"})
	if err != nil {
		t.Fatal(err)
	}
	act, err := a.ActOnGroupReport(as, groupID, r.ID, "hide", reason)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Appeal(asUser(author), act.ID, appeal); err != nil {
		t.Fatal(err)
	}
	return act
}
