package web_test

import (
	"context"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// The mentorship page's suggestions come from the mentors each node keeps
// (issue 17): Bo (en) and Lucía (es), both on a 12-step path, speaking
// Spanish and parents, read the mentors who share most with them first —
// Ana (all three), Beto (the path and the language), Carmen (the
// language), Dario (none) — and not Elena, who paused, nor Félix, whose
// one seat Ash's request takes. When Elena takes mentees again and Félix
// declines, both are read on the next page, where they belong.
func TestBrowserMentorSuggestionsFollowChanges(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	_, bo := cast(t, a)
	lucia := account(t, a, "lucia@example.org", "violet canyon song", "Lucía", model.RoleMember)
	if err := a.SetLanguage(app.WithActor(ctx, &app.Actor{User: lucia}), "es"); err != nil {
		t.Fatal(err)
	}
	start := a.Now().AddDate(-4, 0, 0).Format("2006-01-02")
	type mentor struct {
		name           string
		paths, circ    []string
		langs          []string
		paused         bool
		capacity       int
		u              *model.User
		as             context.Context
		pw, email      string
		settingsToKeep app.MentorshipSettings
	}
	mentors := []*mentor{
		{name: "Ana", paths: []string{"12-step"}, langs: []string{"Spanish"}, circ: []string{"parent"}, capacity: 2},
		{name: "Beto", paths: []string{"12-step"}, langs: []string{"Spanish"}, capacity: 2},
		{name: "Carmen", paths: []string{"secular"}, langs: []string{"Spanish"}, capacity: 2},
		{name: "Dario", paths: []string{"secular"}, langs: []string{"French"}, capacity: 2},
		{name: "Elena", paths: []string{"12-step"}, langs: []string{"Spanish"}, circ: []string{"parent"}, capacity: 2, paused: true},
		{name: "Félix", paths: []string{"12-step"}, langs: []string{"Spanish"}, circ: []string{"parent"}, capacity: 1},
	}
	for i, m := range mentors {
		m.email = "mentor" + string(rune('a'+i)) + "@example.org"
		m.u = account(t, a, m.email, "quiet harbor lantern "+m.name, m.name, model.RoleMember)
		m.as = app.WithActor(ctx, &app.Actor{User: m.u})
		withMFA(t, a, m.u)
		if _, err := a.UpdateMe(m.as, func(p *model.Profile) {
			p.RecoveryStart, p.Languages, p.Pathways, p.LifeCircumstances, p.TimeZone = start, m.langs, m.paths, m.circ, "America/Mexico_City"
		}); err != nil {
			t.Fatal(err)
		}
		m.settingsToKeep = app.MentorshipSettings{Mentor: true, Capacity: m.capacity, Paused: m.paused}
		if _, err := a.SaveMentorshipSettings(m.as, m.settingsToKeep); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []*model.User{bo, lucia} {
		if _, err := a.UpdateMe(app.WithActor(ctx, &app.Actor{User: u}), func(p *model.Profile) {
			p.Languages, p.Pathways, p.LifeCircumstances, p.TimeZone = []string{"Spanish"}, []string{"12-step"}, []string{"parent"}, "America/Mexico_City"
		}); err != nil {
			t.Fatal(err)
		}
	}
	// Félix's one seat: Ash asked him.
	ash, err := a.Store().FindUserByEmail(ctx, "ash@example.org")
	if err != nil {
		t.Fatal(err)
	}
	felix := mentors[5]
	asked, err := a.RequestMentor(app.WithActor(ctx, &app.Actor{User: ash}), felix.u.ID, "")
	if err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	type css = chromedp.CSS
	tabs := map[string]context.Context{
		"en": signedInPhone(t, base, "bo@example.org", "cobalt river stone"),
		"es": signedInPhone(t, base, "lucia@example.org", "violet canyon song"),
	}
	heading := map[string]string{"en": "Find a mentor", "es": "Buscar un mentor o una mentora"}
	read := func(lang, shot string) []string {
		t.Helper()
		tab := tabs[lang]
		st.do(tab, lang+": the mentorship page", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`#find`)))
		if h := eval[string](t, tab, "the heading", `document.querySelector('#find').innerText`); h != heading[lang] {
			t.Errorf("%s: the heading reads %q, want %q", lang, h, heading[lang])
		}
		shotHere(t, tab, "#find", shot)
		return eval[[]string](t, tab, lang+": the suggestions", `Array.from(document.querySelectorAll('#find ~ ul.cards > li > h3')).map(h => h.innerText.trim())`)
	}
	for _, lang := range []string{"en", "es"} {
		got := read(lang, "mentor-suggestions-"+lang+".png")
		if want := []string{"Ana", "Beto", "Carmen", "Dario"}; !slices.Equal(got, want) {
			t.Errorf("%s: the suggestions read %q, want %q", lang, got, want)
		}
	}

	// Elena takes mentees again; Félix declines Ash's request.
	elena := mentors[4]
	elena.settingsToKeep.Paused = false
	if _, err := a.SaveMentorshipSettings(elena.as, elena.settingsToKeep); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeMentorship(felix.as, asked.ID, "decline", ""); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "es"} {
		got := read(lang, "mentor-suggestions-after-"+lang+".png")
		if len(got) != 5 || !slices.Contains(got[:3], "Elena") || !slices.Contains(got[:3], "Félix") || !slices.Contains(got[:3], "Ana") ||
			got[3] != "Beto" || got[4] != "Carmen" {
			t.Errorf("%s: after Elena came back and Félix's seat was freed, the suggestions read %q, want Ana, Elena and Félix (in any order: they share as much), then Beto, Carmen", lang, got)
		}
	}
}
