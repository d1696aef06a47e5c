package web

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// An organization's figures are numbers as the reader writes them (W8-6):
// 31 416 clients in Spanish (3192 for four digits), 31,416 in English; a
// count held back reads in words in each.
func TestAggregatesReadAsTheReaderWritesNumbers(t *testing.T) {
	es, en := i18n.For("es"), i18n.For("en")
	for _, c := range []struct {
		got, want string
	}{
		{suppressed(es, "31416"), "31\u00a0416"},
		{suppressed(es, "3192"), "3192"},
		{suppressed(es, "12"), "12"},
		{suppressed(en, "31416"), "31,416"},
		{suppressed(en, "3192"), "3,192"},
		{suppressed(es, "fewer than 11"), "menos de 11"},
		{suppressed(en, "all but fewer than 11"), "all but fewer than 11"},
		{suppressed(es, "all but fewer than 11"), "todos salvo menos de 11"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
