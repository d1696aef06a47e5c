package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// walk14 W14-2: Amara, asked by her program in Lagos to write a safety
// plan, found nowhere to write one. Now "Your safety plan" is on the
// support page, in the check-in's "You do not have to carry today alone"
// and under More; its seven steps are written and read back as typed,
// saved at her hour in Lagos, sealed at rest, refused beside the step
// that is too long with every word kept, read by nobody else, in her
// export and gone with her account. Bo reads it all in Spanish.
func TestBrowserSafetyPlan(t *testing.T) {
	exe := chromium(t)
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC) // Monday, 09:00 in Lagos and Madrid
	s := startServerParts(t, app.Options{Now: func() time.Time { return at }}, nil)
	base, a := s.base, s.app
	ash, bo := cast(t, a)
	livesIn(t, a, ash, "NG", "Africa/Lagos", "en")
	livesIn(t, a, bo, "ES", "Europe/Madrid", "es")
	st := steps{t}
	for _, c := range []struct {
		email, pw                                  string
		link, hint, title, private, saved, savedAt string
		labels                                     []string
		tooLong, signs, people                     string
	}{
		{"ash@example.org", "amber meadow trail", "Your safety plan", "What you wrote for a time like this, step by step; only you can read it.",
			"Your safety plan", "Only you can read it: not your partners, your mentor, your program or the moderators.", "Your safety plan is saved.",
			"Last saved Mon 7 Dec, 09:00.",
			[]string{"1. Signs that a hard time is coming", "2. Things I can do on my own", "3. People and places that take my mind off it",
				"4. People I can ask for help", "5. Professionals and services I can call", "6. Making where I am safer", "7. What matters most to me"},
			"Use at most 2,000 characters", "Skipping meals.\nPayday, and the street by the old bar.", "Chidi — 0803 555 0142\nMy sister Ife"},
		{"bo@example.org", "cobalt river stone", "Tu plan de seguridad", "Lo que escribiste para un momento así, paso a paso; solo tú puedes leerlo.",
			"Tu plan de seguridad", "Solo tú puedes leerlo: ni tus compañeros de responsabilidad, ni tu mentor o mentora, ni tu programa, ni la moderación.",
			"Tu plan de seguridad está guardado.", "Guardado por última vez: lun, 7 dic, 09:00.",
			[]string{"1. Señales de que se acerca un momento difícil", "2. Lo que puedo hacer por mi cuenta", "3. Personas y lugares que me ayudan a distraerme",
				"4. Personas a quienes puedo pedir ayuda", "5. Profesionales y servicios a quienes puedo llamar", "6. Hacer más seguro el lugar donde estoy",
				"7. Lo que más me importa"},
			"Usa como máximo 2000 caracteres", "Dormir poco.\nLos domingos por la tarde.", "Lucía — 612 555 014"},
	} {
		tab, done := phone(t, exe)
		defer done()
		st.signIn(tab, base, c.email, c.pw)
		// A hard day's check-in points to it.
		st.do(tab, "check in", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#f-note`)),
			chromedp.Click(css(`label[for="mood-2"]`)), chromedp.Click(css(`label[for="craving-8"]`)), chromedp.Click(css(`label[for="used-yes"]`)),
			chromedp.Click(css(`form[action="/checkin"] button[type=submit]`)), chromedp.WaitVisible(css(`#reach-out`)))
		if got := eval[string](t, tab, "the reach-out's links", `[...document.querySelectorAll('#reach-out a')].map(a => a.textContent + ' ' + a.getAttribute('href')).join(' | ')`); !strings.Contains(got, c.link+" /support/plan") {
			t.Errorf("%s's hard day points to %q, want %q", c.email, got, c.link)
		}
		// The support page names it, under "I need support now".
		st.do(tab, "support", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`#safety-plan-link`)))
		if got := st.text(tab, `#safety-plan-link`); !strings.Contains(got, c.link) || !strings.Contains(got, c.hint) {
			t.Errorf("%s's support page: %q", c.email, got)
		}
		st.do(tab, "open the plan", chromedp.Click(css(`#safety-plan-link a`)), chromedp.WaitVisible(css(`#f-warning_signs`)))
		if got := st.text(tab, `main h1`); got != c.title {
			t.Errorf("%s's plan is titled %q", c.email, got)
		}
		if got := st.text(tab, `#plan-private`); !strings.Contains(got, c.private) || strings.Contains(got, c.savedAt) {
			t.Errorf("%s's plan says %q before it is saved", c.email, got)
		}
		labels := eval[string](t, tab, "labels", `[...document.querySelectorAll('main form label')].map(l => l.textContent).join(' | ')`)
		if want := strings.Join(c.labels, " | "); labels != want {
			t.Errorf("%s's steps:\n%s\nwant\n%s", c.email, labels, want)
		}
		signs, people := c.signs, c.people
		st.do(tab, "write", chromedp.SendKeys(css(`#f-warning_signs`), signs), chromedp.SendKeys(css(`#f-people`), people),
			chromedp.Click(css(`form[action="/support/plan"] button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
		if got := st.text(tab, `.notice`); got != c.saved {
			t.Errorf("%s is told %q", c.email, got)
		}
		read := func(id string) string { return eval[string](t, tab, id, `document.querySelector('#`+id+`').value`) }
		if got := read("f-warning_signs"); got != signs {
			t.Errorf("%s's signs read back %q", c.email, got)
		}
		if got := read("f-people"); got != people {
			t.Errorf("%s's people read back %q", c.email, got)
		}
		if got := st.text(tab, `#plan-private`); !strings.Contains(got, c.savedAt) {
			t.Errorf("%s's plan says %q, want %q", c.email, got, c.savedAt)
		}
		// Too long a step: refused beside it, every word kept, nothing saved.
		st.do(tab, "too long", chromedp.SetValue(css(`#f-reasons`), strings.Repeat("a", 2001)),
			chromedp.SetValue(css(`#f-coping`), "A walk by the lagoon."),
			chromedp.Click(css(`form[action="/support/plan"] button[type=submit]`)), chromedp.WaitVisible(css(`#e-reasons`)))
		if got := st.text(tab, `#e-reasons`); !strings.Contains(got, c.tooLong) {
			t.Errorf("%s's long step is refused with %q", c.email, got)
		}
		if read("f-coping") != "A walk by the lagoon." || len(read("f-reasons")) != 2001 || read("f-people") != people {
			t.Errorf("%s's words were not kept beside the refusal", c.email)
		}
		shot(t, tab, "safety-plan-"+c.email[:3]+".png")
	}
	asAsh := asUser(ash)
	plan, err := a.MySafetyPlan(asAsh)
	if err != nil || plan.Coping != "" || !strings.HasPrefix(plan.WarningSigns, "Skipping meals.") {
		t.Fatalf("Ash's plan after the refusal: %+v, %v", plan, err)
	}
	// Sealed at rest; nobody else reads it.
	var sealed []byte
	if err := s.store.(*bunstore.Store).DB().QueryRowContext(context.Background(), "SELECT sealed FROM safety_plans WHERE user_id = ?", ash.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sealed), "Payday") || strings.Contains(string(sealed), "Chidi") {
		t.Error("the plan is stored in the clear")
	}
	if other, err := a.MySafetyPlan(asUser(bo)); err != nil || strings.Contains(other.People, "Chidi") {
		t.Errorf("Bo reads %+v, %v", other, err)
	}
	// In her export; gone with her account.
	me := app.WithActor(context.Background(), &app.Actor{User: ash, Session: &model.Session{AuthAt: at}})
	ex, err := a.ExportMe(me)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ex.Parts["safety_plan"])
	if !strings.Contains(string(b), "Payday, and the street by the old bar.") {
		t.Errorf("the export's safety plan: %s", b)
	}
	if err := a.DeleteMe(me, "", ""); err != nil {
		t.Fatal(err)
	}
	var n int
	s.store.(*bunstore.Store).DB().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM safety_plans WHERE user_id = ?", ash.ID).Scan(&n)
	if n != 0 {
		t.Errorf("%d plans left after erasure", n)
	}
}
