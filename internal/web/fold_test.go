package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// TestFoldedWordsAreTheTemplates renders every page, with the edge-case
// data and viewers of TestEveryPageWithEdgeCases, in every language and the
// pseudo-locale, with the words folded into the templates and with the
// templates as parsed, and wants the same bytes (execute compares the two
// while the render guard is on; this test also does so itself). Every page
// has fixed words folded in (the frame's at least), and a page changed by
// one byte is told apart.
func TestFoldedWordsAreTheTemplates(t *testing.T) {
	i18n.EnablePseudo()
	p := New(nil, nil, Options{})
	if !p.strict {
		t.Fatal("the render guard is off in a test binary")
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	codes := append(i18n.Load().Codes(), i18n.PseudoCode)
	renders := 0
	for _, code := range codes {
		l := i18n.Load().Lang(code)
		pages := p.pagesIn(l)
		for _, n := range names {
			page := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
			src, _ := fs.ReadFile(templateFS, n)
			base, ok := pageData[page]
			if partials[page] || !strings.Contains(string(src), `{{define "content"}}`) || !ok {
				continue
			}
			tpl := pages[page]
			parsed := p.parsedOf(tpl)
			if parsed == nil {
				t.Fatalf("%s, %s: no templates as parsed kept to compare with", code, page)
			}
			if texts(tpl) <= texts(parsed) {
				t.Errorf("%s, %s: no words were folded into the templates", code, page)
			}
			edgeViews(page, base, func(v view, what string) {
				out, err := p.execute(tpl, page, v)
				if err != nil {
					t.Errorf("%s, %s (%s): %v", code, page, what, err)
					return
				}
				renders++
				if err := sameAsParsed([]byte(out), parsed, v); err != nil {
					t.Errorf("%s, %s (%s): %v", code, page, what, err)
				}
				changed := []byte(out)
				changed[len(changed)/2] ^= 1
				if err := sameAsParsed(changed, parsed, v); err == nil {
					t.Fatalf("%s, %s: a page changed by one byte was taken for the templates' own", code, page)
				}
			})
		}
	}
	if renders < 100 {
		t.Fatalf("only %d pages rendered", renders)
	}
	t.Logf("%d renders compared in %d languages", renders, len(codes))
}

// texts counts the text nodes of every template in t's set.
func texts(t *template.Template) int {
	n := 0
	var walk func(l *parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, node := range l.Nodes {
			switch node := node.(type) {
			case *parse.TextNode:
				n++
			case *parse.IfNode:
				walk(node.List)
				walk(node.ElseList)
			case *parse.RangeNode:
				walk(node.List)
				walk(node.ElseList)
			case *parse.WithNode:
				walk(node.List)
				walk(node.ElseList)
			case *parse.ListNode:
				walk(node)
			}
		}
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			walk(tt.Tree.Root)
		}
	}
	return n
}

// The escapers folded words are written with are html/template's own for
// text and for a quoted attribute, found from its escaped probes; a word
// with every character either escapes is written as html/template writes it.
func TestFoldEscapesAsHTMLTemplate(t *testing.T) {
	if len(escapeProbes) != 2 {
		t.Fatalf("want probes for text and for an attribute, got %d", len(escapeProbes))
	}
	word := `Tom & "Jerry" <b>'s</b> + 1` + "\x00 ⟦Åççéñţéð⟧"
	for _, src := range []string{`<p>{{.}}</p>`, `<p title="{{.}}"></p>`, `<p aria-label='{{.}}'></p>`} {
		ref := template.Must(template.New("").Parse(src))
		var want bytes.Buffer
		if err := ref.Execute(&want, word); err != nil {
			t.Fatal(err)
		}
		tr := func(string, ...any) string { return word }
		folded := template.Must(template.New("").Funcs(template.FuncMap{"t": tr}).Parse(strings.ReplaceAll(src, "{{.}}", `{{t "w"}}`)))
		if n := foldWords(folded, tr); n != 1 {
			t.Fatalf("%s: folded %d calls, want 1", src, n)
		}
		var got bytes.Buffer
		if err := folded.Execute(&got, nil); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: folded %q, html/template writes %q", src, got.String(), want.String())
		}
	}
	// In a URL the word is not folded: it is left to html/template.
	tr := func(string, ...any) string { return "a b" }
	u := template.Must(template.New("").Funcs(template.FuncMap{"t": tr}).Parse(`<a href="/x?q={{t "w"}}">x</a>`))
	if n := foldWords(u, tr); n != 0 {
		t.Errorf("a word in a URL was folded (%d)", n)
	}
}
