package password

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

// Length limits in characters: at least 8, and generous room for passphrases.
const (
	MinLen = 8
	MaxLen = 128
)

//go:embed common.txt
var commonText string

var common = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, line := range strings.Split(commonText, "\n") {
		line = strings.ToLower(strings.TrimSpace(line))
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = struct{}{}
		}
	}
	return m
}()

// IsCommon reports whether pw, ignoring case, is among the most commonly
// used passwords.
func IsCommon(pw string) bool {
	_, ok := common[strings.ToLower(pw)]
	return ok
}

// Check returns a message a person can act on when pw is not acceptable for
// the account with this email and display name, or "" when it is fine.
func Check(pw, email, displayName string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinLen:
		return "use at least 8 characters; a short phrase of a few words is easy to remember"
	case n > MaxLen:
		return "use at most 128 characters"
	}
	if IsCommon(pw) {
		return "this password is among the most common ones; try a short phrase of a few unrelated words"
	}
	first, _ := utf8.DecodeRuneInString(pw)
	if strings.Count(pw, string(first)) == n {
		return "a password of one repeated character is easy to guess; try a short phrase of a few words"
	}
	lower := strings.ToLower(pw)
	if local, _, ok := strings.Cut(strings.ToLower(email), "@"); ok && len(local) >= 3 && (lower == local || lower == strings.ToLower(email)) {
		return "do not use your email address as your password"
	}
	if name := strings.ToLower(strings.TrimSpace(displayName)); name != "" && lower == name {
		return "do not use your display name as your password"
	}
	return ""
}
