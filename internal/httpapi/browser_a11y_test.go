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
// pages answering a mistake, in real Chromium as the person who uses it:
// at phone size (390x844) and desktop size (1280x800) axe-core must find
// no violation of WCAG 2.0-2.2 A/AA or best practice; at 320 px no page may
// be wider than the screen (tables scroll in their own box); and every
// in-page link must point at an element that is there. One browser, one
// tab: the person changes by cookie.
func TestPagesInBrowser(t *testing.T) {
	exe := testutil.ChromiumPath(t)
	axe := axeSource(t)
	e, pages := seedRealPages(t)
	pages = append(pages, errorPages(e)...)

	// 12 minutes: 100-odd page states, each read by axe twice, on a shared
	// 2-core machine.
	ctx, stop := testutil.Browser(t, exe, 1280, 800, 12*time.Minute)
	defer stop()
	// axe is put in by the test, not the page: the page's CSP stays as it is
	// for everything else.
	if err := chromedp.Do(ctx, call(page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})); err != nil {
		t.Fatal(err)
	}
	sizes := []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 800}}
	checked := 0
	for _, p := range pages {
		who := []chromedp.Action[chromedp.Void]{call(network.ClearBrowserCookies, cdp.Empty{})}
		if p.tok != "" {
			who = append(who, call(network.SetCookie, network.SetCookieParams{Name: web.SessionCookieName(false), Value: p.tok, URL: e.http.URL}))
		}
		if err := chromedp.Do(ctx, who...); err != nil {
			t.Fatalf("%s: cookie: %v", p.path, err)
		}
		for _, s := range sizes {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(s.w, s.h), chromedp.Navigate(e.http.URL+p.path), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
				t.Errorf("%s at %s: %v", p.path, s.name, err)
				continue
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
				t.Fatalf("load axe-core: %v", err)
			}
			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: axe: %v", p.path, err)
			}
			for _, v := range violations {
				t.Errorf("%s at %s size: %s", p.path, s.name, v)
			}
			checked++
			if s.name != "phone" {
				continue
			}
			missing, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](missingTargets))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range missing {
				t.Errorf("%s: a link to #%s, which is not on the page", p.path, id)
			}
			// The admin's list of people with a role fits a phone: it
			// scrolled sideways at 390 px with a column for emails.
			if p.path == "/admin" {
				sideways, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const b = document.querySelector('#admin-people').parentElement; return b.scrollWidth > b.clientWidth })()`))
				if err != nil || sideways {
					t.Errorf("/admin at 390 px: the people with a role scroll sideways (%v)", err)
				}
			}
			// The narrowest screen WCAG 1.4.10 asks for: nothing wider than it.
			type width struct {
				Width, Viewport int
				Culprits        []string
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640)); err != nil {
				t.Fatal(err)
			}
			wd, err := chromedp.Run(ctx, chromedp.Evaluate[width](overflow))
			if err != nil {
				t.Fatal(err)
			}
			if wd.Width > wd.Viewport {
				t.Errorf("%s at 320 px is %d px wide: %s", p.path, wd.Width, strings.Join(wd.Culprits, "; "))
			}
		}
	}
	t.Logf("axe-core %s: %d page states, 0 violations wanted", axeVersion, checked)
}
