package importer

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// Feeds written by websites (the 12 Step Meeting List plugin, a CMS's
// export) carry their text as HTML: "St. Mary&#39;s Hall", "Back door
// &amp; up the stairs<br>Parking in rear". A page or an app shows
// Kinship's text as text, so it is read as a person would see it there:
// entities become their characters, line breaks and paragraphs become
// lines, other tags go.
var (
	htmlBreak = regexp.MustCompile(`(?i)<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr)\b[^<>]*>`)
	htmlTag   = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)
)

// plainText is s, a feed's field, as the text a reader of its HTML sees;
// lines says the field may hold several lines (notes), else line breaks
// become spaces (a name, a place). Text without markup comes back as it is.
func plainText(s string, lines bool) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		// A no-break space (&nbsp;) and what an entity may spell that text
		// may not hold (&#7;) read as a space.
		l = strings.Map(func(r rune) rune {
			if r == '\u00a0' || r == '\t' || unicode.IsControl(r) {
				return ' '
			}
			return r
		}, l)
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	if lines {
		return strings.Join(out, "\n")
	}
	return strings.Join(out, " ")
}
