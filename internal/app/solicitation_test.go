package app_test

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// W11-2 (walk11): in Dana's group in Chicago a new account wrote "Got oxys
// and bars cheap, DM me, fast delivery all over Chicago" and everyone read
// it: "delivery" was its only sign, and two hold a message. A substance
// offered at a price is a sign now; recovery talk that names a substance,
// or a price, alone is not held.
func TestLooksLikeSolicitation(t *testing.T) {
	for _, c := range []struct {
		text string
		held bool
	}{
		{"Got oxys and bars cheap, DM me, fast delivery all over Chicago", true},
		{"percs $20 each, hit me up", true},
		{"cheap xans, discreet", true},
		{"Tengo pastillas baratas, entrega rápida, escríbeme por telegram", true},
		{"anyone got extra subs? can pay cash, text me 714-555-0199 🔌", true},
		// Not held: a person's own story, a price, a number shared.
		{"I used to buy oxys cheap on the street. Today I'm 40 days clean.", false},
		{"Cheap parking behind the church, DM me if you get lost", false},
		{"Antes compraba pastillas. Hoy llevo 40 días.", false},
		{"The meeting is free; coffee is $1 each", false},
		{"My number is 312-555-0100 if you want to talk tonight", false},
		{"I took 2 bars and a few drinks last night and I'm scared", false},
	} {
		if got := app.LooksLikeSolicitation(c.text) != ""; got != c.held {
			t.Errorf("%q: held %v, want %v (%s)", c.text, got, c.held, app.LooksLikeSolicitation(c.text))
		}
	}
}
