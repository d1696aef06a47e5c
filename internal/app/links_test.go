package app_test

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// The links new accounts may not share are found as the pattern finds
// them: the quick pass that lets most words skip the pattern never says
// "no link" where the pattern finds one.
func TestLinksAreFoundAsThePatternFindsThem(t *testing.T) {
	pattern := app.LinkPattern()
	for _, s := range []string{
		"", "Day 40 today. Proud of this week.", "see example.com", "EXAMPLE.COM!", "go to www.x", "WWW.thing",
		"http://x", "HTTPS://", "httpſ://", "a.io", "me.ly.", "x.Link", "x.lin\u212a", "a-b.co", "-a.co", "_a.co",
		"ok.Me", "ok. Me", "...", "a..com", "I.I", "naïve.org", "日本.com", "x.gg", "x.xyz", "x.app", "x.net", "a.orgy",
		"end.", ".com", "www.", "ww.w", "w.ww.", "hello.\u0130o", "hello.\u0131o", "a.\u212aom",
	} {
		if pattern.MatchString(s) && !app.MayHaveLink(s) {
			t.Errorf("%q: the pattern finds a link and the quick pass does not", s)
		}
	}
	// Every letter outside ASCII that a pattern's letter folds to, at the
	// start of an ending, where the quick pass looks only at ASCII.
	for r := rune(128); r < 0x20000; r++ {
		s := "x." + string(r) + "om x." + string(r) + "et x." + string(r) + "rg x." + string(r) + "o x." + string(r) + "e x." + string(r) + "y x." + string(r) + "g x." + string(r) + "yz x." + string(r) + "pp x." + string(r) + "ink"
		if pattern.MatchString(s) && !app.MayHaveLink(s) {
			t.Errorf("%U: the pattern finds a link in %q and the quick pass does not", r, s)
		}
	}
}

func FuzzLinksAreFoundAsThePatternFindsThem(f *testing.F) {
	for _, s := range []string{"see example.com", "http://x", "www.a", "a.lin\u212a", "Day 40. Proud."} {
		f.Add(s)
	}
	pattern := app.LinkPattern()
	f.Fuzz(func(t *testing.T, s string) {
		if pattern.MatchString(s) && !app.MayHaveLink(s) {
			t.Errorf("%q: the pattern finds a link and the quick pass does not", s)
		}
	})
}

// A phone number or a request to call or text is found as the pattern
// finds it: the quick pass that lets most words skip the pattern never
// says "none" where the pattern finds one, whatever the case of the
// letters (every letter the pattern's fold to, up to U+1FFFF, tried).
func TestPhoneSignsAreFoundAsThePatternFindsThem(t *testing.T) {
	pattern := app.PhoneSign()
	for _, s := range []string{
		"", "Day 40 today.", "text me", "TEXT ME later", "Call Me At 5", "call me at", "555 123 4567", "(555) 123-4567",
		"555.123.4567", "5551234567", "my number is 555-123-4567!", "1 2 3 4 5 6 7 8 9 0", "12345678901234", "text  me",
		"textme", "call me", "Τext me", "٥٥٥١٢٣٤٥٦٧",
	} {
		if pattern.MatchString(s) && !app.MayHavePhone(s) {
			t.Errorf("%q: the pattern finds a phone sign and the quick pass does not", s)
		}
	}
	for r := rune(128); r < 0x20000; r++ {
		for _, w := range []string{"text me", "call me at"} {
			for i := range len(w) {
				s := w[:i] + string(r) + w[i+1:]
				if pattern.MatchString(s) && !app.MayHavePhone(s) {
					t.Fatalf("%U: the pattern finds a phone sign in %q and the quick pass does not", r, s)
				}
			}
		}
	}
}

func FuzzPhoneSignsAreFoundAsThePatternFindsThem(f *testing.F) {
	for _, s := range []string{"text me", "555-123-4567", "Day 40 today.", "CALL ME AT noon"} {
		f.Add(s)
	}
	pattern := app.PhoneSign()
	f.Fuzz(func(t *testing.T, s string) {
		if pattern.MatchString(s) && !app.MayHavePhone(s) {
			t.Errorf("%q: the pattern finds a phone sign and the quick pass does not", s)
		}
	})
}
