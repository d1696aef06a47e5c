package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// reservedNames are the words pages show in place of an erased account's
// name ("a former member", "un exmiembro"), folded as foldName folds them:
// a living person named so would read as an erased account, and others
// would take what they write for a ghost's. Every catalog's
// name.former_member is among them (a test in internal/i18n holds it so).
var reservedNames = map[string]bool{
	"formermember": true, "aformermember": true, "theformermember": true,
	"exmember": true, "anexmember": true,
	"exmiembro": true, "unexmiembro": true, "unaexmiembro": true, "elexmiembro": true, "laexmiembro": true,
	"exmiembra": true, "unaexmiembra": true,
}

// ReservedDisplayName reports whether s reads as the name pages give an
// erased account, whatever its case, spacing, punctuation, accents or
// look-alike letters ("A Former Member.", "un ex-miembro", "а former member"
// with a Cyrillic а): no one may take it as their display name.
func ReservedDisplayName(s string) bool { return reservedNames[foldName(s)] }

// reservedName is the message refusing a reserved display name, or nil.
func reservedName(s string) *Msg {
	if !ReservedDisplayName(s) {
		return nil
	}
	return NewMsg("apperr.name_reserved", "choose another display name: Kinship uses this one for accounts that have been erased")
}

// lookAlike maps letters that read as Latin ones in a name to those.
var lookAlike = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'і': 'i', 'х': 'x', 'м': 'm', 'т': 't', 'н': 'h', 'р': 'p', 'с': 'c', 'у': 'y',
	'α': 'a', 'ε': 'e', 'ο': 'o', 'ι': 'i', 'ρ': 'p', 'χ': 'x', 'ν': 'v', 'μ': 'm',
	'0': 'o', '1': 'i', '3': 'e',
}

// foldName is s as a reader's eye takes it: compatibility forms and
// accents gone, lower case, look-alike letters as their Latin ones, and
// nothing but letters (spaces, punctuation and other digits go).
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		r = unicode.ToLower(r)
		if l, ok := lookAlike[r]; ok {
			r = l
		}
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
