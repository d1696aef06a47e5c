package web_test

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/pwa"
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

// TestBrowserInstalledApp installs Kinship as Chromium installs a web app
// (DevTools' PWA.install: what the Install button does once Chromium finds
// the site installable) and opens it (PWA.launch), in a real Chromium
// window on a virtual display (Xvfb): the app runs in its own window in
// standalone display mode, titled with the manifest's name in its theme
// colour, with no address bar or tabs. Signed in beforehand in the
// browser, Bo's home page opens in the app; the screenshot is the app's
// window as the display shows it, 500 px wide (the narrowest window
// Chromium opens on a desktop; the other screenshots are a phone's 390).
func TestBrowserInstalledApp(t *testing.T) {
	exe := chromium(t)
	display := virtualDisplay(t, 500, 900)
	base, a := startServer(t)
	cast(t, a)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("ozone-platform", "x11"), chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(500, 900), chromedp.Env("DISPLAY=" + display)}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	ctx, cancelT := context.WithTimeout(bctx, 3*time.Minute)
	defer cancelT()
	st := steps{t}
	st.signIn(ctx, base, "bo@example.org", "cobalt river stone")
	st.do(ctx, "open", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	workerReady(t, ctx)
	ie, err := chromedp.Call(ctx, page.GetInstallabilityErrors, struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ie.InstallabilityErrors {
		t.Errorf("installability error: %s %v", e.ErrorID, e.ErrorArguments)
	}
	id := base + "/"
	if _, err := chromedp.CallBrowser(ctx, pwa.Install, pwa.InstallParams{ManifestID: id, InstallURLOrBundleURL: base + "/"}); err != nil {
		t.Fatalf("install: %v", err)
	}
	// Installed through DevTools, the app would open in a browser tab; a
	// person who installs it gets its own window, as here.
	if _, err := chromedp.CallBrowser(ctx, pwa.ChangeAppUserSettings, pwa.ChangeAppUserSettingsParams{ManifestID: id, DisplayMode: pwa.DisplayModeStandalone}); err != nil {
		t.Fatalf("open in its own window: %v", err)
	}
	launched, err := chromedp.CallBrowser(ctx, pwa.Launch, pwa.LaunchParams{ManifestID: id})
	if err != nil {
		t.Fatalf("launch: %v", err)
	}
	// The launch answers with the app window's tab; its page is the one of
	// the site's pages that runs in standalone display mode.
	standalone := `["standalone", "minimal-ui", "browser"].find(m => matchMedia("(display-mode: " + m + ")").matches) || "none"`
	var app context.Context
	for end := time.Now().Add(20 * time.Second); app == nil && time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		ts, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, ti := range ts {
			if ti.Type != "page" || !strings.HasPrefix(ti.URL, base) {
				continue
			}
			// (Not cancelled: that would close the page.)
			c, _ := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID))
			mode := eval[string](t, c, "display mode", standalone)
			t.Logf("page %s (launch answered %s): %s", ti.TargetID, launched.TargetID, mode)
			if mode == "standalone" {
				app = c
				break
			}
		}
	}
	if app == nil {
		t.Fatal("no page of Kinship's runs in standalone display mode after the launch")
	}
	// The app's window fills the display: 500 px wide, the narrowest
	// window Chromium opens on a desktop.
	win, err := chromedp.Call(app, browser.GetWindowForTarget, browser.GetWindowForTargetParams{})
	if err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	if _, err := chromedp.CallBrowser(ctx, browser.SetWindowBounds, browser.SetWindowBoundsParams{WindowID: win.WindowID, Bounds: &browser.Bounds{Left: &zero, Top: &zero, Width: 500, Height: 900}}); err != nil {
		t.Fatal(err)
	}
	st.do(app, "the app shows Bo's home", chromedp.WaitVisible(chromedp.CSS(`main h1`)), chromedp.Poll[chromedp.Void](`innerWidth === 500`, chromedp.WithPollingTimeout(10*time.Second)))
	if h := st.text(app, `main h1`); h != "Welcome, Bo" {
		t.Errorf("the app opened on %q", h)
	}
	// What the window's title bar is drawn from: the manifest's name, the
	// theme colour, the icon; the tab bar is at the foot of the window.
	m, err := chromedp.Call(app, page.GetAppManifest, page.GetAppManifestParams{})
	if err != nil || m.Manifest == nil || m.Manifest.Name != "Kinship" || m.Manifest.ThemeColor == "" {
		t.Fatalf("the app's manifest: %+v %v", m, err)
	}
	if theme := eval[string](t, app, "theme", `document.querySelector('meta[name="theme-color"]').content`); theme != "#1f6f5c" {
		t.Errorf("the page's theme colour %q", theme)
	}
	if tabs := eval[string](t, app, "tab bar", `getComputedStyle(document.querySelector('nav.tabs')).position`); tabs != "fixed" {
		t.Errorf("the tab bar's position %q", tabs)
	}
	// The window's title names Kinship once: Chromium draws the app's name,
	// then the page's title, which in the app's window is the page's alone.
	if got := eval[string](t, app, "the page's title", `document.title`); got != "Home" {
		t.Errorf("the page's title in the app's window is %q, want %q", got, "Home")
	}
	if got := windowNames(t, display); !slices.Contains(got, "Kinship - Home") || slices.ContainsFunc(got, func(n string) bool { return strings.Count(n, "Kinship") > 1 }) {
		t.Errorf("the app's window is titled %q, want \"Kinship - Home\"", got)
	}
	time.Sleep(500 * time.Millisecond) // the window's last paint
	save(t, "installed-app.png", displayShot(t, display))
}

// windowNames lists the names of the display's windows (their title bars'
// words), read with xwininfo.
func windowNames(t *testing.T, display string) []string {
	t.Helper()
	out, err := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
	if err != nil {
		t.Fatalf("xwininfo: %v", err)
	}
	var names []string
	for _, line := range strings.Split(string(out), "\n") {
		if i := strings.Index(line, `"`); i >= 0 {
			if j := strings.Index(line[i+1:], `"`); j >= 0 {
				names = append(names, line[i+1:i+1+j])
			}
		}
	}
	return names
}
