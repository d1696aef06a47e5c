package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserWorkerKeepsOnlyThePageScriptItsNameSays: during an upgrade a
// node of another build answers a page script's address with its own
// script (another build's words and app.js, not to be kept by the
// browser). The service worker, which keeps a page script under its name
// for as long as pages name it and serves it from there, does not keep
// that answer: once every node runs this build, the worker keeps this
// build's script and the pages read this build's words.
func TestBrowserWorkerKeepsOnlyThePageScriptItsNameSays(t *testing.T) {
	exe := chromium(t)
	var upgrading atomic.Bool
	upgrading.Store(true)
	// The worker's requests wait until the test follows its install.
	release := make(chan struct{})
	name := regexp.MustCompile(`^/static/app\.[a-z]+\.[0-9a-f]{16}\.js$`)
	otherBuild := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// While the upgrade lasts, the script's address reaches a node
			// of another build, as a load balancer may send it.
			if name.MatchString(r.URL.Path) && upgrading.Load() {
				if r.Header.Get("Sec-Fetch-Dest") == "empty" { // the worker's
					<-release
				}
				// Its script: its own words (none here) and its app.js.
				js := httptest.NewRecorder()
				next.ServeHTTP(js, httptest.NewRequest("GET", "/static/app.js", nil))
				w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
				w.Header().Set("ETag", `"00000000000000ff"`)
				w.Header().Set("Cache-Control", "no-cache")
				_, _ = w.Write(append([]byte("// another build's page script\nvar kinshipWords = {};\n"), js.Body.Bytes()...))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	base, _, _ := startServerOpts(t, app.Options{}, otherBuild)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	st.do(ctx, "the sign-in page mid-upgrade", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`#f-email`)))
	// The worker installing now keeps the offline pages and the script
	// they name, which a node of another build answers: followed to its end.
	eval[bool](t, ctx, "the worker installs", `new Promise(ok => { const check = () => navigator.serviceWorker.getRegistration().then(r => {
		const w = r && r.installing;
		if (!w) { setTimeout(check, 50); return; }
		window.installed = "";
		w.addEventListener("statechange", () => { if (w.state === "installed" || w.state === "redundant") { window.installed = w.state; } });
		ok(true); }); check(); })`)
	close(release)
	how := eval[string](t, ctx, "the install ends", `new Promise(ok => { const check = () => window.installed ? ok(window.installed) : setTimeout(check, 50); check(); })`)
	t.Logf("mid-upgrade, the worker's install ended %s", how)
	upgrading.Store(false) // every node runs this build now
	st.do(ctx, "the sign-in page after the upgrade", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`#f-email`)))
	// The worker keeps the offline pages (registered again until it has).
	eval[bool](t, ctx, "the worker keeps the offline pages", `new Promise(ok => { const check = () => caches.match("/checkin/offline").then(p => {
		if (p) { ok(true); return; } navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {}); setTimeout(check, 200); }); check(); })`)
	kept := eval[string](t, ctx, "the page scripts kept", `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys().then(rs =>
		Promise.all(rs.filter(r => /^\/static\/app\.[^\/]+\.[0-9a-f]+\.js$/.test(new URL(r.url).pathname)).map(r => c.match(r).then(x => x.text())))))))).then(ts => ts.flat().join("\n---\n"))`)
	if strings.Contains(kept, "another build") || !strings.Contains(kept, "var kinshipWords = {\"") {
		t.Errorf("the worker keeps, under this build's page script's name:\n%.200s", kept)
	}
	st.do(ctx, "the sign-in page under the worker", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`#f-email`)))
	if n := eval[int](t, ctx, "the page's words", `typeof kinshipWords === "object" && kinshipWords ? Object.keys(kinshipWords).length : 0`); n < 10 {
		t.Errorf("the page's script has %d words, want this build's", n)
	}
}
