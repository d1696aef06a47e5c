package i18n

import (
	"fmt"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestFillIsGoI18n: T fills a message's {{.Name}} fields itself (fill);
// for every message of every language (the pseudo-locale too) it writes
// what go-i18n writes, with the fields given as strings, as ints, some
// missing, given twice or with a Count; and it leaves to go-i18n what it
// cannot be sure of.
func TestFillIsGoI18n(t *testing.T) {
	c := Load()
	langs := []*Lang{c.pseudo}
	for _, code := range c.codes {
		langs = append(langs, c.langs[code])
	}
	filled := 0
	for _, l := range langs {
		for id, m := range l.msgs {
			f := cutFields(m.Other)
			if f == nil {
				continue
			}
			var strs, ints, short, twice, counted []any
			for i, name := range f.field {
				strs = append(strs, name, fmt.Sprintf("<%s & %d>", name, i))
				ints = append(ints, name, 1000+i)
				if i > 0 {
					short = append(short, name, "x")
				}
				twice = append(twice, name, "first", name, fmt.Sprint("second ", i))
			}
			counted = append(append(counted, strs...), "Count", 2)
			for _, args := range [][]any{strs, ints, short, twice, counted, append(strs, "Odd")} {
				if len(args) < 2 {
					continue
				}
				data, count := argMap(args)
				lc := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
				if count != nil {
					lc.PluralCount = count
				}
				want, err := l.loc.Localize(lc)
				if err != nil {
					continue
				}
				got, ok := l.fill(id, args)
				if !ok {
					continue
				}
				filled++
				if got != want {
					t.Errorf("%s %s %v: filled %q, go-i18n %q", l.Code, id, args, got, want)
				}
			}
		}
	}
	if filled < 100 {
		t.Errorf("only %d messages filled without go-i18n", filled)
	}
	en := c.Default()
	if got := en.T("date.when", "Weekday", "Fri", "Day", 4, "Month", "Dec", "Time", "14:35"); got != "Fri 4 Dec, 14:35" {
		t.Errorf("date.when: %q", got)
	}
	if _, ok := en.fill("date.when", []any{"Weekday", "Fri", "Day", 4, "Month", "Dec", "Time", "14:35"}); !ok {
		t.Error("date.when was not filled without go-i18n")
	}
	if _, ok := en.fill("date.when", []any{"Weekday", "Fri", "Day", 4.5, "Month", "Dec", "Time", "14:35"}); ok {
		t.Error("a float field was filled without go-i18n")
	}
}
