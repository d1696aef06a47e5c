package safety

import (
	"slices"
	"testing"
)

// wordsWhere returns the words of text, tokenized as Check reads it, that
// keep reports.
func wordsWhere(text string, keep func(token) bool) []string {
	var out []string
	for _, tk := range tokenize(normalize(text)) {
		if keep(tk) {
			out = append(out, tk.s)
		}
	}
	return out
}

// A bullet, an empty box or a dash standing alone opens an item of a
// list; a dash inside a word or a number range does not.
func TestListMarks(t *testing.T) {
	for _, c := range []struct {
		text  string
		items []string // the words that open an item
	}{
		{"to do: - call mom - pay rent", []string{"call", "pay"}},
		{"☐ coffee ☐ chairs", []string{"coffee", "chairs"}},
		{"• la moto • el perro", []string{"la", "el"}},
		{"a well-known place, 3-4 pm", nil},
		{"no list here - just a pause", []string{"just"}},
	} {
		got := wordsWhere(c.text, func(tk token) bool { return tk.item })
		if !slices.Equal(got, c.items) {
			t.Errorf("%q: items open at %q, want %q", c.text, got, c.items)
		}
	}
}

// A list is read item by item: a heading with a colon and two items, or
// two bullets, give the list's features; one sentence does not; and a
// plan class met in one item beside ordinary ones has a weight of its own.
func TestListItems(t *testing.T) {
	has := func(text string, f uint32) bool {
		return slices.Contains(appendListItems(nil, tokenize(normalize(text))), f)
	}
	list := bucket(featList)
	odd := bucket(featItemOdd ^ uint64(bitIndex(cueMeans)+1)*0x9e3779b1)
	for _, c := range []struct {
		text      string
		list, odd bool
	}{
		{"errands: bread, milk, the rope", true, true},
		{"- bread - milk - stamps", true, false},
		{"errands: bread, milk, stamps", true, false},
		{"i bought bread and milk today", false, false},
		{"note: bread", false, false},
	} {
		if got := has(c.text, list); got != c.list {
			t.Errorf("%q: read as a list %v, want %v", c.text, got, c.list)
		}
		if got := has(c.text, odd); got != c.odd {
			t.Errorf("%q: a means in one item only %v, want %v", c.text, got, c.odd)
		}
	}
}

func bitIndex(c uint32) int {
	for a := 0; a < 32; a++ {
		if c == 1<<a {
			return a
		}
	}
	return -1
}

// A means bought or set out as one item among errands (a hose, poison,
// pills in a quantity) reads as a means in a list (featureA27Cues); a
// medicine with no quantity, or the same words outside a list, do not.
func TestListItemMeans(t *testing.T) {
	a27 := featureA27Cues
	defer func() { featureA27Cues = a27 }()
	featureA27Cues = true
	odd := bucket(featItemOdd ^ uint64(bitIndex(cueMeans)+1)*0x9e3779b1)
	for _, c := range []struct {
		text string
		odd  bool
	}{
		{"shopping: bread, coffee, a garden hose", true},
		{"compras: arroz, veneno pa ratas, jabón", true},
		{"to-do: - finish shift - pick up the 60 pills - wash truck", true},
		{"to-do: - finish shift - pick up my pills - wash truck", false},
		{"i watered the garden with the hose", false},
	} {
		if got := slices.Contains(appendListItems(nil, tokenize(normalize(c.text))), odd); got != c.odd {
			t.Errorf("%q: a means in one item only %v, want %v", c.text, got, c.odd)
		}
	}
}
