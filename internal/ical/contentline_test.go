package ical

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

// unescapeText reverses RFC 5545 TEXT escaping, written here independently
// of the encoder. It reports false on a malformed escape.
func unescapeText(v string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' {
			if c == ';' || c == ',' {
				return "", false // must have been escaped
			}
			b.WriteByte(c)
			continue
		}
		if i++; i == len(v) {
			return "", false
		}
		switch v[i] {
		case '\\', ';', ',':
			b.WriteByte(v[i])
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			return "", false
		}
	}
	return b.String(), true
}

// normalizeText is what TEXT can carry of s: line breaks as LF, no control
// characters but tab, and U+FFFD for each byte that is not UTF-8.
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s { // yields U+FFFD for each invalid byte
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestEscapeText(t *testing.T) {
	tests := map[string]string{
		"":                          "",
		"plain":                     "plain",
		`back\slash`:                `back\\slash`,
		"a;b,c":                     `a\;b\,c`,
		"one\ntwo\r\nthree\rfour":   `one\ntwo\nthree\nfour`,
		"tab\tkept, bell\a dropped": "tab\tkept\\, bell dropped",
		"ünï ✓ 中文":                  "ünï ✓ 中文",
		"bad \xff byte":             "bad \uFFFD byte",
		`\n is not a newline`:       `\\n is not a newline`,
	}
	for in, want := range tests {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, line string
	}{
		{"short", "SUMMARY:hi"},
		{"exactly 75", "X:" + strings.Repeat("a", 73)},
		{"76", "X:" + strings.Repeat("a", 74)},
		{"long ascii", "DESCRIPTION:" + strings.Repeat("0123456789", 30)},
		{"two-byte at the edge", "X:" + strings.Repeat("a", 72) + strings.Repeat("é", 40)},
		{"three-byte", "LOCATION:" + strings.Repeat("中文字符测试", 20)},
		{"four-byte", "X:" + strings.Repeat("🙂", 60)},
		{"spaces at the fold", "X:" + strings.Repeat(" ", 200)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := appendFolded(nil, tt.line)
			checkWire(t, out)
			lines := strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n")
			for i, l := range lines[1:] {
				if !strings.HasPrefix(l, " ") {
					t.Errorf("continuation %d does not start with a space: %q", i+1, l)
				}
			}
			if len(tt.line) <= maxLineOctets && len(lines) != 1 {
				t.Errorf("a %d-octet line was folded", len(tt.line))
			}
			// Folds are as late as UTF-8 allows: no line is shorter than it
			// had to be, except the last.
			for i, l := range lines[:len(lines)-1] {
				if len(l) < maxLineOctets-3 {
					t.Errorf("line %d folded early at %d octets", i, len(l))
				}
			}
			if got := strings.Join(unfold(out), ""); got != tt.line {
				t.Errorf("unfolded %q, want %q", got, tt.line)
			}
		})
	}
}

func TestParamValue(t *testing.T) {
	for in, want := range map[string]string{
		"America/Chicago":        "America/Chicago",
		"Etc/GMT+5":              "Etc/GMT+5",
		"Odd:Name":               `"Odd:Name"`,
		"a;b,c":                  `"a;b,c"`,
		`quo"te`:                 "quote",
		"line\r\nTZID:injection": `"lineTZID:injection"`,
	} {
		if got := paramValue(in); got != want {
			t.Errorf("paramValue(%q) = %s, want %s", in, got, want)
		}
	}
	if got := cleanValue("https://x.example/a\r\nATTACH:evil"); got != "https://x.example/aATTACH:evil" {
		t.Errorf("cleanValue kept a line break: %q", got)
	}
}

// FuzzText checks escaping and folding of any text: no panic, every line
// within 75 octets and valid UTF-8, and unfolding then unescaping (by hand
// and by go-ical) gives back the text as TEXT can carry it.
func FuzzText(f *testing.F) {
	for _, seed := range []string{
		"", "plain", `a\b;c,d`, "line\nbreak\r\nand\rmore", strings.Repeat("é", 80),
		strings.Repeat("x", 74) + "中", "\x00\x01\x7f\t", "\xff\xfe", strings.Repeat("🙂 ", 50), `\n`, " leading space",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := normalizeText(s)
		if utf8.ValidString(s) && !strings.ContainsFunc(s, isControl) && want != s {
			t.Fatalf("normalizeText changed clean text %q", s)
		}

		var w lineWriter
		w.text("DESCRIPTION", s)
		checkWire(t, w.b)
		lines := unfold(w.b)
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "DESCRIPTION:") {
			t.Fatalf("one property became %d lines: %q", len(lines), lines)
		}
		got, ok := unescapeText(strings.TrimPrefix(lines[0], "DESCRIPTION:"))
		if !ok || got != want {
			t.Fatalf("round trip of %q: got %q (ok %v), want %q", s, got, ok, want)
		}

		var cal bytes.Buffer
		cal.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:fuzz\r\n")
		cal.Write(w.b)
		cal.WriteString("END:VCALENDAR\r\n")
		dec, err := goical.NewDecoder(&cal).Decode()
		if err != nil {
			t.Fatalf("go-ical decode: %v", err)
		}
		if text, err := dec.Props.Text("DESCRIPTION"); err != nil || text != want {
			t.Fatalf("go-ical reads %q (%v), want %q", text, err, want)
		}
	})
}
