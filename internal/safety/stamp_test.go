package safety

import (
	"strconv"
	"testing"
)

func TestWithoutStamps(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"[9:14 pm] thank you all for being here tonight", "thank you all for being here tonight"},
		{"[21:14] ana: see you next week", "ana: see you next week"},
		{"21:14 - ana: see you next week", "ana: see you next week"},
		{"12/5/26, 9:14 p. m. - ana: gracias a todos", "ana: gracias a todos"},
		{"[05/12/2026, 21:14:05] ana: hola", "ana: hola"},
		{"(9:14 am) morning all", "morning all"},
		{"[9:14 pm] - hi\n[9:15 pm] bye for now\n  21:16 – ok", "hi\nbye for now\n  ok"},
		{"2026-12-05 21:14 — hi", "hi"},
		// A time the writer wrote stays.
		{"11:52 pm. can't sleep", "11:52 pm. can't sleep"},
		{"6:40am. bupe under the tongue", "6:40am. bupe under the tongue"},
		{"meeting at 7:30 - see you", "meeting at 7:30 - see you"},
		{"6/10 craving. meeting at 7", "6/10 craving. meeting at 7"},
		{"[9:14 the bridge", "[9:14 the bridge"},
		{"21:14-21:30 meeting", "21:14-21:30 meeting"},
		{"9:145 - x", "9:145 - x"},
		{"", ""},
	} {
		if got := withoutStamps(c.in); got != c.want {
			t.Errorf("withoutStamps(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A chat's time stamp says when a line was sent, not what it says: the
// same line reads the same with any stamp in front.
func TestStampsDoNotChangeTheReading(t *testing.T) {
	lines := []string{
		"Thank you all for being here tonight. Same time next week, drive safe.",
		"Gracias a todos por estar aquí esta noche. Nos vemos el jueves.",
		"thanks everyone for tonight, love you guys, see you at the 7pm meeting",
		"I can't do this anymore. Tonight is the night, I have the pills ready.",
		"ya no aguanto, esta noche me tomo todas las pastillas",
	}
	stamps := []string{"[9:14 PM] ", "[21:14] ", "21:14 - ", "12/5/26, 9:14 PM - ", "[05/12/2026, 21:14:05] ", "(9:14 p. m.) "}
	for _, l := range lines {
		want := Check(l, "")
		for _, s := range stamps {
			if got := Check(s+l, ""); got.Level != want.Level {
				t.Errorf("Check(%q) = %v, without the stamp %v", s+l, got.Level, want.Level)
			}
		}
	}
}

// A long number (an id, a phone number, a load generator's
// "t:<nanoseconds>" stamp) is not read digit by digit: the reading of a
// line does not depend on which number is in front.
func TestLongNumbersDoNotSwayTheReading(t *testing.T) {
	lines := []string{
		"Thank you all for being here tonight, it helps more than I can say.",
		"Gracias por estar aquí esta noche, me ayuda más de lo que puedo decir.",
		"I can't do this anymore. Tonight is the night, I have the pills ready.",
	}
	for _, l := range lines {
		want := Check("t:1733400000000000000 "+l, "")
		for n := int64(1733400000000000001); n < 1733400000000000000+200*7919; n += 7919 {
			s := "t:" + strconv.FormatInt(n, 10) + " " + l
			if got := Check(s, ""); got.Level != want.Level {
				t.Errorf("Check(%q) = %v, with another number in front %v", s, got.Level, want.Level)
			}
		}
		t.Logf("%q with a stamp in front: %v (alone: %v)", l, want.Level, Check(l, "").Level)
	}
	if toks := tokenize("call 5551234567 or 555-1234, 20mg"); len(toks) != 5 {
		t.Errorf("tokenize kept %v", toks)
	}
}
