package web

import (
	"html/template"
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

// The body's data-strings attribute is written escaped once per language
// (jsStringsAttr); it is byte for byte what html/template wrote into the
// quoted attribute, in every language.
func TestJSStringsAttrIsTheTemplates(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse(`<body class="x" data-strings="{{.}}">`))
	i18n.EnablePseudo()
	for _, code := range append(i18n.Load().Codes(), i18n.PseudoCode) {
		l := i18n.Load().Lang(code)
		var want strings.Builder
		if err := tmpl.Execute(&want, jsStrings(l)); err != nil {
			t.Fatal(err)
		}
		attr := funcsFor(l, time.Now)["jsStringsAttr"].(func() template.HTMLAttr)()
		if got := `<body class="x"` + string(attr) + `>`; got != want.String() {
			t.Errorf("%s: the attribute written once differs from the template's:\n%.300s\n%.300s", code, got, want.String())
		}
		if !strings.Contains(want.String(), "&#34;") {
			t.Errorf("%s: nothing in the strings was escaped; the test compares nothing", code)
		}
	}
}
