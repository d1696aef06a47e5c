package web

import (
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// nameIn is a person's name as the app gives it, written in l: the app
// names an erased account in English (app.FormerMember) wherever it is
// still named, and a Spanish reader read "a former member marcó que…".
func nameIn(l *i18n.Lang, name string) string {
	if name == app.FormerMember {
		return l.T("name.former_member")
	}
	return name
}

// tNamed is l.T with each field that names an erased account in l's
// words (nameIn); a message that then begins with those words, as
// "{{.Name}} marked this not a crisis." does, begins with a capital.
// Pages' messages go through it: the t of templates and Pages.tr.
func tNamed(l *i18n.Lang, id string, args ...any) string {
	var former string
	for i := 1; i < len(args); i += 2 {
		if s, ok := args[i].(string); ok && s == app.FormerMember {
			if former == "" {
				args = append([]any(nil), args...) // the caller's stay as given
				former = l.T("name.former_member")
			}
			args[i] = former
		}
	}
	s := l.T(id, args...)
	if former != "" && strings.HasPrefix(s, former) {
		s = upperFirst(s)
	}
	return s
}
