package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk4: Lucía, already Priya's accountability partner, opened Priya's page
// and was offered "Invitar a Priya a ser compañeros de responsabilidad";
// pressing it answered "Hay un problema: Ya son compañeros…". A member's
// page now says where the reader stands with them, in their language, and
// offers to ask only what has not been asked: Bo reads that he and Ash
// are partners and connected; Cy, whom Bo invited and asked to connect,
// reads in Spanish that Bo invited her, with a link to answer.
func TestBrowserMemberPageSaysWhereYouStand(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	cy := account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember)
	partnered(t, a, bo, ash)
	c, err := a.RequestConnection(asUser(bo), ash.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AcceptConnection(asUser(ash), c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.InvitePartner(asUser(bo), cy.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RequestConnection(asUser(bo), cy.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLanguage(asUser(cy), "es"); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	read := func(tab context.Context, id string) (string, []string) {
		t.Helper()
		st.do(tab, "open "+id, chromedp.Navigate(base+"/members/"+id), chromedp.WaitVisible(css(`main h1`)))
		return st.text(tab, `main`), eval[[]string](t, tab, "the buttons", `Array.from(document.querySelectorAll('main .actions button')).map(b => b.innerText.trim())`)
	}
	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	page, buttons := read(boTab, ash.ID)
	if !strings.Contains(page, "You and Ash are accountability partners. What each of you shares") || !strings.Contains(page, "You and Ash are connected.") {
		t.Errorf("Bo reads on Ash's page:\n%s", page)
	}
	if got := strings.Join(buttons, "|"); got != "Message Ash" {
		t.Errorf("Bo is offered %q on Ash's page, want only Message Ash", got)
	}
	shot(t, boTab, "member-partners-now-en.png")
	if page, _ := read(boTab, cy.ID); !strings.Contains(page, "You invited Cy to be accountability partners; they have not answered yet.") ||
		!strings.Contains(page, "You asked Cy to connect; they have not answered yet.") {
		t.Errorf("Bo reads on Cy's page:\n%s", page)
	}

	cyTab := signedInPhone(t, base, "cy@example.org", "granite orchard dusk")
	page, buttons = read(cyTab, bo.ID)
	if !strings.Contains(page, "Bo te invitó a ser compañeros de responsabilidad. Responder") || !strings.Contains(page, "Bo te pidió conectar. Responder") {
		t.Errorf("Cy reads on Bo's page:\n%s", page)
	}
	if got := strings.Join(buttons, "|"); got != "Enviar un mensaje a Bo" {
		t.Errorf("Cy is offered %q on Bo's page", got)
	}
	if href, err := chromedp.Run(cyTab, chromedp.AttributeValue(css(`#partner-status a`), "href")); err != nil || href.Value != "/partners" {
		t.Errorf("Cy's answer link goes to %q (%v)", href.Value, err)
	}
	shot(t, cyTab, "member-invited-you-es.png")
}
