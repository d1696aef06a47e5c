package safety

import (
	"slices"
	"testing"
)

// A reply's words and a quoted line's words are told apart: a line that
// opens with ">" (after spaces), "replying to" or "en respuesta a" is
// quoted, the lines after it are not.
func TestQuotedLines(t *testing.T) {
	for _, c := range []struct {
		text   string
		quoted []string
		reply  []string
	}{
		{"> is the meeting still at 7?\nyep 👍", []string{"is", "the", "meeting", "still", "at", "7"}, []string{"yep", "xxjoy"}},
		{"  > ¿sigues en la reunión?\nsí", []string{"sigues", "en", "la", "reunion"}, []string{"si"}},
		{"replying to: who's bringing the coffee\nme", []string{"replying", "to", "whos", "bringing", "the", "coffee"}, []string{"me"}},
		{"En respuesta a: ¿vienes?\nya", []string{"en", "respuesta", "a", "vienes"}, []string{"ya"}},
		{"i said > 5 is too many", nil, []string{"i", "said", "5", "is", "too", "many"}},
	} {
		var q, r []string
		for _, tk := range tokenize(normalize(c.text)) {
			if tk.quote {
				q = append(q, tk.s)
			} else {
				r = append(r, tk.s)
			}
		}
		if !slices.Equal(q, c.quoted) || !slices.Equal(r, c.reply) {
			t.Errorf("%q: quoted %q, reply %q; want %q, %q", c.text, q, r, c.quoted, c.reply)
		}
	}
}
