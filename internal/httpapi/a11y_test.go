package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// a11yProblems reads a page as a screen reader would need it and lists
// what would leave someone stuck: no language, not exactly one main
// heading, no main landmark, a form control nobody can name, an image
// without a text alternative, a link or button with nothing to say, ids
// used twice (which break labels), and headings that skip a level.
func a11yProblems(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"not HTML: " + err.Error()}
	}
	var (
		problems  []string
		h1, mains int
		lastLevel int
		ids       = map[string]int{}
		labelFor  = map[string]bool{}
		controls  []*html.Node
	)
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				ids[id]++
			}
			switch n.DataAtom {
			case atom.Html:
				if attr(n, "lang") == "" {
					add("<html> has no lang")
				}
			case atom.Main:
				mains++
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				level := int(n.Data[1] - '0')
				if level == 1 {
					h1++
				}
				if lastLevel > 0 && level > lastLevel+1 {
					add("heading %q jumps from h%d to h%d", textOf(n), lastLevel, level)
				}
				lastLevel = level
				if strings.TrimSpace(textOf(n)) == "" {
					add("an empty h%d", level)
				}
			case atom.Label:
				if f := attr(n, "for"); f != "" {
					labelFor[f] = true
				}
				inLabel = true
			case atom.Img:
				if _, ok := attrOK(n, "alt"); !ok {
					add("<img src=%q> has no alt", attr(n, "src"))
				}
			case atom.A:
				if attr(n, "href") != "" && named(n) == "" {
					add("a link to %q says nothing", attr(n, "href"))
				}
			case atom.Button:
				if named(n) == "" {
					add("a button says nothing")
				}
			case atom.Input, atom.Select, atom.Textarea:
				switch attr(n, "type") {
				case "hidden", "submit", "button", "reset", "image":
				default:
					if !inLabel && attr(n, "aria-label") == "" && attr(n, "aria-labelledby") == "" && attr(n, "title") == "" {
						controls = append(controls, n)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(doc, false)
	for _, c := range controls {
		if id := attr(c, "id"); id == "" || !labelFor[id] {
			add("<%s name=%q> has no label", c.Data, attr(c, "name"))
		}
	}
	for id, n := range ids {
		if n > 1 {
			add("id %q is used %d times", id, n)
		}
	}
	if h1 != 1 {
		add("%d h1 headings, want 1", h1)
	}
	if mains != 1 {
		add("%d main landmarks, want 1", mains)
	}
	return problems
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

// named is what a screen reader would say for a link or button.
func named(n *html.Node) string {
	if l := attr(n, "aria-label"); l != "" {
		return l
	}
	if attr(n, "aria-labelledby") != "" {
		return "(labelled elsewhere)"
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Img:
			b.WriteString(attr(n, "alt"))
		case n.Type == html.ElementNode && attr(n, "aria-hidden") == "true":
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func TestA11yCheckerFindsProblems(t *testing.T) {
	good := `<!doctype html><html lang="en"><body><main><h1>Hi</h1><h2>Part</h2>
<form><label for="f-a">A</label><input id="f-a" name="a"><label>B <input name="b"></label>
<input type="hidden" name="csrf"><button>Send</button><a href="/x"><img src="i.png" alt="Home"></a></form></main></body></html>`
	if p := a11yProblems(good); len(p) != 0 {
		t.Fatalf("a good page: %v", p)
	}
	bad := `<!doctype html><html><body><h2>Part</h2><h4>Deep</h4><input id="x" name="q"><input id="x" name="r" aria-label="R">
<img src="i.png"><a href="/y"></a><button><span aria-hidden="true">×</span></button></body></html>`
	got := strings.Join(a11yProblems(bad), "\n")
	for _, want := range []string{"no lang", "from h2 to h4", `<input name="q"> has no label`, `id "x" is used 2 times`,
		"has no alt", `link to "/y" says nothing`, "a button says nothing", "0 h1 headings", "0 main landmarks"} {
		if !strings.Contains(got, want) {
			t.Errorf("missed %q in:\n%s", want, got)
		}
	}
}
