package httpapi_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
	"github.com/kinshiprecovery/kinship/internal/web"
)

// axeVersion is the axe-core the browser tests run, from npm.
const axeVersion = "4.14.1"

// axeSource returns axe-core's script: from KINSHIP_AXE_JS when set, else
// from the repository's .cache (gitignored), installing it there with npm
// the first time. Without it the test fails when Chromium is required.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("KINSHIP_AXE_JS")
	if path == "" {
		dir, err := filepath.Abs(filepath.Join("..", "..", ".cache", "axe-core-"+axeVersion))
		if err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
		if _, err := os.Stat(path); err != nil {
			npm, lerr := exec.LookPath("npm")
			if lerr != nil {
				testutil.Unavailable(t, "chromium", "axe-core needs npm to install: apt-get install npm, or set KINSHIP_AXE_JS to axe.min.js")
			}
			cmd := exec.Command(npm, "install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", "axe-core@"+axeVersion)
			if out, err := cmd.CombinedOutput(); err != nil {
				testutil.Unavailable(t, "chromium", fmt.Sprintf("npm install axe-core@%s: %v\n%s", axeVersion, err, out))
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		testutil.Unavailable(t, "chromium", "axe-core: "+err.Error())
	}
	return string(b)
}

// call runs one DevTools command as a browser step.
func call[P, R any](c cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, c, params)
		return err
	})
}

// axeRun runs axe-core on the page for WCAG 2.0-2.2 A and AA and best
// practice, and returns each violation with up to three of its places.
const axeRun = `(async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']}, resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
})()`

// missingTargets lists in-page links whose target id is not on the page.
const missingTargets = `[...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1)).filter(id => id && !document.getElementById(decodeURIComponent(id)))`

// overflow measures the page's width and names the outermost elements that
// reach past the viewport's right edge.
const overflow = `(() => {
  const w = document.documentElement.clientWidth;
  const wide = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const out = [];
  if (wide > w) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && r.width > 0 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 1)) {
        out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' reaches ' + Math.round(r.right) + ' px');
        if (out.length >= 3) break;
      }
    }
  }
  return {width: wide, viewport: w, culprits: out};
})()`

