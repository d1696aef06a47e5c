package testutil

import (
	"strings"

	"golang.org/x/net/html"
)

// TableCells reads a page's tables as a person does: for each body row,
// keyed by its first cell, the text under each column heading, as a screen
// reader speaks it (text inside aria-hidden="true" left out).
func TableCells(page string) (map[string]map[string]string, error) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	var heads []string
	rows := map[string]map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			var cells []string
			header := false
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					header = header || c.Data == "th"
					cells = append(cells, strings.TrimSpace(Spoken(c)))
				}
			}
			if header {
				heads = cells
			} else if len(cells) > 0 {
				row := map[string]string{}
				for i, v := range cells {
					if i < len(heads) {
						row[heads[i]] = v
					}
				}
				rows[cells[0]] = row
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return rows, nil
}

// Spoken is an element's text as a screen reader speaks it: without what
// is inside aria-hidden="true".
func Spoken(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	for _, a := range n.Attr {
		if a.Key == "aria-hidden" && a.Val == "true" {
			return ""
		}
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(Spoken(c))
	}
	return b.String()
}

// Visible is a page's text as a person reads it: what a screen reader
// speaks, without scripts, styles, the options of a list and the values of
// fields (a date field's value stays ISO; it is not read as text), in one
// line with single spaces.
func Visible(page string) string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "select", "datalist", "template", "head":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "aria-hidden" && a.Val == "true" {
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(b.String()), " ")
}
