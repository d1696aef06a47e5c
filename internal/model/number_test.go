package model

import "testing"

func TestParseTypedNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"7.5", 7.5, true},
		{"7,5", 7.5, true},
		{" 6,25 ", 6.25, true},
		{"-78,48", -78.48, true},
		{"8", 8, true},
		{"1,234.5", 0, false},
		{"1.234,5", 0, false},
		{"7,5,1", 0, false},
		{"25", 0, false},
		{"NaN", 0, false},
		{"", 0, false},
	} {
		got, ok := ParseTypedNumber(c.in, -100, 24)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ParseTypedNumber(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
