package safety

import (
	"slices"
	"testing"
)

// TestDayHourByHour reads the entries of a day told hour by hour and the
// answers after a prompt's labels as items of a list (featureA30Cues), and
// a date or the light as a time.
func TestDayHourByHour(t *testing.T) {
	defer SetFeatureA30Cues(featureA30Cues)
	SetFeatureA30Cues(true)
	for _, c := range []struct {
		text  string
		items []string
	}{
		{"7am gym. 9:30 dentist, then groceries. 3 pick up the kids", []string{"7am", "9", "3"}},
		{"0800 chow. 1300 wrote a letter home", []string{"0800", "1300"}},
		{"Rose: my son called. Thorn: the bus was late", []string{"my", "the"}},
		{"I have 7 days today", nil},
		{"meeting at 7: bring coffee", nil},
	} {
		var items []string
		for _, tk := range tokenize(normalize(c.text)) {
			if tk.item {
				items = append(items, tk.s)
			}
		}
		if !slices.Equal(items, c.items) {
			t.Errorf("%q: items %q, want %q", c.text, items, c.items)
		}
	}
	for _, w := range []string{"28th", "1st", "sunrise", "amanecer", "march"} {
		if cueOf(w)&cueTime == 0 {
			t.Errorf("%q is not read as a time", w)
		}
	}
	for _, w := range []string{"10", "4x4", "1000th"} {
		if cueOf(w)&cueTime != 0 {
			t.Errorf("%q is read as a time", w)
		}
	}
}
