package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserInviteRosterAndAlumni walks walk11's W11-7 on a phone: Rosa,
// Harbor House's admin, pastes her alumni's addresses, one a line, and
// chooses that they join as alumni. The good rows are sent and the page
// says how many and to which addresses; the row that is not an address is
// left alone in the box, named by its line there and why (it sent nothing
// before, review12). Fixed, it is sent too. Dee, one of them, joins with
// her code and reads that she is the program's alum; Rosa's page lists her
// as "alum" with nothing to discharge. The list reads in Spanish too. A
// row of words that is no address is said to be not an email address
// (walk13 W13-8: "'not an address' is more than one address").
func TestBrowserInviteRosterAndAlumni(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	org, rosa, secret := harborHouseAlone(t, a)
	dee := account(t, a, "dee@example.org", "amber meadow trail", "Dee", model.RoleMember)
	asRosa := asUser(rosa)
	st := steps{t}
	tab := rosaOnPhone(t, base, secret)
	page := "/organizations/" + org.ID

	list := "ana@example.org\nben@example.org, cal@example.org\nana@\nnot an address\n\nANA@example.org\ndee@example.org\n"
	send := func(step, text string, wait string) {
		t.Helper()
		st.do(tab, step, chromedp.Navigate(base+page), chromedp.WaitVisible(css(`#f-roster`)), chromedp.SendKeys(css(`#f-cohort`), "2019"),
			chromedp.Click(css(`#joins-alumni`)), chromedp.SetValue(css(`#f-roster`), text),
			chromedp.Click(css(`.roster + button`)), chromedp.WaitVisible(css(wait)))
	}
	send("a list with a bad row", list, `#e-roster`)
	if n := st.text(tab, `p.notice`); !strings.Contains(n, "Made 4 codes, one for each address, and sent each by email: to ana@example.org, ben@example.org, "+
		"cal@example.org and dee@example.org. Each person joins as an alum of your program.") {
		t.Errorf("after a list with a bad row the page reads %q", n)
	}
	refused := st.text(tab, `#e-roster`)
	for _, w := range []string{"2 lines were not sent, and are left in the box: fix them, then send them again.", "line 1: 'ana@' is not an email address",
		"line 2: 'not an address' is not an email address"} {
		if !strings.Contains(refused, w) || strings.Contains(refused, "more than one") {
			t.Errorf("the list's rows left read %q, not %q", refused, w)
		}
	}
	if kept, _ := chromedp.Run(tab, chromedp.Value(css(`#f-roster`))); kept != "ana@\nnot an address" {
		t.Errorf("the field keeps %q, want only the row not sent", kept)
	}
	if alum, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector('#joins-alumni').checked`)); !alum {
		t.Errorf("the choice of alumni is not kept")
	}
	shotHere(t, tab, "main", "org-roster-partly-sent-en.png")
	shotHere(t, tab, ".roster", "org-roster-left-en.png")
	if rows, _ := a.ListInvitations(asRosa, org.ID); len(rows) != 4 {
		t.Fatalf("a list with 4 good rows and a bad one made %d codes", len(rows))
	}
	// The page came after a redirect: reloading it sends nothing again.
	st.do(tab, "Rosa reloads the page", chromedp.Reload(), chromedp.WaitVisible(css(`#f-roster`)))
	if at, _ := chromedp.Run(tab, chromedp.Location()); at != base+page+"#f-roster" {
		t.Errorf("the page after the list is %s, want the program's page", at)
	}
	if rows, _ := a.ListInvitations(asRosa, org.ID); len(rows) != 4 {
		t.Fatalf("reloading the page after the list made %d codes, want the 4 already made", len(rows))
	}

	send("the row fixed", "ana.b@example.org", `p.notice`)
	if n := st.text(tab, `p.notice`); !strings.Contains(n, "Made 1 code and sent it by email to its address. Each person joins as an alum of your program.") {
		t.Errorf("after the fixed row the page reads %q", n)
	}
	codes := st.text(tab, `#codes`)
	if strings.Count(codes, "Cohort 2019, for an alum, made") != 5 {
		t.Errorf("the codes made read %q, want 5 for alumni", codes)
	}
	shot(t, tab, "org-roster-sent-en.png")

	// Dee joins with a code made for alumni, on her own phone.
	inv, err := a.Invite(asRosa, org.ID, app.InviteInput{Cohort: "2019", JoinsAs: app.OrgAlumni})
	if err != nil {
		t.Fatal(err)
	}
	deeTab := signedInPhone(t, base, "dee@example.org", "amber meadow trail")
	st.do(deeTab, "Dee joins", chromedp.Navigate(base+"/organizations"), chromedp.SendKeys(css(`#f-code`), inv.Code),
		chromedp.Click(css(`form[action="/organizations/join"] button`)), chromedp.WaitVisible(css(`p.notice`)))
	if n := st.text(deeTab, `p.notice`); !strings.Contains(n, "You joined as an alum of your program") {
		t.Errorf("Dee reads %q after joining", n)
	}
	if mine := st.text(deeTab, `main`); !strings.Contains(mine, "Harbor House (alum, 2019)") {
		t.Errorf("Dee's organizations read %q", mine)
	}
	shot(t, deeTab, "org-joined-alum-en.png")
	ms, _ := a.OrgMembers(asRosa, org.ID)
	for _, m := range ms {
		if m.UserID == dee.ID && (m.Role != app.OrgAlumni || m.DischargedAt != nil) {
			t.Errorf("Dee is %s (discharged %v), want an alum never discharged", m.Role, m.DischargedAt)
		}
	}
	st.do(tab, "Rosa's page", chromedp.Navigate(base+page), chromedp.WaitVisible(css(`table.stack`)))
	if people := st.text(tab, `table.stack`); !strings.Contains(people, "Dee") || !strings.Contains(people, "alum") {
		t.Errorf("Rosa's people read %q", people)
	}
	if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('input[name=action][value=discharge]').length`)); n != 0 {
		t.Errorf("Rosa is offered %d discharges, with no client", n)
	}

	// In Spanish.
	st.spanish(tab, base)
	send("una lista con filas malas", "eva@example.org\nfran@example\nno es una dirección\n", `#e-roster`)
	if n := st.text(tab, `p.notice`); !strings.Contains(n, "Se creó 1 código y se envió por correo a eva@example.org.") {
		t.Errorf("the Spanish notice reads %q", n)
	}
	refused = st.text(tab, `#e-roster`)
	for _, w := range []string{"2 líneas no se enviaron y quedaron en el cuadro: corrígelas y vuelve a enviarlas.",
		"línea 1: 'fran@example' no es una dirección de correo electrónico", "línea 2: 'no es una dirección' no es una dirección de correo electrónico"} {
		if !strings.Contains(refused, w) || strings.Contains(refused, "más de una") {
			t.Errorf("the Spanish rows left read %q, not %q", refused, w)
		}
	}
	if people := st.text(tab, `table.stack`); !strings.Contains(people, "exparticipante") {
		t.Errorf("Rosa's people in Spanish read %q", people)
	}
	shotHere(t, tab, "main", "org-roster-partly-sent-es.png")
}
