package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// A group's page lists its people a page at a time (issue 17): it listed
// every member, up to 10,000. In a group of 44, Bo (en) reads Fay, its
// facilitator, first, then the 25 longest-standing members and "More
// members →"; the next page has Fay again and the other 17 (Bo and Cy
// among them), with "← First members". The group longer than a page
// offers to find a member by name: "member 3" finds the ten from Member 30, "nobody" says
// nobody has that in their name. A page after someone with no place in the
// group starts again and says so. Cy reads all of it in Spanish. Fay, its
// facilitator, reads the request waiting on the first page, finds Member
// 33 (on the second page) by name and removes them with a reason from
// there: a facilitator's actions on anyone stay within reach.
func TestBrowserGroupMembersPages(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	_, bo := cast(t, a)
	cy := account(t, a, "cy@example.org", "granite orchard dusk", "Cy", model.RoleMember)
	if err := a.SetLanguage(asUser(cy), "es"); err != nil {
		t.Fatal(err)
	}
	g, _, secret := faysGroupMFA(t, a, "Parents in recovery", "A weekly circle for parents.")
	st := a.Store()
	at := a.Now().Add(-48 * time.Hour)
	var members []string // the 40 earlier members, longest-standing first
	ids := map[string]string{}
	for i := 1; i <= 40; i++ {
		id, name, when := fmt.Sprintf("01U%023d", i), fmt.Sprintf("Member %02d", i), at.Add(time.Duration(i)*time.Minute)
		if err := st.CreateUser(ctx, &model.User{ID: id, Email: fmt.Sprintf("m%d@example.org", i), PasswordHash: "x", Role: model.RoleMember, CreatedAt: when}); err != nil {
			t.Fatal(err)
		}
		if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: id, DisplayName: name, Visibility: model.DefaultVisibility(), UpdatedAt: when}); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: id, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &when, CreatedAt: when, UpdatedAt: when}); err != nil {
			t.Fatal(err)
		}
		members, ids[name] = append(members, name), id
	}
	joinedAll(t, a, g.ID, asUser(bo), asUser(cy))
	// Ravi asks to join: only Fay reads it, on the first page.
	ravi := account(t, a, "ravi@example.org", "maple lantern brook", "Ravi", model.RoleMember)
	now := a.Now()
	if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: ravi.ID, Role: app.RoleMember, Status: "requested", CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}

	steps := steps{t}
	type css = chromedp.CSS
	listed := func(tab context.Context) []string {
		return eval[[]string](t, tab, "the members", `Array.from(document.querySelectorAll('#members + ul > li')).map(li => li.querySelector('span').innerText.replace(/\s+/g, ' ').trim())`)
	}
	links := func(tab context.Context) []string {
		return eval[[]string](t, tab, "the members' page links", `Array.from(document.querySelectorAll('#members-pages a')).map(a => a.innerText.trim() + ' ' + a.getAttribute('href'))`)
	}
	page := "/groups/" + g.ID
	// clickAndWait clicks sel and waits for the next page's members.
	clickAndWait := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.before = "1"`),
			chromedp.Click(css(sel)), chromedp.WaitNotPresent(css(`html[data-before]`)), chromedp.WaitVisible(css(`#members`)))
	}
	for _, c := range []struct {
		lang, email, pw                    string
		count, facilitator, more, first    string
		all, none, restarted, label, found string
	}{
		{"en", "bo@example.org", "cobalt river stone", "43 members", "Fay facilitator", "More members →", "← First members", "← All members",
			"Nobody in this group has that in their name.", "That page of the members is no longer there; here is the first.", "Find a member by name", "Find"},
		{"es", "cy@example.org", "granite orchard dusk", "43 miembros", "Fay persona facilitadora", "Más miembros →", "← Primeros miembros", "← Todos los miembros",
			"Nadie en este grupo tiene eso en su nombre.", "Esa página de miembros ya no existe; aquí está la primera.", "Buscar a un miembro por su nombre", "Buscar"},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		steps.do(tab, c.lang+": the group", chromedp.Navigate(base+page), chromedp.WaitVisible(css(`#members`)))
		if hint := steps.text(tab, `main p.hint`); !strings.HasPrefix(hint, c.count) {
			t.Errorf("%s: the group's line reads %q, want %q", c.lang, hint, c.count)
		}
		first := listed(tab)
		if want := append([]string{c.facilitator}, members[:25]...); !slices.Equal(first, want) {
			t.Errorf("%s: the first page lists %q, want %q", c.lang, first, want)
		}
		if l := links(tab); len(l) != 1 || l[0] != c.more+" "+page+"?after="+ids["Member 25"]+"#members" {
			t.Errorf("%s: the first page's links read %q, want only %q after Member 25", c.lang, l, c.more)
		}
		if got := steps.text(tab, `#member-find label`) + " | " + steps.text(tab, `#member-find button`); got != c.label+" | "+c.found {
			t.Errorf("%s: the search reads %q", c.lang, got)
		}
		shotHere(t, tab, `#members`, "group-members-first-"+c.lang+".png")
		shotHere(t, tab, `#members-pages`, "group-members-first-foot-"+c.lang+".png")

		steps.do(tab, c.lang+": more members", clickAndWait(`#members-pages a[rel=next]`))
		next := listed(tab)
		if want := append(append([]string{c.facilitator}, members[25:]...), "Bo", "Cy"); !slices.Equal(next, want) {
			t.Errorf("%s: the next page lists %q, want %q", c.lang, next, want)
		}
		if l := links(tab); len(l) != 1 || l[0] != c.first+" "+page+"#members" {
			t.Errorf("%s: the last page's links read %q, want only %q", c.lang, l, c.first)
		}
		shotHere(t, tab, `#members-pages`, "group-members-next-"+c.lang+".png")

		steps.do(tab, c.lang+": find by name", chromedp.SetValue(css(`#f-member`), "member 3"), clickAndWait(`#member-find button`))
		if got, want := listed(tab), members[29:39]; !slices.Equal(got, want) {
			t.Errorf("%s: finding %q lists %q, want %q", c.lang, "member 3", got, want)
		}
		if l := links(tab); len(l) != 1 || l[0] != c.all+" "+page+"#members" {
			t.Errorf("%s: the found members' links read %q, want only %q", c.lang, l, c.all)
		}
		if v := eval[string](t, tab, "the search box", `document.querySelector('#f-member').value`); v != "member 3" {
			t.Errorf("%s: the search box reads %q", c.lang, v)
		}
		shotHere(t, tab, `#members`, "group-members-found-"+c.lang+".png")
		steps.do(tab, c.lang+": find nobody", chromedp.Navigate(base+page+"?member=nobody#members"), chromedp.WaitVisible(css(`#members-none`)))
		if got := steps.text(tab, `#members-none`); got != c.none {
			t.Errorf("%s: finding nobody reads %q, want %q", c.lang, got, c.none)
		}
		if got := listed(tab); len(got) != 0 {
			t.Errorf("%s: finding nobody lists %q", c.lang, got)
		}

		steps.do(tab, c.lang+": a page after nobody", chromedp.Navigate(base+page+"?after=01UNOSUCHPERSON#members"), chromedp.WaitVisible(css(`#members-restarted`)))
		if got := steps.text(tab, `#members-restarted`); got != c.restarted {
			t.Errorf("%s: the notice reads %q, want %q", c.lang, got, c.restarted)
		}
		if got := listed(tab); !slices.Equal(got, first) {
			t.Errorf("%s: after nobody the page lists %q, want the first page", c.lang, got)
		}
	}

	// Fay reads Ravi's request after herself, finds Member 33 by name
	// and removes them from the search's page.
	tab := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	steps.mfaStep(tab, secret)
	steps.do(tab, "Fay: the group", chromedp.Navigate(base+page), chromedp.WaitVisible(css(`#members`)))
	if got := listed(tab); len(got) != 27 || got[0] != "Fay facilitator" || got[1] != "Ravi asked to join" || got[2] != "Member 01" {
		t.Errorf("Fay's first page lists %q, want Fay, Ravi asking, Member 01...", got)
	}
	steps.do(tab, "Fay finds Member 33", chromedp.SetValue(css(`#f-member`), "Member 33"), clickAndWait(`#member-find button`))
	if got := listed(tab); !slices.Equal(got, []string{"Member 33"}) {
		t.Errorf("Fay finding Member 33 lists %q", got)
	}
	id := ids["Member 33"]
	steps.do(tab, "Fay opens removing Member 33", chromedp.Click(css(`#remove-`+id+` summary`)), chromedp.WaitVisible(css(`#reason-`+id)))
	shotHere(t, tab, `#members`, "group-members-found-remove-en.png")
	steps.do(tab, "Fay removes Member 33", chromedp.SendKeys(css(`#reason-`+id), "Repeated harassment after a warning"), submitAndWait(`#remove-`+id+` button`))
	if got := steps.text(tab, `.notice`); !strings.HasPrefix(got, "Member 33 is no longer in the group.") {
		t.Errorf("after removing Member 33 Fay reads %q", got)
	}
	if m, err := st.FindGroupMember(ctx, g.ID, id); err != nil || m.Status != "removed" || m.Reason != "Repeated harassment after a warning" {
		t.Errorf("Member 33's place reads %+v, %v", m, err)
	}
	steps.do(tab, "Fay looks for Member 33 again", chromedp.Navigate(base+page+"?member=Member+33#members"), chromedp.WaitVisible(css(`#members-none`)))
}
