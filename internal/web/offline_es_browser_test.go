package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestBrowserOfflineCheckinInSpanish: a member who chose Spanish in
// Kinship, on a phone whose browser asks for English, loses her
// connection. The check-in page the service worker kept reads Spanish (the
// worker is told the pages' language), and so does every status the script
// writes: kept on the device, then sent when she is back online. The
// server's clock and the phone's stand at testutil.PictureTime: the README's
// picture reads "Guardado en este dispositivo para el dom, 6 dic.".
func TestBrowserOfflineCheckinInSpanish(t *testing.T) {
	exe := chromium(t)
	base, a, _ := startServerOpts(t, app.Options{Now: testutil.PictureClock()})
	ash, _ := cast(t, a)
	if err := a.SetLanguage(app.WithActor(context.Background(), &app.Actor{User: ash}), "es"); err != nil {
		t.Fatal(err)
	}
	ctx, done := picturePhone(t, exe)
	defer done()
	st := steps{t}
	st.signIn(ctx, base, "ash@example.org", "amber meadow trail")
	st.do(ctx, "check-in page", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`form.checkin`)))
	// The worker registered from the English sign-in page is told the
	// pages are Spanish now and keeps the offline pages again in Spanish.
	// It stays the one worker, active and controlling the page: a language
	// chosen does not install another that would wait behind it.
	kept := eval[string](t, ctx, "Spanish pages kept", `new Promise(ok => { const check = () => caches.match("/checkin/offline").then(p => p ? p.text() : "").then(t => t.indexOf('lang="es"') >= 0 ? ok(t) : setTimeout(check, 100)); check(); })`)
	workers := eval[string](t, ctx, "the workers", `navigator.serviceWorker.getRegistration().then(r => [r.active ? "active " + new URL(r.active.scriptURL).pathname + new URL(r.active.scriptURL).search : "no active",
		r.waiting ? "waiting" : "none waiting", r.installing ? "installing" : "none installing", navigator.serviceWorker.controller === r.active ? "controls the page" : "does not control the page"].join(", "))`)
	if workers != "active /sw.js, none waiting, none installing, controls the page" {
		t.Errorf("the service workers: %s", workers)
	}
	if !strings.Contains(kept, "No tienes conexión") {
		t.Fatalf("the kept check-in page is not in Spanish:\n%.500s", kept)
	}
	// With it the worker keeps the page script it names, the Spanish one
	// (its words, then app.js), and lets the English one go.
	script := eval[string](t, ctx, "the page script kept", `new Promise(ok => { const check = () => caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(ls => {
		const s = ls.flat().map(r => new URL(r.url).pathname).filter(p => p.indexOf("/static/app.") === 0 && p !== "/static/app.css");
		s.length === 1 && s[0].indexOf("/static/app.es.") === 0 ? ok(s[0]) : setTimeout(check, 100); }); check(); })`)
	if !strings.Contains(kept, `<script src="`+script+`" defer>`) {
		t.Errorf("the worker keeps %s, which the kept page does not name", script)
	}

	backOnline := goOffline(t, ctx)
	st.do(ctx, "check-in page offline", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`form.checkin`)))
	if txt := st.text(ctx, `#offline-status`); !strings.Contains(txt, "No tienes conexión. Tu registro se guarda en este dispositivo") {
		t.Fatalf("offline, the banner reads %q", txt)
	}
	// Pressed with nothing chosen, the script says what is missing.
	st.do(ctx, "send an empty check-in", chromedp.Click(chromedp.CSS(`form.checkin button[type=submit]`)))
	waitText := `new Promise(ok => { const check = () => { const t = document.querySelector("#offline-status").textContent; t.indexOf(WANT) >= 0 ? ok(t) : setTimeout(check, 100); }; check(); })`
	eval[string](t, ctx, "what is missing", strings.Replace(waitText, "WANT", `"Elige tu estado de ánimo, tus ganas de consumir y si consumiste hoy"`, 1))
	st.do(ctx, "check in offline", chromedp.Click(chromedp.CSS(`label[for="mood-4"]`)), chromedp.Click(chromedp.CSS(`label[for="craving-2"]`)),
		chromedp.Click(chromedp.CSS(`label[for="f-used"]`)), chromedp.Click(chromedp.CSS(`form.checkin button[type=submit]`)))
	localDay := eval[string](t, ctx, "phone's day", `kinshipOutbox.localDay()`)
	saved := eval[string](t, ctx, "kept on the device", strings.Replace(waitText, "WANT", `"Guardado en este dispositivo para el"`, 1))
	if !strings.Contains(saved, "Guardado en este dispositivo para el "+pageDay(t, "es", localDay)+".") || !strings.Contains(saved, "Se enviará cuando vuelvas a estar en línea.") {
		t.Errorf("the page says %q", saved)
	}
	shot(t, ctx, "phone-offline-checkin-es.png")
	backOnline()
	sent := eval[string](t, ctx, "sent when back online", strings.Replace(waitText, "WANT", `"Tu registro se envió."`, 1))
	if strings.Contains(sent, "sent") || strings.Contains(sent, "Saved") {
		t.Errorf("back online the page reads English: %q", sent)
	}
	rows, err := a.Store().ListCheckins(context.Background(), ash.ID, "2000-01-01")
	if err != nil || len(rows) != 1 || rows[0].LocalDate != localDay {
		t.Fatalf("back online Kinship has %d check-ins (%v)", len(rows), err)
	}
}
