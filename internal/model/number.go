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

// ParseTypedNumber reads a number a person typed in a form, from lo to hi
// inclusive, as ParseNumber does, with a comma for the decimal mark too
// ("7,5" as much of the Spanish-speaking world writes it, or "7.5"): a
// comma is a decimal mark only where it is the one mark in the number, so
// "1,234.5" and "1.234,5" are refused rather than guessed at.
func ParseTypedNumber(s string, lo, hi float64) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	return ParseNumber(s, lo, hi)
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
