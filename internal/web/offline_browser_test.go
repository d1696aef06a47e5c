package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// networkConditions is DevTools' Network.emulateNetworkConditions, which
// cuts the page and its service worker off the network.
type networkConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetwork = cdp.Command[networkConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// goOffline takes the page off the network (navigator.onLine false), and
// its service worker too: in this Chromium the page's emulation does not
// reach the worker's own fetches, so the worker's target gets it as well.
// The func it returns brings both back online, through the same sessions.
func goOffline(t *testing.T, ctx context.Context) (back func()) {
	t.Helper()
	set := func(ctx context.Context, off bool) {
		if _, err := chromedp.Call(ctx, emulateNetwork, networkConditions{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			t.Fatalf("offline %v: %v", off, err)
		}
	}
	set(ctx, true)
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var workers []context.Context
	for _, ti := range targets {
		if ti.Type != "service_worker" {
			continue
		}
		wctx, _ := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID))
		if _, err := chromedp.Call(wctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatalf("service worker target: %v", err)
		}
		set(wctx, true)
		workers = append(workers, wctx)
	}
	if len(workers) == 0 {
		t.Fatal("no service worker to take offline")
	}
	return func() {
		for _, w := range workers {
			set(w, false)
		}
		set(ctx, false)
	}
}

// TestBrowserOfflineCheckin: with the service worker installed, a member
// whose phone loses its connection still opens the check-in page (its
// offline shell), checks in, and sees it kept on the device; when the
// connection returns the check-in reaches Kinship for the day it was made
// in the phone's zone (Kiritimati, UTC+14, where the day is often already
// tomorrow's in UTC). Signing out leaves nothing of the member's behind:
// no waiting check-in, and only the public pages and assets in the caches.
func TestBrowserOfflineCheckin(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	ash, _ := cast(t, a)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Pacific/Kiritimati"}); err != nil {
		t.Fatal(err)
	}
	st.signIn(ctx, base, "ash@example.org", "amber meadow trail")
	st.do(ctx, "check-in page", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`form.checkin`)))
	ready := eval[bool](t, ctx, "worker ready", `navigator.serviceWorker.ready.then(() => new Promise(ok => {
	  const check = () => caches.match("/checkin/offline").then(r => r && navigator.serviceWorker.controller ? ok(true) : setTimeout(check, 100));
	  check();
	}))`)
	if !ready {
		t.Fatal("the service worker did not take the page")
	}

	backOnline := goOffline(t, ctx)
	st.do(ctx, "check-in page offline", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`form.checkin`)))
	if online := eval[bool](t, ctx, "navigator.onLine", `navigator.onLine`); online {
		t.Fatal("the browser still says it is online")
	}
	if txt := st.text(ctx, `main`); !strings.Contains(txt, "You are offline") {
		t.Fatalf("offline, the check-in page reads %q", txt)
	}
	st.do(ctx, "check in offline", chromedp.Click(chromedp.CSS(`label[for="mood-2"]`)), chromedp.Click(chromedp.CSS(`label[for="craving-6"]`)),
		chromedp.Click(chromedp.CSS(`label[for="f-used"]`)), chromedp.SendKeys(chromedp.CSS(`#f-note`), "On the train, no signal"),
		chromedp.Click(chromedp.CSS(`form.checkin button[type=submit]`)))
	localDay := eval[string](t, ctx, "phone's day", `kinshipOutbox.localDay()`)
	waitText := `new Promise(ok => { const check = () => { const t = document.querySelector("#offline-status").textContent; t.indexOf(WANT) >= 0 ? ok(t) : setTimeout(check, 100); }; check(); })`
	saved := eval[string](t, ctx, "kept on the device", strings.Replace(waitText, "WANT", `"Saved on this device"`, 1))
	if !strings.Contains(saved, localDay) {
		t.Errorf("the page says %q, without the day %s", saved, localDay)
	}
	shot(t, ctx, "phone-offline-checkin.png")
	if n := eval[int](t, ctx, "waiting", `kinshipOutbox.list().then(l => l.length)`); n != 1 {
		t.Fatalf("%d check-ins wait on the device, want 1", n)
	}
	rows, err := a.Store().ListCheckins(context.Background(), ash.ID, "2000-01-01")
	if err != nil || len(rows) != 0 {
		t.Fatalf("offline, Kinship already has %d check-ins (%v)", len(rows), err)
	}

	backOnline()
	sent := eval[string](t, ctx, "sent when back online", strings.Replace(waitText, "WANT", `"was sent"`, 1))
	t.Logf("back online the page says %q", sent)
	rows, err = a.Store().ListCheckins(context.Background(), ash.ID, "2000-01-01")
	if err != nil || len(rows) != 1 {
		t.Fatalf("back online Kinship has %d check-ins (%v)", len(rows), err)
	}
	if rows[0].LocalDate != localDay {
		t.Fatalf("the check-in is stored for %s; it was made on %s on the phone", rows[0].LocalDate, localDay)
	}
	st.do(ctx, "the check-in shows", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`form.checkin`)))
	if txt := st.text(ctx, `main`); !strings.Contains(txt, "2/5") || !strings.Contains(txt, "6/10") {
		t.Fatalf("the check-in page does not show the check-in made offline: %q", txt)
	}

	// Signing out: nothing of Ash's stays on the phone.
	st.do(ctx, "sign out", chromedp.Navigate(base+"/more"), chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/login"]`)))
	cached := eval[[]string](t, ctx, "cached", `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(ls => ls.flat().map(r => new URL(r.url).pathname))`)
	for _, p := range cached {
		if !strings.HasPrefix(p, "/static/") && p != "/offline" && p != "/checkin/offline" {
			t.Errorf("after signing out the cache holds %s", p)
		}
	}
	if n := eval[int](t, ctx, "waiting after sign-out", `kinshipOutbox.list().then(l => l.length)`); n != 0 {
		t.Errorf("%d check-ins still wait on the device after signing out", n)
	}
}
