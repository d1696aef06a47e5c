package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserInstallable: Chromium reads the web app manifest without an
// error and reports nothing that keeps Kinship from being installed; the
// service worker controls the whole site from /sw.js; the manifest names
// the app, its colours, a maskable icon and the two shortcuts; and a dark
// device gets dark pages that stay readable.
func TestBrowserInstallable(t *testing.T) {
	exe := chromium(t)
	base, _ := startServer(t)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	st.do(ctx, "open", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))

	scope := workerReady(t, ctx)
	if scope != base+"/" {
		t.Fatalf("the service worker's scope is %q, want the whole site %q", scope, base+"/")
	}
	m, err := chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Errors {
		t.Errorf("manifest error: %s (line %d)", e.Message, e.Line)
	}
	if m.Manifest == nil {
		t.Fatalf("Chromium found no manifest (url %q)", m.URL)
	}
	mf := m.Manifest
	if mf.Name != "Kinship" || !strings.HasSuffix(strings.ToLower(mf.Display), "standalone") || mf.StartURL != base+"/" || mf.Scope != base+"/" || mf.ThemeColor == "" || mf.BackgroundColor == "" {
		t.Errorf("manifest reads name %q, display %q, start %q, scope %q, colours %q/%q", mf.Name, mf.Display, mf.StartURL, mf.Scope, mf.ThemeColor, mf.BackgroundColor)
	}
	var shortcuts []string
	for _, s := range mf.Shortcuts {
		shortcuts = append(shortcuts, s.Name+" "+strings.TrimPrefix(s.URL, base))
	}
	if got := strings.Join(shortcuts, ", "); got != "Check in /checkin, I need support now /support" {
		t.Errorf("shortcuts: %s", got)
	}
	maskable := map[string]bool{}
	for _, ic := range mf.Icons {
		if strings.Contains(ic.URL, "maskable") {
			maskable[ic.Sizes] = true
		}
	}
	if !maskable["192x192"] || !maskable["512x512"] {
		t.Errorf("no maskable icons of 192 and 512 px: %+v", mf.Icons)
	}
	ie, err := chromedp.Call(ctx, page.GetInstallabilityErrors, struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ie.InstallabilityErrors {
		t.Errorf("installability error: %s %v", e.ErrorID, e.ErrorArguments)
	}

	// The worker is a script of this site, within its CSP, and never cached long.
	r, err := http.Get(base + "/sw.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") || r.Header.Get("Cache-Control") != "no-cache" || !strings.Contains(string(body), "showNotification") {
		t.Errorf("/sw.js: %s, %q, Cache-Control %q", r.Status, ct, r.Header.Get("Cache-Control"))
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("/sw.js CSP %q", csp)
	}

	// Dark mode: the device's choice, with text at least 7:1 on the page.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
		t.Fatal(err)
	}
	contrast := eval[[]float64](t, ctx, "dark colours", `(() => {
	  const rgb = s => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
	  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
	  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
	  const bg = rgb(getComputedStyle(document.body).backgroundColor);
	  const ink = rgb(getComputedStyle(document.querySelector("main h1")).color);
	  const link = rgb(getComputedStyle(document.querySelector("footer.site p:last-child a")).color);
	  return [lum(bg), ratio(ink, bg), ratio(link, bg)];
	})()`)
	if contrast[0] > 0.05 || contrast[1] < 7 || contrast[2] < 4.5 {
		t.Errorf("dark mode: background luminance %.3f, text contrast %.1f:1, links %.1f:1", contrast[0], contrast[1], contrast[2])
	}
	shot(t, ctx, "phone-dark-home.png")
}
