package web

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// Every crisis line Kinship ships whose contact has words ("Call 116 123",
// "Text HOME to 741741", "112 or 999") reads them in Spanish to a Spanish
// reader, and its Spanish words lead to the same numbers, texts and
// keywords as the English; a reader of Spanish read eleven of them in
// English before. A contact of numbers alone, or an address, reads the
// same in every language.
func TestEveryShippedLinesContactInSpanish(t *testing.T) {
	st := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	lines, err := st.ListCrisisResources(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	es := i18n.For("es")
	worded := 0
	for _, r := range lines {
		if r.Kind == "web" || !strings.ContainsFunc(r.Contact, unicode.IsLetter) {
			continue
		}
		worded++
		en := app.HelpResource{ID: r.ID, Country: r.Country, Name: r.Name, Contact: r.Contact, Kind: r.Kind, Actions: app.ContactActions(r.Contact, r.Kind)}
		got := lineIn(es, en)
		if got.Contact == r.Contact {
			t.Errorf("%s (%s): %q has no Spanish", r.Name, r.Country, r.Contact)
			continue
		}
		for _, w := range []string{"Call", "call", "Text ", "text ", " or ", " to ", "Your"} {
			if strings.Contains(got.Contact, w) {
				t.Errorf("%s (%s): the Spanish %q still reads %q", r.Name, r.Country, got.Contact, w)
			}
		}
		if len(got.Actions) != len(en.Actions) {
			t.Errorf("%s (%s): %q acts as %v, the English %q as %v", r.Name, r.Country, got.Contact, got.Actions, r.Contact, en.Actions)
			continue
		}
		// The same ways to the same numbers; a word to text is kept (the
		// US 988 line's Spanish service asks for its own, AYUDA).
		for i, a := range got.Actions {
			number := func(href string) string { n, _, _ := strings.Cut(href, "?"); return n }
			if b := en.Actions[i]; a.Kind != b.Kind || number(a.Href) != number(b.Href) || (b.Keyword != "" && a.Keyword != b.Keyword) {
				t.Errorf("%s (%s): %q's way %d is %+v, the English one %+v", r.Name, r.Country, got.Contact, i, a, b)
			}
		}
	}
	if worded < 20 {
		t.Errorf("only %d shipped lines have words in their contact: were the lines seeded?", worded)
	}
}
