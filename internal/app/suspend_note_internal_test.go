package app

import (
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// The operator's suspension notice writes the day it ends as the reader's
// language writes a date, in the reader's zone, never as 2026-12-12: an
// end at 03:00 UTC on the 13th is the evening of the 12th in Chicago.
func TestSuspensionNoticeWritesTheDayInTheReadersWords(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	until := time.Date(2026, 12, 13, 3, 0, 0, 0, time.UTC)
	stored, err := suspendNote("unkind messages to others", until, chicago).stored()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "Kinship's operator suspended your account from writing until 12 December 2026, 21:00 CST. Their reason: unkind messages to others."},
		{"es", "La administración de Kinship suspendió tu cuenta: no podrás escribir hasta el 12 de diciembre de 2026, 21:00 CST. Su motivo: unkind messages to others."},
	} {
		got := NoteIn(i18n.For(c.lang), stored)
		if len(got) < len(c.want) || got[:len(c.want)] != c.want {
			t.Errorf("%s: the notice reads %q, want it to start %q", c.lang, got, c.want)
		}
	}
}
