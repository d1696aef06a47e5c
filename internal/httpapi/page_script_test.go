package httpapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// pageScriptSrc is the page script a page names.
var pageScriptSrc = regexp.MustCompile(`<script src="(/static/app\.([a-zA-Z-]+)\.([0-9a-f]{16})\.js)" defer></script>`)

// The page script's words are no longer on every page: a page names its
// language's script (its words, then app.js), which the browser keeps for
// a year under an address named by what it holds. The script holds the
// catalog's words for the page script in that language and nothing about
// anybody: the same bytes whoever asks, signed in or not, and no cookie.
func TestPagesNameTheirLanguagesScriptAndItIsKept(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("words@example.org", goodPassword, "Wren Words")
	scripts := map[string]string{}
	for _, c := range []struct{ lang, says, not string }{
		{"en", `"reconnecting":"Reconnecting…"`, "Reconectando"},
		{"es", `"reconnecting":"Reconectando…"`, "Reconnecting…"},
	} {
		for _, who := range []string{tok, ""} {
			page := e.getIn("/", who, c.lang)
			if page.Status != http.StatusOK {
				t.Fatalf("%s: home answered %d", c.lang, page.Status)
			}
			body := string(page.Body)
			if strings.Contains(body, "data-strings") || strings.Contains(body, "reconnecting") {
				t.Errorf("%s: the page still carries the script's words:\n%.400s", c.lang, body)
			}
			m := pageScriptSrc.FindStringSubmatch(body)
			if m == nil || m[2] != c.lang {
				t.Fatalf("%s: the page names no script in its language (%v):\n%.1500s", c.lang, m, body)
			}
			if had, ok := scripts[c.lang]; ok && had != m[1] {
				t.Errorf("%s: a signed-in page names %s and a visitor's %s", c.lang, had, m[1])
			}
			scripts[c.lang] = m[1]
		}
		src := scripts[c.lang]
		var first []byte
		for _, who := range []string{tok, ""} {
			js := e.do("GET", src, who, nil)
			if js.Status != http.StatusOK {
				t.Fatalf("%s: %s answered %d", c.lang, src, js.Status)
			}
			if got := js.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("%s: the script's Cache-Control is %q, want it kept a year", c.lang, got)
			}
			if got := js.Header.Get("Content-Type"); got != "text/javascript; charset=utf-8" {
				t.Errorf("%s: the script's Content-Type is %q", c.lang, got)
			}
			if sc := js.Header.Values("Set-Cookie"); len(sc) > 0 {
				t.Errorf("%s: the script sets cookies: %v", c.lang, sc)
			}
			s := string(js.Body)
			if !strings.Contains(s, c.says) || strings.Contains(s, c.not) {
				t.Errorf("%s: the script does not hold its language's words (%s):\n%.300s", c.lang, c.says, s)
			}
			if !strings.Contains(s, "function kt(key, args)") {
				t.Errorf("%s: the script is not app.js after its words", c.lang)
			}
			if strings.Contains(s, "Wren") || strings.Contains(s, "words@example.org") {
				t.Errorf("%s: the script holds something of the person who asked", c.lang)
			}
			if first == nil {
				first = js.Body
			} else if string(first) != s {
				t.Errorf("%s: the script differs between a signed-in member and a visitor", c.lang)
			}
		}
		// Asked again with its version, it is not sent again.
		req, _ := http.NewRequest("GET", e.http.URL+src, nil)
		req.Header.Set("If-None-Match", `"`+versionOf(src)+`"`)
		if r := e.send(req, ""); r.Status != http.StatusNotModified {
			t.Errorf("%s: asked with its version the script answered %d, want 304", c.lang, r.Status)
		}
	}
	if scripts["en"] == scripts["es"] {
		t.Errorf("English and Spanish pages name the same script %s", scripts["en"])
	}
	// Another version's address (a page written by a node of another
	// version) still gets this node's script, not kept; a language
	// Kinship does not have is not found.
	other := strings.Replace(scripts["es"], versionOf(scripts["es"]), "0123456789abcdef", 1)
	r := e.do("GET", other, "", nil)
	if r.Status != http.StatusOK || r.Header.Get("Cache-Control") != "no-cache" || !strings.Contains(string(r.Body), "Reconectando…") {
		t.Errorf("another version's address: %d, Cache-Control %q", r.Status, r.Header.Get("Cache-Control"))
	}
	if r := e.do("GET", "/static/app.xx.0123456789abcdef.js", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("a language Kinship does not have: %d, want 404", r.Status)
	}
}

// versionOf is the version in a page script's address: app.<lang>.<version>.js.
func versionOf(src string) string {
	parts := strings.Split(src, ".")
	return parts[len(parts)-2]
}
