package web_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
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
// (Both share a renderer, whose navigator.onLine follows either.) The
// func it returns brings both back online, through the same sessions.
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

// workerReady waits until the site's service worker is active, which is
// after its install kept the offline pages (install's waitUntil), and
// answers its scope. It does not wait for the worker to control this
// page: a page whose loading began before the worker was active stays
// uncontrolled until it is loaded again (clients.claim() takes only pages
// already loaded), yet its next navigation goes through the worker.
func workerReady(t *testing.T, ctx context.Context) string {
	t.Helper()
	scope := eval[string](t, ctx, "service worker ready", `navigator.serviceWorker.ready.then(r => caches.match("/checkin/offline").then(p => p ? r.scope : "active, without the offline check-in page"))`)
	if !strings.HasSuffix(scope, "/") {
		t.Fatalf("service worker: %s", scope)
	}
	return scope
}

// firstOpen holds Kinship's answers so that the service worker becomes
// active while the check-in page is loading, as on a slow phone the first
// time Kinship is opened: the worker's install (its cookie-less fetch of
// /checkin/offline) waits until the signed-in request for /checkin has
// arrived, and that page's answer waits until the test has seen the worker
// activated (activated closed).
type firstOpen struct {
	pageAsked, activated chan struct{}
	asked, seen          sync.Once
}

func newFirstOpen() *firstOpen {
	return &firstOpen{pageAsked: make(chan struct{}), activated: make(chan struct{})}
}

func (g *firstOpen) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wait := func(c chan struct{}) bool {
			select {
			case <-c:
				return true
			case <-r.Context().Done():
				return false
			}
		}
		if r.URL.Path == "/checkin/offline" && r.Header.Get("Cookie") == "" && !wait(g.pageAsked) {
			return
		}
		if r.Method == http.MethodGet && r.URL.Path == "/checkin" && r.Header.Get("Cookie") != "" {
			first := false
			g.asked.Do(func() { first = true; close(g.pageAsked) })
			if first && !wait(g.activated) {
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// watch closes activated when Chromium reports the worker activated.
func (g *firstOpen) watch(t *testing.T, ctx context.Context) {
	t.Helper()
	chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerVersionUpdated); ok {
			for _, v := range e.Versions {
				if v.Status == serviceworker.VersionStatusActivated {
					g.seen.Do(func() { close(g.activated) })
				}
			}
		}
	})
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserOfflineCheckin: the first time a member opens Kinship the
// service worker becomes active while the check-in page is still loading
// (so that page is not controlled by it, see workerReady); when the phone
// then loses its connection the check-in page still opens (its offline
// shell), the member checks in and sees it kept on the device. When the
// connection returns it is sent (Background Sync in the worker, or the
// page's online event, whichever is first) and reaches Kinship for the
// day it was made in the phone's zone (Kiritimati, UTC+14, where the day is
// often already tomorrow's in UTC). Signing out leaves nothing of the
// member's behind: no waiting check-in, and only the public pages and
// assets in the caches.
func TestBrowserOfflineCheckin(t *testing.T) {
	exe := chromium(t)
	gate := newFirstOpen()
	base, a, _ := startServerOpts(t, app.Options{}, gate.wrap)
	ash, _ := cast(t, a)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Pacific/Kiritimati"}); err != nil {
		t.Fatal(err)
	}
	gate.watch(t, ctx)
	st.signIn(ctx, base, "ash@example.org", "amber meadow trail")
	st.do(ctx, "check-in page", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`form.checkin`)))
	t.Logf("the check-in page loaded as the worker activated; controlled by it: %v", eval[bool](t, ctx, "controlled", `!!navigator.serviceWorker.controller`))
	workerReady(t, ctx)

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
	if day := pageDay(t, "en", localDay); !strings.Contains(saved, "Saved on this device for "+day+".") {
		t.Errorf("the page says %q, without the day %s (%s)", saved, day, localDay)
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

// pageDay writes the day ymd ("YYYY-MM-DD") as Kinship's pages write a
// calendar day in lang ("Sat 5 Dec", "sáb, 5 dic"): what the offline
// check-in's status should say, from the server's formatter.
func pageDay(t *testing.T, lang, ymd string) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", ymd)
	if err != nil {
		t.Fatalf("the phone's day %q: %v", ymd, err)
	}
	return i18n.For(lang).Day(d)
}
