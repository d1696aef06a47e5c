package app_test

import (
	"strconv"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/safety"
)

// BenchmarkMessageWords: the work a message sent does on its words
// before any store, on bench/usersim's messages as it sends them (its
// stamp first): whether it has a link (a new account may not share one)
// by the pattern alone and by the quick pass first; whether it looks like
// selling, with both of its patterns (as it was) and as it is (the price's
// only after another sign); and one safety check (a message sent made
// two, its screen's and its reactions').
func BenchmarkMessageWords(b *testing.B) {
	var words []string
	for i, s := range simSentences {
		words = append(words, "t:"+strconv.Itoa(1765152000000000000+i*7919)+" "+s)
	}
	pattern := app.LinkPattern()
	b.Run("links-by-the-pattern", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if pattern.MatchString(words[i%len(words)]) {
				b.Fatal("a link")
			}
		}
	})
	b.Run("links-quick-pass-first", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if s := words[i%len(words)]; app.MayHaveLink(s) && pattern.MatchString(s) {
				b.Fatal("a link")
			}
		}
	})
	b.Run("solicitation-by-both-patterns", func(b *testing.B) {
		phone, price := app.PhoneSign(), app.PriceSign()
		for i := 0; b.Loop(); i++ {
			s := words[i%len(words)]
			if p, q := phone.MatchString(s), price.MatchString(s); p && q {
				b.Fatal("selling")
			}
		}
	})
	b.Run("solicitation", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if app.LooksLikeSolicitation(words[i%len(words)]) != "" {
				b.Fatal("selling")
			}
		}
	})
	b.Run("one-safety-check", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if safety.Check(words[i%len(words)], "").Level == safety.Crisis {
				b.Fatal("crisis")
			}
		}
	})
}
