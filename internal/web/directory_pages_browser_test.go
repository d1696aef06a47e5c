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

// The group directory comes a page at a time (issue 17): of 30 groups,
// Bo (en) reads the 25 newest, newest first, each with its members and
// who may join, and taps "More groups" for the five older ones, where
// "Newest groups" takes him back; Lucía (es) reads the same pages in
// Spanish. A search pages too, its words kept in the link; a page that
// continues after a group no longer there says so and starts again.
func TestBrowserGroupDirectoryPages(t *testing.T) {
	base, a := startServer(t)
	var names []string // oldest first
	directoryCast(t, a, 30, func(i int) (string, string) {
		name := fmt.Sprintf("Circle %02d", i)
		if i == 1 {
			name = "Evening walkers" // the oldest, found by no search for circles
		}
		names = append(names, name)
		return name, "We meet to talk about the week."
	})
	newestFirst := slices.Clone(names)
	slices.Reverse(newestFirst)

	steps := steps{t}
	type css = chromedp.CSS
	found := func(tab context.Context) []string { return directoryFound(t, tab) }
	links := func(tab context.Context) []string { return directoryLinks(t, tab) }
	for _, c := range []struct {
		lang, email, pw string
		members, open   string
		more, newest    string
		restarted       string
	}{
		{"en", "bo@example.org", "cobalt river stone", "1 member", "open to all members", "More groups →", "← Newest groups",
			"That page of the directory is no longer there; here are the newest groups."},
		{"es", "lucia@example.org", "violet canyon song", "1 miembro", "abierto a todos los miembros", "Más grupos →", "← Grupos más recientes",
			"Esa página del directorio ya no existe; aquí están los grupos más recientes."},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		steps.do(tab, c.lang+": the directory", chromedp.Navigate(base+"/groups"), chromedp.WaitVisible(css(`#find`)))
		first := found(tab)
		if len(first) != 25 {
			t.Fatalf("%s: the first page lists %d groups, want 25: %q", c.lang, len(first), first)
		}
		for i, line := range first {
			if !strings.HasPrefix(line, newestFirst[i]+" ") || !strings.Contains(line, c.members) || !strings.Contains(line, c.open) {
				t.Errorf("%s: group %d reads %q, want %s with %q", c.lang, i+1, line, newestFirst[i], c.members)
			}
		}
		if l := links(tab); len(l) != 1 || !strings.HasPrefix(l[0], c.more+" /groups?after="+fmt.Sprintf("01G%023d", 6)+"#find") {
			t.Errorf("%s: the first page's links read %q, want only %q to after the 25th", c.lang, l, c.more)
		}
		shotHere(t, tab, `#find ~ nav`, "group-directory-first-"+c.lang+".png")
		steps.do(tab, c.lang+": tap for more", chromedp.Click(css(`#find ~ nav a[rel=next]`)), chromedp.WaitVisible(css(`#find ~ nav a`)))
		rest := found(tab)
		var restNames []string
		for _, line := range rest {
			restNames = append(restNames, strings.SplitN(line, " We meet", 2)[0])
		}
		if !slices.Equal(restNames, newestFirst[25:]) {
			t.Errorf("%s: the next page lists %q, want %q", c.lang, restNames, newestFirst[25:])
		}
		if l := links(tab); len(l) != 1 || l[0] != c.newest+" /groups#find" {
			t.Errorf("%s: the last page's links read %q, want only %q", c.lang, l, c.newest)
		}
		shotHere(t, tab, `#find`, "group-directory-next-"+c.lang+".png")

		// A search for circles: 29 of them, so two pages, the words kept.
		steps.do(tab, c.lang+": search", chromedp.Navigate(base+"/groups?q=circle"), chromedp.WaitVisible(css(`#find`)))
		if got := found(tab); len(got) != 25 || !strings.HasPrefix(got[0], "Circle 30 ") {
			t.Errorf("%s: searching for circles lists %d, first %q", c.lang, len(got), got[:min(1, len(got))])
		}
		if l := links(tab); len(l) != 1 || l[0] != c.more+" /groups?after="+fmt.Sprintf("01G%023d", 6)+"&q=circle#find" {
			t.Errorf("%s: the search's links read %q", c.lang, l)
		}
		steps.do(tab, c.lang+": the search's next page", chromedp.Click(css(`#find ~ nav a[rel=next]`)), chromedp.WaitVisible(css(`#find ~ nav a`)))
		got := found(tab)
		if len(got) != 4 || !strings.HasPrefix(got[3], "Circle 02 ") {
			t.Errorf("%s: the search's next page lists %q, want Circle 05 to Circle 02", c.lang, got)
		}
		if q := eval[string](t, tab, "the search box", `document.querySelector('#f-q').value`); q != "circle" {
			t.Errorf("%s: the search box reads %q on the next page", c.lang, q)
		}

		// A page after a group that is gone starts again, and says so.
		steps.do(tab, c.lang+": a page after a gone group", chromedp.Navigate(base+"/groups?after=01GNOSUCHGROUP#find"), chromedp.WaitVisible(css(`#groups-restarted`)))
		if b := eval[string](t, tab, "the notice", `document.querySelector('#groups-restarted').innerText`); b != c.restarted {
			t.Errorf("%s: the notice reads %q, want %q", c.lang, b, c.restarted)
		}
		if got := found(tab); len(got) != 25 || !strings.HasPrefix(got[0], newestFirst[0]+" ") {
			t.Errorf("%s: after a gone group the directory lists %d groups, first %q", c.lang, len(got), got[:min(1, len(got))])
		}
	}
}

