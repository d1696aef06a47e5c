package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// The page script, one file per language.
//
// app.js writes words of its own (a notice that arrives, "Reconnecting…",
// the offline check-in's "Saved on this device"), in the page's language
// from the catalog. Those words were on every page, in its <body>'s
// data-strings attribute: 4.6 KB of about 10 KB on home and the Messages
// list, sent again with every page. Now each language has its own script,
// the words first and app.js after them, at an address named by what the
// file holds (/static/app.es.3f9a….js), which a browser keeps for a year
// and never asks about again: a page carries only the address, and a
// browser fetches the script once per language and version. A change to
// the words or to app.js is a new address.
//
// The file holds only the catalog's words for the page script and the
// names of days and months: the same for everyone reading that language,
// never anything about a person (TestPageScriptHoldsOnlyTheCatalog).

// pageScript is a language's script: its address and its bytes.
type pageScript struct {
	path string // /static/app.<code>.<hash>.js
	hash string
	body []byte
}

// pageScripts holds each language's script (code to *pageScript), made
// on first use.
var pageScripts sync.Map

// pageScriptPrefix and pageScriptSuffix frame a script's name under
// /static/: app.<code>.<hash>.js.
const (
	pageScriptPrefix = "app."
	pageScriptSuffix = ".js"
)

// pageScriptOf is l's script.
func pageScriptOf(l *i18n.Lang) *pageScript {
	if s, ok := pageScripts.Load(l.Key()); ok {
		return s.(*pageScript)
	}
	app, err := staticFS.ReadFile("static/app.js")
	if err != nil {
		panic(err) // embedded at build time
	}
	var b bytes.Buffer
	b.WriteString("// Kinship's page script in " + l.Code + ": the words it writes, from the catalog, then app.js.\n")
	b.WriteString("var kinshipWords = ")
	b.WriteString(jsStrings(l))
	b.WriteString(";\n")
	b.Write(app)
	sum := sha256.Sum256(b.Bytes())
	hash := hex.EncodeToString(sum[:8])
	s := &pageScript{path: "/static/" + pageScriptPrefix + l.Key() + "." + hash + pageScriptSuffix, hash: hash, body: b.Bytes()}
	got, _ := pageScripts.LoadOrStore(l.Key(), s)
	return got.(*pageScript)
}

// pageScriptName reads a script's name under /static/ ("app.es.3f9a….js")
// as its language's code and hash; false for any other name.
func pageScriptName(name string) (code, hash string, ok bool) {
	rest, ok := strings.CutPrefix(name, pageScriptPrefix)
	if !ok {
		return "", "", false
	}
	rest, ok = strings.CutSuffix(rest, pageScriptSuffix)
	if !ok {
		return "", "", false
	}
	code, hash, ok = strings.Cut(rest, ".")
	if !ok || code == "" || len(hash) != 16 || strings.Contains(hash, ".") {
		return "", "", false
	}
	return code, hash, true
}

// servePageScript answers a request for a language's script: kept for a
// year when the address is this build's, and without being kept when it
// is another's (a page written by a node of another version, during an
// upgrade): that page still gets a script, this node's. A language
// Kinship does not have is not found.
func servePageScript(w http.ResponseWriter, r *http.Request, code, hash string) {
	l := i18n.Load().ByKey(code)
	if l == nil {
		http.NotFound(w, r)
		return
	}
	s := pageScriptOf(l)
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("ETag", `"`+s.hash+`"`)
	if hash == s.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(s.body))
}
