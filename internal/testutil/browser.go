package testutil

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath finds Debian's Chromium, or skips (fails when required).
func ChromiumPath(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Unavailable(t, "chromium", "install it with: apt-get install chromium")
	return ""
}

// Browser starts Chromium (exe) with a fresh profile and a window of w by
// h; the returned context carries limit for the test's steps (the start
// itself does not), and the func closes the browser.
func Browser(t testing.TB, exe string, w, h int, limit time.Duration) (context.Context, func()) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(w, h))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		cancelB()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	if d, ok := EnvShift(t); ok {
		if err := browserClockShifted(bctx, d); err != nil {
			cancelB()
			cancelA()
			t.Fatalf("move the browser's clock: %v", err)
		}
	}
	tctx, cancelT := context.WithTimeout(bctx, limit)
	return tctx, func() { cancelT(); cancelB(); cancelA() }
}
