package model

import "testing"

func TestPronounOf(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Pronoun
	}{
		{"", PronounThey},
		{"ella", PronounShe},
		{"Ella", PronounShe},
		{"she/her", PronounShe},
		{"She / Her / Hers", PronounShe},
		{"ella/she", PronounShe},
		{"él", PronounHe},
		{"El", PronounHe},
		{"he/him", PronounHe},
		{"él / he", PronounHe},
		{"they/them", PronounThey},
		{"elle", PronounThey},
		{"she/they", PronounThey},
		{"ella/elle", PronounThey},
		{"he or she", PronounThey},
		{"any pronouns", PronounThey},
		{"ask me", PronounThey},
		{"pronouns: she/her", PronounShe},
	} {
		if got := PronounOf(c.in); got != c.want {
			t.Errorf("PronounOf(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
