package model

import (
	"math"
	"strconv"
	"strings"
)

// ParseNumber reads a decimal number from lo to hi inclusive. NaN,
// infinities, hexadecimal floats, underscores and anything out of range are
// refused: strconv.ParseFloat accepts "NaN" and "Inf", and NaN passes every
// comparison written as "refuse when x < lo || x > hi".
func ParseNumber(s string, lo, hi float64) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return 0, false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !InRange(f, lo, hi) {
		return 0, false
	}
	return f, true
}

// InRange reports whether f is a finite number from lo to hi inclusive
// (false for NaN, whatever the bounds).
func InRange(f, lo, hi float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0) && f >= lo && f <= hi
}

// ParseWhole reads a whole number from lo to hi inclusive.
func ParseWhole(s string, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}
