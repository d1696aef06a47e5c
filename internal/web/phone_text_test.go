package web

import "testing"

// TestPhoneText: a feed's bare US digits read as the directory writes a
// number; anything else is shown as the feed gave it.
func TestPhoneText(t *testing.T) {
	for in, want := range map[string]string{
		"+16699009128":     "669-900-9128",
		"6699006833":       "669-900-6833",
		"16699006833":      "669-900-6833",
		"434-979-8871":     "434-979-8871",
		"(669) 900-9128":   "(669) 900-9128",
		"+442079460000":    "+442079460000",
		"988":              "988",
		"0123456789":       "0123456789",
		" +1 669 900 9128": "+1 669 900 9128",
	} {
		if got := phoneText(in); got != want {
			t.Errorf("phoneText(%q) = %q, want %q", in, got, want)
		}
	}
}
