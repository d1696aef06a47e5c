package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/importer"
)

// TestBrowserVisitorFindsHelp: a visitor who has not signed up finds a
// meeting near Costa Mesa and a program accepting Medicaid near 22902.
func TestBrowserVisitorFindsHelp(t *testing.T) {
	exe := chromium(t)
	data := filepath.Join("..", "..", "..", "shared", "data")
	oc, err := os.Open(filepath.Join(data, "meeting-guide", "oc-orange-county.json"))
	if err != nil {
		t.Skipf("real feeds not available beside the repository: %v", err)
	}
	defer oc.Close()
	fac, err := os.Open(filepath.Join(data, "facilities", "findtreatment-listing-sample.json"))
	if err != nil {
		t.Skipf("facility sample not available: %v", err)
	}
	defer fac.Close()
	base, a := startServer(t)
	ctx := context.Background()
	meetings, err := importer.ParseMeetingGuide(oc, importer.Options{TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(ctx, "oc", meetings); err != nil {
		t.Fatal(err)
	}
	facilities, err := importer.ParseFacilities(fac)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportFacilities(ctx, "samhsa", facilities); err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(390, 844))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	tctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()
	type css = chromedp.CSS
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(tctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	do("meeting finder", chromedp.Navigate(base+"/meetings"), chromedp.WaitVisible(css(`#f-near`)),
		chromedp.SetValue(css(`#f-within`), "0"), chromedp.SendKeys(css(`#f-near`), "Costa Mesa"),
		chromedp.SendKeys(css(`#f-tz`), "America/Los_Angeles"),
		chromedp.Click(css(`form.finder button[type=submit]`)), chromedp.WaitVisible(css(`.meetings li`)))
	if h := text(`#res-h`); !strings.Contains(h, "meetings") || strings.HasPrefix(h, "0 ") {
		t.Fatalf("meetings found: %q", h)
	}
	png, err := chromedp.Run(tctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, "meetings.png", png)
	do("open a meeting", chromedp.Click(css(`.meetings li h3 a`)), chromedp.WaitVisible(css(`a[href$="calendar.ics"]`)))

	do("treatment locator", chromedp.Navigate(base+"/treatment"), chromedp.WaitVisible(css(`#f-near`)),
		chromedp.SendKeys(css(`#f-near`), "22902"), chromedp.Click(css(`#s-MD`)),
		chromedp.Click(css(`form.finder button[type=submit]`)), chromedp.WaitVisible(css(`#res-h`)))
	if h := text(`#res-h`); strings.HasPrefix(h, "0 ") {
		t.Fatalf("programs found: %q", h)
	}
	if !strings.Contains(text(`main`), "km away") || !strings.Contains(text(`.banner`), "1-800-662-4357") {
		t.Fatal("distances or the helpline are missing")
	}
	if u, err := chromedp.Run(tctx, chromedp.Location()); err != nil || strings.Contains(u, "22902") {
		t.Fatalf("the place searched for leaked into the URL: %q %v", u, err)
	}
	png, err = chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	save(t, "treatment.png", png)
}
