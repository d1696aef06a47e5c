package app

import (
	"maps"
	"testing"
)

func TestShareOfHidesWhatSinglesOut(t *testing.T) {
	for _, c := range []struct {
		part, whole int
		want        string
	}{
		{0, 40, "fewer than 11"},
		{10, 40, "fewer than 11"},
		{11, 40, "11"},
		{29, 40, "29"},
		{30, 40, "all but fewer than 11"}, // 10 did not: too few to show
		{40, 40, "all but fewer than 11"}, // everyone did: that is about each of them
		{12, 12, "all but fewer than 11"},
		{5, 5, "fewer than 11"},
	} {
		if got := shareOf(c.part, c.whole); got != c.want {
			t.Errorf("shareOf(%d, %d) = %q, want %q", c.part, c.whole, got, c.want)
		}
	}
}

func TestSuppressGroupsLeavesNothingToSubtract(t *testing.T) {
	const hiddenNote = "not shown, so that a smaller cohort cannot be worked out"
	for _, c := range []struct {
		name   string
		counts map[string]int
		want   map[string]string
	}{
		{"all large", map[string]int{"A": 20, "B": 11}, map[string]string{"A": "20", "B": "11"}},
		{"one small, its neighbour hidden too", map[string]int{"A": 30, "B": 12, "C": 3},
			map[string]string{"A": "30", "B": hiddenNote, "C": "fewer than 11"}},
		{"two small that add up to 11", map[string]int{"A": 30, "B": 5, "C": 6},
			map[string]string{"A": "30", "B": "fewer than 11", "C": "fewer than 11"}},
		{"two small that add up to less", map[string]int{"A": 30, "B": 25, "C": 2, "D": 3},
			map[string]string{"A": "30", "B": hiddenNote, "C": "fewer than 11", "D": "fewer than 11"}},
		{"everything small", map[string]int{"A": 4, "B": 3}, map[string]string{"A": "fewer than 11", "B": "fewer than 11"}},
	} {
		total := 0
		for _, n := range c.counts {
			total += n
		}
		got := suppressGroups(c.counts, total)
		if !maps.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		// Whatever is shown, the total minus the shown counts is 0 or at least 11.
		rest := total
		for name, v := range got {
			if v != "fewer than 11" && v != hiddenNote {
				rest -= c.counts[name]
			}
		}
		if rest > 0 && rest < SmallCount && total >= SmallCount {
			t.Errorf("%s: the hidden cohorts add up to %d, which the total gives away", c.name, rest)
		}
	}
}
