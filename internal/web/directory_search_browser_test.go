package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Searching the group directory, case and accents do not matter (issue
// 17): of 130 groups, Bo (en) and Lucía (es) type "cafe" and find "Café
// de los lunes", the oldest, which the directory's newest hundred do not
// hold; "MANANA" finds "Mañana temprano"; words in every group other
// than those two ("the week") page 25 at a time, newest first, the words
// kept in the link; and words no group has read a line that names them
// and says what to try.
func TestBrowserGroupDirectorySearchFoldsAccents(t *testing.T) {
	base, a := startServer(t)
	directoryCast(t, a, 130, func(i int) (string, string) {
		switch i {
		case 1:
			return "Café de los lunes", "Nos vemos en el café de la esquina."
		case 2:
			return "Mañana temprano", "Para madrugadores."
		}
		return fmt.Sprintf("Circle %03d", i), "We meet to talk about the week."
	})

	steps := steps{t}
	type css = chromedp.CSS
	found := func(tab context.Context) []string { return directoryFound(t, tab) }
	links := func(tab context.Context) []string { return directoryLinks(t, tab) }
	search := func(tab context.Context, lang, words string) {
		t.Helper()
		steps.do(tab, lang+": search for "+words, chromedp.Navigate(base+"/groups#find"), chromedp.WaitVisible(css(`#f-q`)),
			chromedp.SendKeys(css(`#f-q`), words), chromedp.Click(css(`form[role=search] button`)))
		steps.until(tab, lang+": the page that searched "+words, `document.readyState === 'complete' && `+
			`new URLSearchParams(location.search).get('q') === `+strconv.Quote(words))
		if q := eval[string](t, tab, "the search box", `document.querySelector('#f-q').value`); q != words {
			t.Errorf("%s: after the search the box reads %q, want %q", lang, q, words)
		}
	}
	for _, c := range []struct {
		lang, email, pw string
		cafe, manana    string
		more            string
		none            string
	}{
		{"en", "bo@example.org", "cobalt river stone",
			"Café de los lunes Nos vemos en el café de la esquina. 1 member · open to all members",
			"Mañana temprano Para madrugadores. 1 member · open to all members", "More groups →",
			"No group has “knitting circle” in its name or description. Try fewer or different words, or start a group below."},
		{"es", "lucia@example.org", "violet canyon song",
			"Café de los lunes Nos vemos en el café de la esquina. 1 miembro · abierto a todos los miembros",
			"Mañana temprano Para madrugadores. 1 miembro · abierto a todos los miembros", "Más grupos →",
			"Ningún grupo tiene “knitting circle” en su nombre o descripción. Prueba con menos palabras o con otras, o crea un grupo más abajo."},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)

		search(tab, c.lang, "cafe")
		if got := found(tab); len(got) != 1 || got[0] != c.cafe {
			t.Errorf("%s: searching cafe lists %q, want only %q", c.lang, got, c.cafe)
		}
		if l := links(tab); len(l) != 0 {
			t.Errorf("%s: one group found, and links to other pages: %q", c.lang, l)
		}
		shotHere(t, tab, `#find`, "group-search-cafe-"+c.lang+".png")

		search(tab, c.lang, "MANANA")
		if got := found(tab); len(got) != 1 || got[0] != c.manana {
			t.Errorf("%s: searching MANANA lists %q, want only %q", c.lang, got, c.manana)
		}

		// Words 128 groups have: 25 a page, newest first, through the
		// link, which keeps the words.
		search(tab, c.lang, "the week")
		want := 130
		for page := 1; ; page++ {
			got := found(tab)
			if len(got) == 0 || len(got) > 25 {
				t.Fatalf("%s: page %d of the week lists %d groups", c.lang, page, len(got))
			}
			for _, line := range got {
				if name := fmt.Sprintf("Circle %03d ", want); !strings.HasPrefix(line, name+"We meet to talk about the week.") {
					t.Fatalf("%s: page %d of the week lists %q, want %q next", c.lang, page, line, name)
				}
				want--
			}
			l := links(tab)
			if page == 2 {
				shotHere(t, tab, `#find ~ ul.meetings > li:nth-last-child(3)`, "group-search-week-page-2-"+c.lang+".png")
			}
			if want == 2 {
				if len(l) != 1 || strings.Contains(l[0], "after=") {
					t.Errorf("%s: the last page of the week links to %q, want only to the newest", c.lang, l)
				}
				break
			}
			next := fmt.Sprintf("/groups?after=01G%023d&q=the+week#find", want+1)
			if page > 1 {
				if len(l) != 2 || l[1] != c.more+" "+next {
					t.Fatalf("%s: page %d of the week links to %q, want %q", c.lang, page, l, next)
				}
			} else if len(l) != 1 || l[0] != c.more+" "+next {
				t.Fatalf("%s: page %d of the week links to %q, want only %q", c.lang, page, l, next)
			}
			steps.do(tab, fmt.Sprintf("%s: the week, page %d", c.lang, page+1), chromedp.Click(css(`#find ~ nav a[rel=next]`)))
			steps.until(tab, fmt.Sprintf("%s: the week, page %d", c.lang, page+1), `document.readyState === 'complete' && `+
				`location.pathname + location.search === `+strconv.Quote(strings.TrimSuffix(next, "#find")))
		}

		search(tab, c.lang, "knitting circle")
		if got := found(tab); len(got) != 0 {
			t.Errorf("%s: knitting circle lists %q", c.lang, got)
		}
		if none := eval[string](t, tab, "the line", `document.querySelector('#groups-none').innerText`); none != c.none {
			t.Errorf("%s: a search that finds nothing reads %q, want %q", c.lang, none, c.none)
		}
		shotHere(t, tab, `#find`, "group-search-nothing-"+c.lang+".png")
	}
}
