package importer

import "testing"

func TestMeetingLanguage(t *testing.T) {
	for _, c := range []struct {
		types []string
		want  string
	}{
		{[]string{"O", "OUT", "D", "SP", "CF", "EN"}, "en"}, // Inside Out Speaker Meeting at the Beach (SF/Marin)
		{[]string{"S", "C"}, "es"},
		{[]string{"POR"}, "pt"},
		{[]string{"EN", "S"}, ""}, // bilingual: its words may be either
		{[]string{"O", "D"}, ""},
		{nil, ""},
	} {
		if got := MeetingLanguage(c.types); got != c.want {
			t.Errorf("MeetingLanguage(%v) = %q, want %q", c.types, got, c.want)
		}
	}
}
