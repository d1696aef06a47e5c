package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserMentorshipCall walks walk12's W12-5 on two phones: Javier,
// a mentor in Madrid who reads Spanish, proposes a call for Tuesday at
// 19:00 on his clock; a time already gone and one the clocks skip are
// refused beside the field, keeping what he typed. Priya, his mentee in
// Kolkata, reads it as Tuesday 8 December, 23:30, in English, with a
// label naming her own clock, and confirms; both see it confirmed with a
// calendar file named only "Call with" the other; her home page names
// it; he cancels and she is told on her clock.
func TestBrowserMentorshipCall(t *testing.T) {
	exe := chromium(t)
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC) // a Monday morning
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return at }})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	javier := account(t, a, "javier@example.org", "amber meadow trail", "Javier", model.RoleMember)
	priya := account(t, a, "priya@example.org", "cobalt river stone", "Priya", model.RoleMember)
	secret := withMFA(t, a, javier)
	if _, err := a.UpdateMe(asUser(javier), func(p *model.Profile) {
		p.RecoveryStart, p.TimeZone = at.AddDate(-3, 0, 0).Format("2006-01-02"), "Europe/Madrid"
	}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLanguage(asUser(javier), "es"); err != nil {
		t.Fatal(err)
	}
	javier.Language = "es"
	if _, err := a.UpdateMe(asUser(priya), func(p *model.Profile) { p.TimeZone = "Asia/Kolkata" }); err != nil {
		t.Fatal(err)
	}
	m := mentoring(t, a, javier, priya)

	st := steps{t}
	propose := `form[action="/mentorships/` + m.ID + `/calls"]`
	javierCtx, closeJavier := phone(t, exe)
	defer closeJavier()
	st.signIn(javierCtx, base, "javier@example.org", "amber meadow trail")
	st.mfaStepAt(javierCtx, secret, at)
	st.do(javierCtx, "his mentorship page", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`section.calls`)))
	if got := st.text(javierCtx, `section.calls`); !strings.Contains(got, "Llamadas con Priya") || !strings.Contains(got, "Todavía no hay ninguna llamada.") {
		t.Fatalf("Javier's calls with Priya: %q", got)
	}
	st.do(javierCtx, "open the form", chromedp.Click(css(`details.call-propose summary`)), chromedp.WaitVisible(css(propose+` input[name=start_local]`)))
	if got := st.text(javierCtx, propose+` label`); got != "Día y hora, Hora de Europa central (Madrid)" {
		t.Fatalf("the form names his clock as %q", got)
	}
	// A time gone, then one the clocks skip: refused beside the field, his words kept.
	// The form shown again names the clock of the day he typed.
	for _, c := range []struct{ typed, says, label string }{
		{"2026-12-06T19:00", "Esa hora ya pasó; elige una que esté por venir", "Día y hora en Madrid (CET)"},
		{"2027-03-28T02:30", "Domingo 28 de marzo de 2027, 02:30 no existe en Hora de Europa central (Madrid): esa noche los relojes se adelantan y se saltan esa hora; elige otra", "Día y hora en Madrid (CEST)"},
	} {
		st.do(javierCtx, "propose "+c.typed, chromedp.Navigate(base+"/mentorship"), chromedp.Click(css(`details.call-propose summary`)),
			chromedp.SetValue(css(propose+` input[name=start_local]`), c.typed), chromedp.Click(css(propose+` button[type=submit]`)),
			chromedp.WaitVisible(css(`.field-error`)))
		if got := st.text(javierCtx, propose+` .field-error`); got != c.says {
			t.Fatalf("%s: the field says %q, want %q", c.typed, got, c.says)
		}
		if got := st.text(javierCtx, propose+` label`); got != c.label {
			t.Fatalf("%s: the form shown again names his clock as %q, want %q", c.typed, got, c.label)
		}
		if kept, err := chromedp.Run(javierCtx, chromedp.Value(css(`#f-start_local`))); err != nil || kept != c.typed {
			t.Fatalf("what he typed became %q (%v)", kept, err)
		}
		if c.typed == "2027-03-28T02:30" {
			shotHere(t, javierCtx, `section.calls`, "call-gap-es.png")
		}
	}
	if calls, err := a.MyCalls(asUser(javier)); err != nil || len(calls) != 0 {
		t.Fatalf("a refused call was written: %v %v", calls, err)
	}
	st.do(javierCtx, "propose Tuesday 19:00", chromedp.Navigate(base+"/mentorship"), chromedp.Click(css(`details.call-propose summary`)),
		chromedp.SetValue(css(propose+` input[name=start_local]`), "2026-12-08T19:00"), chromedp.SetValue(css(propose+` select`), "60"),
		chromedp.Click(css(propose+` button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if got := st.text(javierCtx, `section.calls`); !strings.Contains(got, "martes 8 de diciembre, 19:00 · 60 minutos") || !strings.Contains(got, "Esperando la respuesta de Priya") {
		t.Fatalf("Javier's proposal reads: %q", got)
	}
	if got := st.text(javierCtx, `.notice`); !strings.Contains(got, "Llamada propuesta.") {
		t.Fatalf("the notice: %q", got)
	}
	shotHere(t, javierCtx, `section.calls`, "call-proposed-es.png")

	priyaCtx, closePriya := phone(t, exe)
	defer closePriya()
	st.signIn(priyaCtx, base, "priya@example.org", "cobalt river stone")
	st.do(priyaCtx, "her notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main`)))
	if got := st.text(priyaCtx, `main`); !strings.Contains(got, "Javier proposed a call: Tuesday 8 December, 23:30, for 60 minutes. Confirm it, or suggest another time.") {
		t.Fatalf("Priya's notifications: %q", got)
	}
	st.do(priyaCtx, "her mentorship page", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`section.calls`)))
	got := st.text(priyaCtx, `section.calls`)
	for _, want := range []string{"Calls with Javier", "Tuesday 8 December, 23:30 · 60 minutes", "Javier proposed this time", "Suggest another time"} {
		if !strings.Contains(got, want) {
			t.Fatalf("Priya's calls lack %q: %q", want, got)
		}
	}
	if l := eval[string](t, priyaCtx, "read her form's label", `document.querySelector('details.call-propose label').textContent`); l != "Day and time in Kolkata (IST)" {
		t.Fatalf("her form names her clock as %q", l)
	}
	shotHere(t, priyaCtx, `section.calls`, "call-waiting-en.png")
	st.do(priyaCtx, "confirm", chromedp.Click(css(`input[name=action][value=confirm] + button`)), chromedp.WaitVisible(css(`.notice`)))
	got = st.text(priyaCtx, `section.calls`)
	if !strings.Contains(got, "Confirmed") || !strings.Contains(got, "Add to my calendar") || strings.Contains(got, "Javier proposed this time") {
		t.Fatalf("Priya's confirmed call: %q", got)
	}
	shotHere(t, priyaCtx, `section.calls`, "call-confirmed-en.png")
	file := eval[string](t, priyaCtx, "download the calendar file", `fetch(document.querySelector('section.calls a[download]').href).then(r => r.text())`)
	if !strings.Contains(file, "SUMMARY:Call with Javier\r\n") || !strings.Contains(file, "DTSTART;TZID=Europe/Madrid:20261208T190000") ||
		strings.Count(file, "BEGIN:VEVENT") != 1 || strings.Contains(strings.ToLower(file), "mentor") {
		t.Fatalf("Priya's calendar file:\n%s", file)
	}
	st.do(priyaCtx, "her home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`#home-call`)))
	if got := st.text(priyaCtx, `#home-call`); got != "Your next call with Javier: Tuesday 8 December, 23:30" {
		t.Fatalf("Priya's home: %q", got)
	}

	st.do(javierCtx, "his page again", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`section.calls`)))
	if got := st.text(javierCtx, `section.calls`); !strings.Contains(got, "martes 8 de diciembre, 19:00") || !strings.Contains(got, "Confirmada") ||
		!strings.Contains(got, "Añadir a mi calendario") {
		t.Fatalf("Javier's confirmed call: %q", got)
	}
	shotHere(t, javierCtx, `section.calls`, "call-confirmed-es.png")
	st.do(javierCtx, "cancel", chromedp.Click(css(`input[name=action][value=cancel] + button`)), chromedp.WaitVisible(css(`.notice`)))
	if got := st.text(javierCtx, `section.calls`); !strings.Contains(got, "Todavía no hay ninguna llamada.") {
		t.Fatalf("after cancelling: %q", got)
	}
	st.do(priyaCtx, "her notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main`)))
	if got := st.text(priyaCtx, `main`); !strings.Contains(got, "Javier cancelled the call on Tuesday 8 December, 23:30.") {
		t.Fatalf("Priya's notifications: %q", got)
	}
}

// mentoring makes mentor (two-factor login and time in recovery already
// given) offer to mentor, mentee ask them, and mentor accept: a
// mentorship under way.
func mentoring(t *testing.T, a *app.App, mentor, mentee *model.User) *app.MentorshipView {
	t.Helper()
	if _, err := a.SaveMentorshipSettings(asUser(mentor), app.MentorshipSettings{Mentor: true, Capacity: 2, Availability: []string{"tue-evening"}}); err != nil {
		t.Fatal(err)
	}
	m, err := a.RequestMentor(asUser(mentee), mentor.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeMentorship(asUser(mentor), m.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	return m
}
