package web

import (
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// The strings app.js reads are the same on every page in a language: the
// template function makes them once per language, not once per page, and
// each language keeps its own words.
func TestJSStringsMadeOncePerLanguage(t *testing.T) {
	for code, want := range map[string]string{"en": `"reconnecting":"Reconnecting…"`, "es": `"reconnecting":"Reconectando…"`} {
		l := i18n.Load().Lang(code)
		f := funcsFor(l, time.Now)["jsStrings"].(func() string)
		if got := f(); !strings.Contains(got, want) || got != jsStrings(l) {
			t.Errorf("%s: the page's strings do not say %s:\n%.300s", code, want, got)
		}
		if allocs := testing.AllocsPerRun(20, func() { f() }); allocs != 0 {
			t.Errorf("%s: each page made the strings again (%.0f allocations a page, want none)", code, allocs)
		}
	}
}
