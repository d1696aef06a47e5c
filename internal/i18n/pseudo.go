package i18n

import (
	"strings"
	"sync/atomic"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The pseudo-locale (PseudoCode) turns every English message into
// "⟦Ŝķîþ ţö ɱåîñ çöñţéñţ⟧": still readable, visibly not English, and
// bracketed so a test can tell catalog text from text that skipped the
// catalog. Fields ({{.Name}}) are filled as they are.

// PseudoOpen and PseudoClose bracket every pseudo-locale message.
const (
	PseudoOpen  = "⟦"
	PseudoClose = "⟧"
)

var pseudoEnabled atomic.Bool

// EnablePseudo lets the pseudo-locale be chosen (by its code in the
// language cookie); only tests call it.
func EnablePseudo() { pseudoEnabled.Store(true) }

func pseudoOn() bool { return pseudoEnabled.Load() }

var accents = strings.NewReplacer(
	"a", "å", "b", "ƀ", "c", "ç", "d", "ð", "e", "é", "f", "ƒ", "g", "ĝ", "h", "ĥ", "i", "î", "j", "ĵ", "k", "ķ", "l", "ļ",
	"m", "ɱ", "n", "ñ", "o", "ö", "p", "þ", "q", "ǫ", "r", "ŕ", "s", "ŝ", "t", "ţ", "u", "û", "v", "ṽ", "w", "ŵ", "x", "ẋ",
	"y", "ý", "z", "ž", "A", "Å", "B", "Ɓ", "C", "Ç", "D", "Ð", "E", "É", "F", "Ƒ", "G", "Ĝ", "H", "Ĥ", "I", "Î", "J", "Ĵ",
	"K", "Ķ", "L", "Ļ", "M", "Ṁ", "N", "Ñ", "O", "Ö", "P", "Þ", "Q", "Ǫ", "R", "Ŕ", "S", "Ŝ", "T", "Ţ", "U", "Û", "V", "Ṽ",
	"W", "Ŵ", "X", "Ẋ", "Y", "Ý", "Z", "Ž")

// Pseudo writes s in the pseudo-locale, leaving {{…}} and {…} fields alone.
func Pseudo(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(PseudoOpen)
	for s != "" {
		i := strings.Index(s, "{")
		if i < 0 {
			b.WriteString(accents.Replace(s))
			break
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			b.WriteString(accents.Replace(s))
			break
		}
		for i+j+1 < len(s) && s[i+j+1] == '}' {
			j++
		}
		b.WriteString(accents.Replace(s[:i]))
		b.WriteString(s[i : i+j+1])
		s = s[i+j+1:]
	}
	b.WriteString(PseudoClose)
	return b.String()
}

// newPseudo builds the pseudo-locale from the default language's messages.
// A message that is data rather than words (the CLDR tag, the hour cycle)
// is kept as it is.
func newPseudo(en *Lang) *Lang {
	tag := language.MustParse(PseudoCode)
	b := goi18n.NewBundle(tag)
	l := &Lang{Code: PseudoCode, Tag: tag, msgs: map[string]*goi18n.Message{}}
	var ms []*goi18n.Message
	for id, m := range en.msgs {
		c := *m
		if !strings.HasPrefix(id, "locale.") {
			c.Zero, c.One, c.Two, c.Few, c.Many, c.Other = Pseudo(m.Zero), Pseudo(m.One), Pseudo(m.Two), Pseudo(m.Few), Pseudo(m.Many), Pseudo(m.Other)
		}
		ms = append(ms, &c)
		l.msgs[id] = &c
	}
	b.MustAddMessages(tag, ms...)
	l.loc = goi18n.NewLocalizer(b, PseudoCode)
	return l
}
