package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/template/parse"
)

// Words written once into the templates.
//
// Every page's frame asks for about thirty fixed words ({{t "nav.home"}}),
// and html/template called two functions through reflection for each of
// them on every page (the translation, then its escaper): with the chat's
// own words, most of what was left of the template's cost. The pages are
// parsed once for each language, so once a page's templates are escaped,
// foldWords writes each such call's result, escaped by html/template's
// own escaper for the place it stands, into the template as text. Only
// calls of t with fixed strings are written in; anything with a value
// from the page is left to the template.
//
// While the render guard is on (every test binary), each page is also
// rendered by the templates as parsed and the two must be the same bytes
// (sameAsParsed), so every page any test renders checks this.

// escapeProbe renders a string as html/template escapes it in one place.
type escapeProbe struct {
	t            *template.Template
	before, then string // what the probe writes around the value
}

// escapeProbes are html/template's escapers for text and for a quoted
// attribute's value, keyed by the escaper functions it added for each (read
// from the probes' own escaped templates, so a Go release that escapes
// otherwise makes another key, and those calls are simply not folded).
var escapeProbes = func() map[string]*escapeProbe {
	out := map[string]*escapeProbe{}
	for _, src := range []struct{ text, before, after string }{
		{`{{.}}`, ``, ``},
		{`<i title="{{.}}">`, `<i title="`, `">`},
	} {
		t := template.Must(template.New("probe").Parse(src.text))
		if err := t.Execute(io.Discard, ""); err != nil {
			panic(err)
		}
		key := ""
		walkActions(t.Tree.Root, func(_ *parse.ListNode, _ int, a *parse.ActionNode) {
			if len(a.Pipe.Cmds) > 1 {
				key = escaperChain(a.Pipe.Cmds[1:])
			}
		})
		if key != "" {
			out[key] = &escapeProbe{t: t, before: src.before, then: src.after}
		}
	}
	return out
}()

// escape returns s as the probe's escaper writes it.
func (e *escapeProbe) escape(s string) (string, bool) {
	var b bytes.Buffer
	if err := e.t.Execute(&b, s); err != nil {
		return "", false
	}
	out, ok := strings.CutPrefix(b.String(), e.before)
	if !ok {
		return "", false
	}
	return strings.CutSuffix(out, e.then)
}

// escaperChain names the escaper commands html/template added to a
// pipeline, or "" when any command is something else.
func escaperChain(cmds []*parse.CommandNode) string {
	var names []string
	for _, c := range cmds {
		if len(c.Args) != 1 {
			return ""
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || !strings.HasPrefix(id.Ident, "_html_template_") {
			return ""
		}
		names = append(names, id.Ident)
	}
	return strings.Join(names, " | ")
}

// walkActions calls fn for each action in the list, with its place.
func walkActions(l *parse.ListNode, fn func(l *parse.ListNode, i int, a *parse.ActionNode)) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			fn(l, i, n)
		case *parse.IfNode:
			walkActions(n.List, fn)
			walkActions(n.ElseList, fn)
		case *parse.RangeNode:
			walkActions(n.List, fn)
			walkActions(n.ElseList, fn)
		case *parse.WithNode:
			walkActions(n.List, fn)
			walkActions(n.ElseList, fn)
		case *parse.ListNode:
			walkActions(n, fn)
		}
	}
}

// foldWords escapes t's templates (by executing it once on nothing, which
// stops at the first missing value; html/template escapes every template
// a page can reach before it writes anything) and writes the words of
// each call of tr with fixed strings into them. It returns how many calls
// it wrote in. t must not be in use yet.
func foldWords(t *template.Template, tr func(id string, args ...any) string) int {
	if err := t.Execute(io.Discard, view{}); errors.As(err, new(*template.Error)) {
		// Not escaped: nothing to fold, the page will fail as it did.
		return 0
	}
	n := 0
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		walkActions(tt.Tree.Root, func(l *parse.ListNode, i int, a *parse.ActionNode) {
			if len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) < 2 {
				return
			}
			call := a.Pipe.Cmds[0]
			if len(call.Args) < 2 {
				return
			}
			if id, ok := call.Args[0].(*parse.IdentifierNode); !ok || id.Ident != "t" {
				return
			}
			key, ok := call.Args[1].(*parse.StringNode)
			if !ok {
				return
			}
			var args []any
			for _, arg := range call.Args[2:] {
				s, ok := arg.(*parse.StringNode)
				if !ok {
					return
				}
				args = append(args, s.Text)
			}
			probe := escapeProbes[escaperChain(a.Pipe.Cmds[1:])]
			if probe == nil {
				return
			}
			text, ok := probe.escape(tr(key.Text, args...))
			if !ok {
				return
			}
			l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: a.Pos, Text: []byte(text)}
			n++
		})
	}
	return n
}

// sameAsParsed renders the page again with the templates as parsed (plain)
// and reports where the two differ, if they do.
func sameAsParsed(folded []byte, plain *template.Template, v view) error {
	var b bytes.Buffer
	v.out = &b
	if err := plain.Execute(&b, v); err != nil {
		return fmt.Errorf("the templates as parsed failed where the folded ones did not: %w", err)
	}
	got, want := folded, b.Bytes()
	if bytes.Equal(got, want) {
		return nil
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-80, 0)
	return fmt.Errorf("the page with words folded in differs from the templates as parsed at byte %d:\nfolded: …%s…\nparsed: …%s…",
		i, got[from:min(i+80, len(got))], want[from:min(i+80, len(want))])
}