// TestPagesInBrowser opens every page of TestPagesWithRealData, and the
// pages answering a mistake, in real Chromium as the person who uses it,
// in English and in Spanish. In English, at phone size (390x844) and
// desktop size (1280x800), axe-core must find no violation of WCAG 2.0-2.2
// A/AA or best practice; in Spanish the same at phone size, and the page
// must say lang="es" and read its Spanish title. In both, at 320 px no page
// may be wider than the screen (tables scroll in their own box), and every
// in-page link must point at an element that is there. One browser, one
// tab, the data seeded once: the person changes by their session cookie,
// the language by the footer switcher's cookie.
func TestPagesInBrowser(t *testing.T) {
	exe := testutil.ChromiumPath(t)
	axe := axeSource(t)
	e, pages := seedRealPages(t)
	pages = append(pages, errorPages(e)...)

	// 12 minutes: 150-odd page states, each read by axe, on a shared
	// 2-core machine.
	ctx, stop := testutil.Browser(t, exe, 1280, 800, 12*time.Minute)
	defer stop()
	// axe is put in by the test, not the page: the page's CSP stays as it is
	// for everything else.
	if err := chromedp.Do(ctx, call(page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}),
		call(page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axe})); err != nil {
		t.Fatal(err)
	}
	// Each page has two minutes (cur), so one that never finishes loading
	// fails by its name instead of stopping the whole package.
	var cur context.Context
	// check reads the open page with axe and names each violation; axe is
	// in every page from its start and runs again after the viewport changes.
	check := func(where string) {
		t.Helper()
		violations, err := chromedp.Run(cur, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe: %v", where, err)
		}
		for _, v := range violations {
			t.Errorf("%s: %s", where, v)
		}
	}
	// fits checks the in-page links of the open page and, at 320 px, its
	// width: the narrowest screen WCAG 1.4.10 asks for, nothing wider than it.
	fits := func(where string) {
		t.Helper()
		missing, err := chromedp.Run(cur, chromedp.Evaluate[[]string](missingTargets))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range missing {
			t.Errorf("%s: a link to #%s, which is not on the page", where, id)
		}
		type width struct {
			Width, Viewport int
			Culprits        []string
		}
		if err := chromedp.Do(cur, chromedp.EmulateViewport(320, 640)); err != nil {
			t.Fatal(err)
		}
		wd, err := chromedp.Run(cur, chromedp.Evaluate[width](overflow))
		if err != nil {
			t.Fatal(err)
		}
		if wd.Width > wd.Viewport {
			t.Errorf("%s at 320 px is %d px wide: %s", where, wd.Width, strings.Join(wd.Culprits, "; "))
		}
	}
	// open opens path as the person with tok, in lang, at phone size.
	open := func(p realPage, lang string) (done func(), ok bool) {
		t.Helper()
		var cancel context.CancelFunc
		cur, cancel = context.WithTimeout(ctx, 2*time.Minute)
		who := []chromedp.Action[chromedp.Void]{call(network.ClearBrowserCookies, cdp.Empty{})}
		if p.tok != "" {
			who = append(who, call(network.SetCookie, network.SetCookieParams{Name: web.SessionCookieName(false), Value: p.tok, URL: e.http.URL}))
		}
		if lang != "" {
			who = append(who, call(network.SetCookie, network.SetCookieParams{Name: "kinship_lang", Value: lang, URL: e.http.URL}))
		}
		who = append(who, chromedp.EmulateViewport(390, 844), chromedp.Navigate(e.http.URL+p.path), chromedp.WaitReady(chromedp.CSS(`main`)))
		if err := chromedp.Do(cur, who...); err != nil {
			t.Errorf("%s %s: %v", lang, p.path, err)
			return cancel, false
		}
		return cancel, true
	}
	type shown struct{ Lang, Title, H1, Main string }
	const read = `(() => {
  const words = el => el ? el.innerText.trim().replace(/\s+/g, ' ') : '';
  return {lang: document.documentElement.lang, title: document.title, h1: words(document.querySelector('main h1')), main: words(document.querySelector('main'))};
})()`

	start := time.Now()
	checked := 0
	for _, p := range pages {
		done, ok := open(p, "")
		if !ok {
			done()
			continue
		}
		check(p.path + " at phone size")
		// The admin's list of people with a role fits a phone: it
		// scrolled sideways at 390 px with a column for emails.
		if p.path == "/admin" {
			sideways, err := chromedp.Run(cur, chromedp.Evaluate[bool](`(() => { const b = document.querySelector('#admin-people').parentElement; return b.scrollWidth > b.clientWidth })()`))
			if err != nil || sideways {
				t.Errorf("/admin at 390 px: the people with a role scroll sideways (%v)", err)
			}
		}
		fits(p.path)
		if err := chromedp.Do(cur, chromedp.EmulateViewport(1280, 800)); err != nil {
			t.Fatal(err)
		}
		check(p.path + " at desktop size")
		done()
		checked += 2
	}
	english := time.Since(start)

	start = time.Now()
	for _, p := range pages {
		done, ok := open(p, "es")
		if !ok {
			done()
			continue
		}
		s, err := chromedp.Run(cur, chromedp.Evaluate[shown](read))
		if err != nil {
			t.Fatal(err)
		}
		if s.Lang != "es" {
			t.Errorf("es %s: <html lang=%q>", p.path, s.Lang)
		}
		if s.Title != p.es {
			t.Errorf("es %s: the tab reads %q, want %q", p.path, s.Title, p.es)
		}
		if heading := strings.TrimSuffix(p.es, " · Kinship"); p.esReads == "" && s.H1 != heading {
			t.Errorf("es %s: the heading reads %q, want %q", p.path, s.H1, heading)
		} else if p.esReads != "" {
			for _, want := range strings.Split(p.esReads, " | ") {
				if !strings.Contains(s.Main, want) {
					t.Errorf("es %s: the page does not read %q:\n%s", p.path, want, s.Main)
				}
			}
		}
		check("es " + p.path + " at phone size")
		fits("es " + p.path)
		done()
		checked++
	}
	t.Logf("axe-core %s: %d page states (%d pages in English at two sizes in %v, in Spanish at phone size in %v), 0 violations wanted",
		axeVersion, checked, len(pages), english.Round(time.Second), time.Since(start).Round(time.Second))
}
