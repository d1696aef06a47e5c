package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk7: Fay, whose profile gives her pronouns as "ella", facilitates a
// group; Ash, reading Spanish, read "Fay facilitador/a" under Miembros and
// "Fay (compañero/a)" among her partners, and Bo, reading English, read
// "You asked Fay to connect; they have not answered yet." Each now reads
// Fay in the form she gave ("facilitadora", "compañera", "she"), Bo (he/him)
// as "compañero", Dee, who gave none, without gender ("compañero o
// compañera"), and once Fay keeps her pronouns to herself, nobody's page
// follows them: "persona facilitadora", "they".
func TestBrowserPagesSpeakOfPeopleByTheirPronouns(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	dee := account(t, a, "dee@example.org", "silver canyon morning", "Dee", model.RoleMember)
	g, asFay, _ := faysGroupMFA(t, a, "Circle of parents", "A weekly circle for parents.")
	fay := app.ActorFrom(asFay).User
	if _, err := a.UpdateMe(asFay, func(p *model.Profile) { p.Pronouns = "ella" }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMe(asUser(bo), func(p *model.Profile) { p.Pronouns = "he/him" }); err != nil {
		t.Fatal(err)
	}
	livesIn(t, a, ash, "MX", "America/Mexico_City", "es")
	joinedAll(t, a, g.ID, asUser(ash), asUser(bo))
	partnered(t, a, fay, ash)
	partnered(t, a, bo, ash)
	partnered(t, a, dee, ash)
	if _, err := a.RequestConnection(asUser(bo), fay.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.InvitePartner(asUser(bo), fay.ID); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	ashTab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	members := func(tab context.Context, who string) string {
		st.do(tab, who+" opens the group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#members`)))
		return strings.Join(strings.Fields(st.text(tab, `#members + ul`)), " ")
	}
	if got := members(ashTab, "Ash"); !strings.Contains(got, "Fay facilitadora") || strings.Contains(got, "/a") {
		t.Errorf("Ash reads the group's members as %q, want Fay named facilitadora", got)
	}
	shot(t, ashTab, "pronoun-group-es.png")
	if got := members(boTab, "Bo"); !strings.Contains(got, "Fay facilitator") {
		t.Errorf("Bo reads the group's members as %q", got)
	}
	st.do(ashTab, "Ash's partners", chromedp.Navigate(base+"/partners"), chromedp.WaitVisible(css(`section.partner h2`)))
	heads := eval[[]string](t, ashTab, "partners' headings", `[...document.querySelectorAll('section.partner h2')].map(h => h.innerText.trim())`)
	for _, want := range []string{"Fay (compañera)", "Bo (compañero)", "Dee (compañero o compañera)"} {
		if !strings.Contains(strings.Join(heads, "|"), want) {
			t.Errorf("Ash's partners read %q, want %q among them", heads, want)
		}
	}
	shot(t, ashTab, "pronoun-partners-es.png")
	st.do(boTab, "Bo opens Fay's page", chromedp.Navigate(base+"/members/"+fay.ID), chromedp.WaitVisible(css(`#connection-status`)))
	if got := st.text(boTab, `#connection-status`); got != "You asked Fay to connect; she has not answered yet." {
		t.Errorf("Bo reads on Fay's page %q", got)
	}
	if got := st.text(boTab, `#partner-status`); !strings.HasPrefix(got, "You invited Fay to be accountability partners; she has not answered yet.") {
		t.Errorf("Bo reads on Fay's page %q", got)
	}
	shot(t, boTab, "pronoun-member-en.png")

	// Fay keeps her pronouns to herself: no page follows them.
	if _, err := a.UpdateMe(asFay, func(p *model.Profile) {
		if p.Visibility == nil {
			p.Visibility = model.DefaultVisibility()
		}
		p.Visibility["pronouns"] = model.VisOnlyMe
	}); err != nil {
		t.Fatal(err)
	}
	if got := members(ashTab, "Ash, again"); !strings.Contains(got, "Fay persona facilitadora") {
		t.Errorf("with Fay's pronouns hidden, Ash reads the group's members as %q", got)
	}
	st.do(boTab, "Bo opens Fay's page again", chromedp.Navigate(base+"/members/"+fay.ID), chromedp.WaitVisible(css(`#connection-status`)))
	if got := st.text(boTab, `#connection-status`); got != "You asked Fay to connect; they have not answered yet." {
		t.Errorf("with Fay's pronouns hidden, Bo reads %q", got)
	}
}
