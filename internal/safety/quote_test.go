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
		{"respondiendo a @ana: vendo mi bici\nyo igual", []string{"respondiendo", "a", "ana", "vendo", "mi", "bici"}, []string{"yo", "igual"}},
		{"i said > 5 is too many", nil, []string{"i", "said", "5", "is", "too", "many"}},
	} {
		q, r := splitQuoted(c.text)
		if !slices.Equal(q, c.quoted) || !slices.Equal(r, c.reply) {
			t.Errorf("%q: quoted %q, reply %q; want %q, %q", c.text, q, r, c.quoted, c.reply)
		}
	}
}

// A frame said before the writer's last sentence (congratulations, a
// saying) is read beside that sentence's plan classes; a reply that
// opens with "+1" or "yo también" reads the quoted line's classes as its
// own; a message of one clause has no tail, and one with no frame before
// its tail no frame features.
func TestFrameTail(t *testing.T) {
	count := func(text string, kind uint64, ids func(a, b int) uint64) int {
		want := map[uint32]bool{}
		for a := 0; a < nCues; a++ {
			for b := 0; b < nCues; b++ {
				want[bucket(kind^ids(a, b)*0x9e3779b1)] = true
			}
		}
		n := 0
		for _, b := range appendFrameTail(nil, tokenize(normalize(text))) {
			if want[b] {
				n++
			}
		}
		return n
	}
	one := func(a, b int) uint64 { return uint64(a + 1) }
	frame := func(a, b int) uint64 { return uint64(a*nCues + b + 1) }
	congrats := "congrats on two years! I gave my truck to my brother, tonight is goodbye"
	if count(congrats, featTail, one) == 0 || count(congrats, featFrame, frame) == 0 {
		t.Error("congratulations then a goodbye: no tail or frame features")
	}
	if n := count("I gave my truck to my brother. tonight is goodbye", featFrame, frame); n != 0 {
		t.Errorf("no frame before the tail: %d frame features, want 0", n)
	}
	if n := count("congrats on two years", featTail, one); n != 0 {
		t.Errorf("one clause: %d tail features, want 0", n)
	}
	if n := count("> hoy me tomo todas las pastillas\n+1 yo también", featMeToo, one); n == 0 {
		t.Error("a +1 under a plan: no me-too features")
	}
	if n := count("> hoy me tomo todas las pastillas\nno lo hagas, llámame", featMeToo, one); n != 0 {
		t.Errorf("a reply that is no me-too: %d me-too features, want 0", n)
	}
}

// A bot's or a reminder's prompt written on the writer's own line is
// quoted and the answer is the writer's (featureA27Cues); a comparison,
// a box of a list and a colon of a heading are not prompts.
func TestInlinePrompt(t *testing.T) {
	a26, turn, a27 := featureA26Cues, featureA26Turn, featureA27Cues
	defer func() { featureA26Cues, featureA26Turn, featureA27Cues = a26, turn, a27 }()
	featureA26Cues, featureA26Turn, featureA27Cues = true, false, true
	for _, c := range []struct {
		text   string
		quoted []string
		reply  []string
	}{
		{"Reminder: drink water 💧 > lol drinking lighter fluid instead", []string{"reminder", "drink", "water"}, []string{"lol", "drinking", "lighter", "fluid", "instead"}},
		{"Bot: How are cravings? Me: 10/10 all day", []string{"bot", "how", "are", "cravings", "me"}, []string{"10", "10", "all", "day"}},
		{"[Kinship: did you take your meds today?] NO. keeping them", []string{"kinship", "did", "you", "take", "your", "meds", "today"}, []string{"no", "keeping", "them"}},
		{"i said > 5 is too many", nil, []string{"i", "said", "5", "is", "too", "many"}},
		{"[x] call mom", nil, []string{"x", "call", "mom"}},
		{"ask me: anything", nil, []string{"ask", "me", "anything"}},
	} {
		q, r := splitQuoted(c.text)
		if !slices.Equal(q, c.quoted) || !slices.Equal(r, c.reply) {
			t.Errorf("%q: quoted %q, reply %q; want %q, %q", c.text, q, r, c.quoted, c.reply)
		}
	}
}

// splitQuoted returns the words of text read as quoted and the writer's own.
func splitQuoted(text string) (quoted, own []string) {
	quoted = wordsWhere(text, func(tk token) bool { return tk.quote })
	own = wordsWhere(text, func(tk token) bool { return !tk.quote })
	return quoted, own
}
