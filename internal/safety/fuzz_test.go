package safety

import (
	"testing"
	"unicode/utf8"
)

// FuzzNormalize runs fuzzed text through the normalizer and tokenizer and
// the public check: valid UTF-8 stays valid UTF-8, and nothing panics.
func FuzzNormalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize(s)
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("normalize(%q) = %q, not valid UTF-8", s, n)
		}
		_ = tokenize(n)
		_ = Check(s, "en")
		_ = Check(s, "es")
	})
}
