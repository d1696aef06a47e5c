package web

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// notYetThroughCatalog are the pages whose words are still written in the
// template rather than taken from the catalog: none. The test fails for
// every page that shows a word outside the catalog, and for a page listed
// here that no longer does; a new page comes through the catalog from the
// start.
var notYetThroughCatalog = map[string]bool{}

// TestEveryPageThroughTheCatalog renders every page in the pseudo-locale
// (en-XA: every catalog message "⟦Åççéñţéð⟧"), with the same edge-case data
// and viewers as TestEveryPageWithEdgeCases, and reads each text node and
// each attribute a person reads or hears (title, alt, aria-label,
// placeholder, the value of an input button). Once the catalog's text and the
// data the page was filled with are taken out, no letter may be left:
// a letter left is a word that skipped the catalog.
func TestEveryPageThroughTheCatalog(t *testing.T) {
	i18n.EnablePseudo()
	p := New(nil, nil, Options{})
	pseudo := i18n.Load().Lang(i18n.PseudoCode)
	pages := p.pagesIn(pseudo)
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	var clean, total int
	leaksByPage := map[string]map[string]bool{}
	for _, n := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		src, _ := fs.ReadFile(templateFS, n)
		if partials[page] || !strings.Contains(string(src), `{{define "content"}}`) {
			continue
		}
		base, ok := pageData[page]
		if !ok {
			continue // TestEveryPageWithEdgeCases names it
		}
		total++
		leaks := map[string]bool{}
		edgeViews(page, base, func(v view, what string) {
			out, err := p.execute(pages[page], page, v)
			if err != nil {
				t.Errorf("%s (%s): %v", page, what, err)
				return
			}
			for _, l := range untranslated(out) {
				leaks[l] = true
			}
		})
		leaksByPage[page] = leaks
		if len(leaks) == 0 {
			clean++
		}
		switch {
		case len(leaks) == 0 && notYetThroughCatalog[page]:
			t.Errorf("%s: every word comes through the catalog now; take it off notYetThroughCatalog", page)
		case len(leaks) > 0 && !notYetThroughCatalog[page]:
			var ls []string
			for l := range leaks {
				ls = append(ls, l)
			}
			sort.Strings(ls)
			t.Errorf("%s: %d text(s) outside the catalog: %q", page, len(ls), ls)
		}
	}
	var pending []string
	for page, leaks := range leaksByPage {
		if len(leaks) > 0 {
			pending = append(pending, fmt.Sprintf("%s %d", page, len(leaks)))
		}
	}
	sort.Strings(pending)
	t.Logf("%d of %d pages have 0 texts outside the catalog; still to do: %v", clean, total, pending)
}

// personAttrs are the attributes a person reads or hears.
var personAttrs = map[string]bool{"title": true, "alt": true, "aria-label": true, "placeholder": true, "aria-description": true}

// untranslated lists the texts of a page drawn in the pseudo-locale that
// are neither catalog text nor the data the page was filled with.
func untranslated(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var out, texts []string
	check := func(s string) {
		if rest := outsideCatalog(s); rest != "" {
			out = append(out, rest)
		}
	}
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "svg":
				return
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "lang":
					lang = a.Val
				case personAttrs[a.Key]:
					check(a.Val)
				case a.Key == "value" && n.Data == "input" && (attr(n, "type") == "submit" || attr(n, "type") == "button"):
					// An input button shows its value; a <button> shows what
					// it holds, and its value is only sent with the form.
					check(a.Val)
				case a.Key == "label" && (n.Data == "option" || n.Data == "optgroup"):
					check(a.Val)
				}
			}
		}
		if lang != "" && lang != i18n.PseudoCode {
			return // written in another language on purpose: the switcher's names
		}
		if n.Type == html.TextNode {
			texts = append(texts, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(doc, "")
	// A message may hold links ("call {{.Call988}}"), so its brackets open
	// in one text node and close in another: the page's text is read as
	// one, its nodes apart by a separator, and split after the catalog's
	// text is taken out.
	for _, piece := range strings.Split(stripCatalog(strings.Join(texts, "\x1f")), "\x1f") {
		check(piece)
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// outsideCatalog takes out of s the catalog's bracketed text, the data a
// page is filled with (edgeNames, addresses) and the product's name, and
// returns what is left if it still has a letter.
func outsideCatalog(s string) string {
	s = stripCatalog(s)
	for _, e := range edgeNames {
		s = strings.ReplaceAll(s, e, " ")
	}
	for _, d := range fillerData {
		s = strings.ReplaceAll(s, d, " ")
	}
	s = strings.Join(strings.Fields(s), " ")
	for _, r := range s {
		if unicode.IsLetter(r) {
			return s
		}
	}
	return ""
}

// stripCatalog takes the pseudo-locale's bracketed text out of s, the
// innermost first (a message may hold another: a date in a sentence).
func stripCatalog(s string) string {
	for {
		j := strings.Index(s, i18n.PseudoClose)
		if j < 0 {
			break
		}
		i := strings.LastIndex(s[:j], i18n.PseudoOpen)
		if i < 0 {
			break
		}
		inner := s[i+len(i18n.PseudoOpen) : j]
		s = s[:i] + " " + strings.Repeat("\x1f", strings.Count(inner, "\x1f")) + " " + s[j+len(i18n.PseudoClose):]
	}
	return s
}

// fillerData is text the filler and the actors put in pages that is not
// a person's name: addresses, an email, the brand.
var fillerData = []string{"https://example.org/a?b=c&d=ü", "https://example.org/", "sam@example.org", "data:image/png;base64,iVBORw0KGgo=",
	"/groups", "Kinship"}
