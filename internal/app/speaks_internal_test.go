package app

import "testing"

// TestSpeaksByCodeOrName: the mentor finder's language code finds mentors
// however they wrote the language in their profile.
func TestSpeaksByCodeOrName(t *testing.T) {
	for _, tc := range []struct {
		langs []string
		want  string
		ok    bool
	}{
		{[]string{"Spanish"}, "es", true},
		{[]string{"English", "español"}, "es", true},
		{[]string{"ES"}, "es", true},
		{[]string{"inglés"}, "en", true},
		{[]string{"English"}, "es", false},
		{[]string{"Tagalog"}, "tl", false},
		{[]string{"Tagalog"}, "Tagalog", true},
		{nil, "es", false},
	} {
		if got := speaks(tc.langs, tc.want); got != tc.ok {
			t.Errorf("speaks(%q, %q) = %v", tc.langs, tc.want, got)
		}
	}
}