// directoryCast signs up on a the cast (Ash, Bo in English) and Lucía (in
// Spanish), and n listed groups that Ash facilitates, "01G…1" to "01G…n",
// a minute apart from two days ago, the newest last, each named and
// described by group(i).
func directoryCast(t *testing.T, a *app.App, n int, group func(i int) (name, description string)) {
	t.Helper()
	ctx := context.Background()
	ash, _ := cast(t, a)
	lucia := account(t, a, "lucia@example.org", "violet canyon song", "Lucía", model.RoleMember)
	if err := a.SetLanguage(app.WithActor(ctx, &app.Actor{User: lucia}), "es"); err != nil {
		t.Fatal(err)
	}
	st := a.Store()
	at := a.Now().Add(-48 * time.Hour)
	for i := 1; i <= n; i++ {
		name, desc := group(i)
		id := fmt.Sprintf("01G%023d", i)
		when := at.Add(time.Duration(i) * time.Minute)
		if err := st.CreateGroup(ctx, &store.Group{ID: id, Name: name, Description: desc, Visibility: app.GroupListed,
			CreatedBy: ash.ID, CreatedAt: when, UpdatedAt: when}); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: id, UserID: ash.ID, Role: app.RoleFacilitator, Status: "active",
			GuidelinesAccepted: &when, CreatedAt: when, UpdatedAt: when}); err != nil {
			t.Fatal(err)
		}
	}
}

// directoryFound is each group the directory's page on tab lists under
// "Find a group", as read (its lines joined by spaces).
func directoryFound(t *testing.T, tab context.Context) []string {
	return eval[[]string](t, tab, "the directory", `Array.from(document.querySelectorAll('#find ~ ul.meetings > li'))`+
		`.map(li => li.innerText.replace(/\s+/g, ' ').trim())`)
}

// directoryLinks is each link to another page of the directory on tab:
// its words, a space, its address.
func directoryLinks(t *testing.T, tab context.Context) []string {
	return eval[[]string](t, tab, "the page links", `Array.from(document.querySelectorAll('#find ~ nav a'))`+
		`.map(a => a.innerText.trim() + ' ' + a.getAttribute('href'))`)
}
