package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserFacilitatorReviewsGroupReport: Lucía reported Jo's message in
// Fay's group and only the site's moderators heard of it. Fay, who keeps
// the room safe, is told a message in her group waits for review (not who
// reported it, nor the message); on her phone the group's page lists the
// report, asks for a reason before hiding, hides the message and closes
// the report for the moderators too; in Spanish she dismisses another.
func TestBrowserFacilitatorReviewsGroupReport(t *testing.T) {
	type css = chromedp.CSS
	s, g, secret, asFay, asJo, asLu := eveningCircle(t)
	a := s.app
	asMod := asUser(account(t, a, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator))
	report := func(client, body string) string {
		t.Helper()
		return reportedInGroup(t, a, g.ID, asJo, asLu, client, body, "harassment", "He wrote to me privately too")
	}
	first := report("c1", "Stop whining, nobody here cares about your feelings")

	st := steps{t}
	tab := signedInPhone(t, s.base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(tab, secret)
	st.do(tab, "notifications", chromedp.Navigate(s.base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
	notes := st.text(tab, `ul.notifications`)
	if !strings.Contains(notes, "A message in Evening circle was reported and is waiting for your review.") {
		t.Errorf("Fay's notifications do not tell her of the report in her group:\n%s", notes)
	}
	for _, secret := range []string{"Lucía", "nobody here cares", "privately"} {
		if strings.Contains(notes, secret) {
			t.Errorf("Fay's notification reads %q:\n%s", secret, notes)
		}
	}
	st.do(tab, "the group's reports", chromedp.Click(css(`a.note[href="/groups/`+g.ID+`#reports"]`)), chromedp.WaitVisible(css(`#reports`)))
	reports := st.text(tab, `#reports`)
	for _, want := range []string{"1 report waiting for your review", "Harassment", "A message by Jo, reported", "Stop whining, nobody here cares about your feelings",
		"Hide the message", "Dismiss the report", "The moderators see these reports too"} {
		if !strings.Contains(reports, want) {
			t.Errorf("the group's reports do not read %q:\n%s", want, reports)
		}
	}
	for _, secret := range []string{"Lucía", "privately"} {
		if strings.Contains(reports, secret) {
			t.Errorf("the group's reports name %q:\n%s", secret, reports)
		}
	}
	shot(t, tab, "group-report-en-0.png")

	hide := `#reports form[action$="/reports/` + reportOf(t, a, asFay, g.ID, first) + `"] button[value="hide"]`
	st.do(tab, "hide without a reason", chromedp.Click(css(hide)), chromedp.WaitVisible(css(`#error-summary`)))
	if e := st.text(tab, `#reports .field-error`); !strings.Contains(e, "Give a reason for hiding the message; its author is told it") {
		t.Errorf("hiding without a reason: the field reads %q", e)
	}
	shot(t, tab, "group-report-en-1-no-reason.png")
	st.do(tab, "hide with a reason", chromedp.SendKeys(css(`#f-reason`), "Please speak kindly here"), chromedp.Click(css(hide)),
		chromedp.WaitVisible(css(`.notice`)))
	if n := st.text(tab, `main`); !strings.Contains(n, "The message is hidden and its author is told your reason.") || strings.Contains(n, "waiting for your review") {
		t.Errorf("after hiding, the page reads:\n%s", n)
	}
	shot(t, tab, "group-report-en-2-hidden.png")
	if q, _, err := a.ReportQueuePage(asMod, app.PageRequest{Limit: 10}); err != nil || len(q) != 0 {
		t.Errorf("the moderators' queue after Fay hid the message: %v (%v), want it closed for them too", q, err)
	}
	joNotes, err := a.ListNotifications(asJo)
	if err != nil || len(joNotes.Notifications) == 0 || !strings.Contains(joNotes.Notifications[0].Text, "A facilitator of Evening circle hid one of your messages after a report. Their reason: Please speak kindly here.") {
		t.Errorf("Jo is told: %+v (%v)", joNotes, err)
	}

	// In Spanish, another report: Fay dismisses it.
	report("c2", "Whatever, this group is a waste of time")
	st.spanish(tab, s.base)
	st.do(tab, "notificaciones", chromedp.Navigate(s.base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
	if notes := st.text(tab, `ul.notifications`); !strings.Contains(notes, "Se reportó un mensaje en Evening circle y espera tu revisión.") {
		t.Errorf("Fay's notifications in Spanish:\n%s", notes)
	}
	st.do(tab, "reportes", chromedp.Navigate(s.base+"/groups/"+g.ID+"#reports"), chromedp.WaitVisible(css(`#reports`)))
	reports = st.text(tab, `#reports`)
	for _, want := range []string{"1 reporte espera tu revisión", "Un mensaje de Jo, reportado", "Ocultar el mensaje", "Descartar el reporte"} {
		if !strings.Contains(reports, want) {
			t.Errorf("the group's reports in Spanish do not read %q:\n%s", want, reports)
		}
	}
	shot(t, tab, "group-report-es-0.png")
	st.do(tab, "descartar", chromedp.Click(css(`#reports button[value="dismiss"]`)), chromedp.WaitVisible(css(`.notice`)))
	if n := st.text(tab, `main`); !strings.Contains(n, "El reporte se descartó; el mensaje sigue visible.") || strings.Contains(n, "espera tu revisión") {
		t.Errorf("after dismissing, the page reads:\n%s", n)
	}
	shot(t, tab, "group-report-es-1-dismissed.png")

	// The chat says what happened as Jo's notice does (walk5 W5-15: it
	// read "Removed by a facilitator" / "Eliminado por una persona
	// facilitadora").
	st.do(tab, "el chat", chromedp.Navigate(s.base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`.msg.gone`)))
	if got := st.text(tab, `.msg.gone .body`); got != "Oculto tras un reporte. Motivo: Please speak kindly here" {
		t.Errorf("the hidden message in the Spanish chat reads %q", got)
	}
	shot(t, tab, "group-report-es-2-chat.png")
}

// reportOf is the open report of message in group, as its facilitator sees it.
func reportOf(t *testing.T, a *app.App, asLeader context.Context, group, message string) string {
	t.Helper()
	rs, _, err := a.GroupReports(asLeader, group, app.PageRequest{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.TargetID == message {
			return r.ID
		}
	}
	t.Fatalf("no open report of %s in the group's reports: %+v", message, rs)
	return ""
}

// TestBrowserGroupReportsSayMoreWait: a group's page lists its first 50
// open reports; with 51 it read "50 reports waiting for your review" and
// nothing of the 51st. On Fay's phone it says more than 50 wait and that
// the rest show as she handles these, in English and in Spanish.
func TestBrowserGroupReportsSayMoreWait(t *testing.T) {
	type css = chromedp.CSS
	s, g, secret, _, asJo, asLu := eveningCircle(t)
	a := s.app
	asCy := asUser(account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember))
	asBo := asUser(account(t, a, "bo@example.org", "steady willow creek", "Bo", model.RoleMember))
	joinedAll(t, a, g.ID, asCy, asBo)
	for i := range 51 {
		// One writes 30 messages a minute at most, one reports 30 things a day.
		from, by := asJo, asLu
		if i >= 25 {
			from = asBo
		}
		if i >= 30 {
			by = asCy
		}
		reportedInGroup(t, a, g.ID, from, by, fmt.Sprint("c", i), fmt.Sprintf("Whatever, number %d", i), "spam", "")
	}
	st := steps{t}
	tab := signedInPhone(t, s.base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(tab, secret)
	for _, c := range []struct{ lang, title, more string }{
		{"en", "More than 50 reports waiting for your review", "More reports wait after these, most severe first: they show here as you handle these."},
		{"es", "Más de 50 reportes esperan tu revisión", "Después de estos esperan más reportes, los más graves primero: aparecen aquí a medida que resuelves estos."},
	} {
		if c.lang == "es" {
			st.spanish(tab, s.base)
		}
		st.do(tab, c.lang+": the group's reports", chromedp.Navigate(s.base+"/groups/"+g.ID+"#reports"), chromedp.WaitVisible(css(`#reports`)))
		if got := st.text(tab, `#reports-h`); got != c.title {
			t.Errorf("%s: the heading reads %q, want %q", c.lang, got, c.title)
		}
		if got := st.text(tab, `#reports-more`); got != c.more {
			t.Errorf("%s: under the reports: %q, want %q", c.lang, got, c.more)
		}
		if n := eval[int](t, tab, "the reports listed", `document.querySelectorAll('#reports ul.cards > li').length`); n != 50 {
			t.Errorf("%s: %d reports listed, want 50", c.lang, n)
		}
		shotHere(t, tab, "#reports-more", "group-reports-more-"+c.lang+".png")
	}
}

// eveningCircle starts Kinship with its site admin and Fay's group,
// Evening circle, which Jo and Lucía joined; it returns the server, the
// group, Fay's two-factor secret, and Fay's, Jo's and Lucía's contexts.
func eveningCircle(t *testing.T) (s *server, g *app.GroupView, secret string, asFay, asJo, asLu context.Context) {
	t.Helper()
	s = startServerParts(t, app.Options{}, nil)
	account(t, s.app, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	g, asFay, secret = faysGroupMFA(t, s.app, "Evening circle", "Peers meeting weeknights")
	asJo = asUser(account(t, s.app, "jo@example.org", "amber meadow trail", "Jo", model.RoleMember))
	asLu = asUser(account(t, s.app, "lucia@example.org", "cobalt river stone", "Lucía", model.RoleMember))
	joinedAll(t, s.app, g.ID, asJo, asLu)
	return s, g, secret, asFay, asJo, asLu
}
