package app

import (
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// spokenCodes are the languages a profile's "Languages you speak" is read
// for when matching mentors: those match's reasons name, and a few more.
var spokenCodes = []string{"en", "es", "fr", "zh", "vi", "ar", "pt", "ru", "ko", "tl", "ht", "de", "pl", "hi", "ja", "nv",
	"it", "uk", "fa", "ur", "bn", "pa", "he", "el", "so", "am", "tr", "ro", "hmn"}

// spokenNames maps each of spokenCodes, folded (lower case, no accents),
// to its code: the code itself, and the language's name in English, in
// Spanish and in itself ("spanish", "espanol", "ingles", "francais").
var spokenNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	namers := []display.Namer{display.English.Languages(), display.Spanish.Languages(), display.Self}
	for _, code := range spokenCodes {
		m[code] = code
		tag := language.Make(code)
		for _, n := range namers {
			if name := foldCountry(n.Name(tag)); name != "" {
				if _, taken := m[name]; !taken {
					m[name] = code
				}
			}
		}
	}
	m["asl"], m["american sign language"], m["lengua de senas americana"] = "ase", "ase", "ase"
	return m
})

// spokenLanguages reads the languages a person wrote ("español",
// "English", "es") as codes, so that two people who named the same
// language in different words share it when matched; what Kinship does
// not recognise is kept, folded, as it was written.
func spokenLanguages(written []string) []string {
	out := make([]string, 0, len(written))
	seen := map[string]bool{}
	for _, w := range written {
		f := foldCountry(w)
		if f == "" {
			continue
		}
		if code, ok := spokenNames()[f]; ok {
			f = code
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
