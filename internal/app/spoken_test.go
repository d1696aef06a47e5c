package app

import (
	"reflect"
	"testing"
)

// People name their languages in their own words: the same language
// written in English, in Spanish, in itself or as a code is one code.
func TestSpokenLanguages(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want []string
	}{
		{[]string{"español"}, []string{"es"}},
		{[]string{"English", "Spanish"}, []string{"en", "es"}},
		{[]string{"inglés", " ESPAÑOL ", "es"}, []string{"en", "es"}},
		{[]string{"Français", "francés", "French"}, []string{"fr"}},
		{[]string{"Hindi", "हिन्दी"}, []string{"hi"}},
		{[]string{"ASL", "Klingon"}, []string{"ase", "klingon"}},
		{[]string{"", "  "}, []string{}},
	} {
		if got := spokenLanguages(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("spokenLanguages(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
