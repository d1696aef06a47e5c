package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

// Each language's page script (script.go) is its words, the catalog's
// "js." messages and the names dates are written with, then app.js, at an
// address named by its bytes: nothing else, so nothing about a person can
// be in a file every browser keeps. Each language has its own.
func TestPageScriptHoldsOnlyTheCatalog(t *testing.T) {
	app, err := staticFS.ReadFile("static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	fixed := map[string]bool{"weekdays": true, "months": true, "when": true, "when_year": true, "day": true, "hours": true,
		"am": true, "pm": true, "milestone_line": true, "milestone_units": true}
	i18n.EnablePseudo()
	paths := map[string]string{}
	for _, code := range append(i18n.Load().Codes(), i18n.PseudoCode) {
		l := i18n.Load().Lang(code)
		s := pageScriptOf(l)
		head, rest, ok := strings.Cut(string(s.body), "\nvar kinshipWords = ")
		if !ok || !strings.HasPrefix(head, "// ") || strings.Contains(head, "\n") {
			t.Fatalf("%s: the script does not begin with a comment and its words:\n%.200s", code, s.body)
		}
		words, after, ok := strings.Cut(rest, ";\n")
		if !ok || words != jsStrings(l) || after != string(app) {
			t.Fatalf("%s: the script is not its words then app.js", code)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(words), &m); err != nil {
			t.Fatal(err)
		}
		for k := range m {
			if !fixed[k] && !i18n.Load().Default().Has("js."+k) {
				t.Errorf("%s: the script's words hold %q, which is not the catalog's js.%s", code, k, k)
			}
		}
		sum := sha256.Sum256(s.body)
		if want := "/static/app." + code + "." + hex.EncodeToString(sum[:8]) + ".js"; s.path != want {
			t.Errorf("%s: the script's address is %s, want %s (named by its bytes)", code, s.path, want)
		}
		if c, h, ok := pageScriptName(strings.TrimPrefix(s.path, "/static/")); !ok || c != code || h != s.hash {
			t.Errorf("%s: the address %s reads as %q %q %v", code, s.path, c, h, ok)
		}
		for other, p := range paths {
			if p == s.path {
				t.Errorf("%s and %s have the same script %s", code, other, p)
			}
		}
		paths[code] = s.path
	}
	for _, name := range []string{"app.js", "app.css", "app.es.js", "app.es.0123.js", "app..0123456789abcdef.js", "app.es.0123456789abcdef.css", "x/app.es.0123456789abcdef.js"} {
		if _, _, ok := pageScriptName(name); ok {
			t.Errorf("%s reads as a page script's name", name)
		}
	}
}
