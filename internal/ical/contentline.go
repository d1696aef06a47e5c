package ical

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// maxLineOctets is the longest a content line may be, CRLF excluded
// (RFC 5545 section 3.1).
const maxLineOctets = 75

// lineWriter collects content lines, folded and CRLF-terminated.
type lineWriter struct {
	b []byte
}

// line writes one content line: name (with any parameters), a colon and an
// already-encoded value. The line is folded at 75 octets, never inside a
// UTF-8 sequence; each continuation starts with one space.
func (w *lineWriter) line(name, value string) {
	w.b = appendFolded(w.b, name+":"+value)
}

// text writes a property whose value is TEXT, escaping it.
func (w *lineWriter) text(name, value string) {
	w.line(name, escapeText(value))
}

// appendFolded appends line to b, folded as RFC 5545 section 3.1 asks and
// ended with CRLF. line must be valid UTF-8 without control characters.
func appendFolded(b []byte, line string) []byte {
	limit := maxLineOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit // not UTF-8; still keep the line short
		}
		b = append(b, line[:cut]...)
		b = append(b, "\r\n "...)
		line = line[cut:]
		limit = maxLineOctets - 1 // the leading space counts
	}
	b = append(b, line...)
	return append(b, "\r\n"...)
}

// escapeText encodes s as an RFC 5545 TEXT value. Backslash, semicolon and
// comma are escaped, and every line break (LF, CRLF or CR) becomes \n. Other
// control characters except tab, which TEXT cannot carry, are dropped, and
// invalid UTF-8 becomes U+FFFD.
func escapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\r':
			b.WriteString(`\n`)
			if i+1 < len(s) && s[i+1] == '\n' {
				size++
			}
		case r == '\n':
			b.WriteString(`\n`)
		case isControl(r):
			// dropped: TEXT has no way to carry it
		default:
			b.WriteRune(r) // writes U+FFFD for an invalid byte
		}
		i += size
	}
	return b.String()
}

// cleanValue prepares a non-TEXT value (a URI) for a content line: control
// characters, which could end the line early, are dropped and invalid UTF-8
// becomes U+FFFD.
func cleanValue(s string) string {
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// isControl reports whether r is a CONTROL character of RFC 5545 (tab is allowed).
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t') || r == 0x7f
}

// paramValue encodes a parameter value, quoting it when it holds a colon,
// semicolon or comma. A double quote cannot appear at all and is dropped.
func paramValue(s string) string {
	s = strings.ReplaceAll(cleanValue(s), `"`, "")
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}

// tzidParam returns the TZID parameter for loc, with its leading semicolon.
func tzidParam(loc *time.Location) string {
	return ";TZID=" + paramValue(loc.String())
}

// formatOffset writes a UTC offset in seconds as RFC 5545 UTC-OFFSET:
// +HHMM, or +HHMMSS when it has seconds. Zero is +0000, never -0000.
func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}

// formatDuration writes a non-negative exact duration as an RFC 5545
// DURATION value such as PT1H30M.
func formatDuration(d time.Duration) string {
	sec := int64(d / time.Second)
	if sec == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("PT")
	if h := sec / 3600; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m := sec / 60 % 60; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if s := sec % 60; s > 0 {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}
