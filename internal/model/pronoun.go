package model

import (
	"strings"
	"unicode"
)

// Pronoun is how a page speaks of a person in the third person: by the
// pronouns they gave where a page can follow them, else without gender
// ("they" in English, wording without a gendered ending in Spanish).
type Pronoun string

// The pronouns a page follows. PronounThey is also what a page uses for
// anyone whose pronouns it may not show, or who gave none.
const (
	PronounThey Pronoun = ""
	PronounShe  Pronoun = "she"
	PronounHe   Pronoun = "he"
)

// PronounOf reads the pronouns a person wrote on their profile ("she/her",
// "ella", "él", "he/him", "they/them", "elle", "ella/elle") as a page can
// follow them: she or he when every word names that one, else they (words
// naming neither, or both, or a word such as "elle" or "they" that asks
// for no gender). It never guesses from a name.
func PronounOf(pronouns string) Pronoun {
	var she, he, other bool
	for _, w := range strings.FieldsFunc(strings.ToLower(pronouns), func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "she", "her", "hers", "herself", "ella", "ellas":
			she = true
		case "he", "him", "his", "himself", "él", "el", "ellos":
			he = true
		case "pronouns", "pronombres", "pronoun", "pronombre", "and", "or", "y", "o":
		default:
			other = true
		}
	}
	switch {
	case she && !he && !other:
		return PronounShe
	case he && !she && !other:
		return PronounHe
	}
	return PronounThey
}
