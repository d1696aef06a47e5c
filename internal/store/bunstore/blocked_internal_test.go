package bunstore

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// blockLists returns n ids joined by spaces for each side, half of them on
// both (two people who block each other).
func blockLists(n int) (blocks, blockedBy string) {
	var a, b []string
	for i := range n {
		a = append(a, fmt.Sprintf("01BLOCKED%017d", i))
		b = append(b, fmt.Sprintf("01BLOCKED%017d", i+n/2))
	}
	return strings.Join(a, " "), strings.Join(b, " ")
}

// Everyone a person blocks or is blocked by, each once, those they block
// first, whatever the number.
func TestBlockedEitherWayOnceEach(t *testing.T) {
	for _, tc := range []struct{ blocks, by, want string }{
		{"", "", ""},
		{"a", "", "a"},
		{"", "b", "b"},
		{"a b", "b c", "a b c"},
		{"a b", "b a", "a b"},
	} {
		if got := strings.Join(blockedEitherWay(tc.blocks, tc.by), " "); got != tc.want {
			t.Errorf("blockedEitherWay(%q, %q) = %q, want %q", tc.blocks, tc.by, got, tc.want)
		}
	}
	blocks, by := blockLists(5000)
	got := blockedEitherWay(blocks, by)
	want := slices.Concat(strings.Fields(blocks), strings.Fields(by)[2500:])
	if !slices.Equal(got, want) {
		t.Fatalf("5,000 blocks each way: %d ids, want %d", len(got), len(want))
	}
}

// BenchmarkBlockedEitherWay: a chat page's blocks for a person with few
// and with thousands of blocks each way.
func BenchmarkBlockedEitherWay(b *testing.B) {
	for _, n := range []int{2, 20, 2000} {
		blocks, by := blockLists(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				blockedEitherWay(blocks, by)
			}
		})
	}
}
