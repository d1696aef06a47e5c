package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserINeedSupportNow drives two phones: Ash presses "I need support
// now" and at once sees who to call in her country; Bo, her accountability
// partner, has another page open and sees the call arrive live, opens it
// and answers; Ash sees who is responding.
func TestBrowserINeedSupportNow(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	ctx := context.Background()
	ash, bo := cast(t, a)
	asAsh, asBo := app.WithActor(ctx, &app.Actor{User: ash}), app.WithActor(ctx, &app.Actor{User: bo})
	if _, err := a.UpdateMe(asAsh, func(p *model.Profile) { p.Country = "US" }); err != nil {
		t.Fatal(err)
	}
	inv, err := a.InvitePartner(asAsh, bo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RespondPartner(asBo, inv.ID, true); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	signIn := func(ctx context.Context, email, pw string) { st.signIn(ctx, base, email, pw) }
	ashCtx, closeAsh := phone(t, exe)
	defer closeAsh()
	boCtx, closeBo := phone(t, exe)
	defer closeBo()
	signIn(ashCtx, "ash@example.org", "amber meadow trail")
	signIn(boCtx, "bo@example.org", "cobalt river stone")
	do(boCtx, "Bo reads his notifications", chromedp.Navigate(base+"/notifications"), chromedp.Poll[chromedp.Void](`document.body.dataset.socket === "open"`, chromedp.WithPollingTimeout(10*time.Second)))

	do(ashCtx, "press the button", chromedp.Click(css(`form.support-now button`)), chromedp.WaitVisible(css(`#alert-status`)))
	page := text(ashCtx, `main`)
	for _, want := range []string{"Call 988", "Text 988", "Text HOME to 741741", "Call 911", "naloxone", "partners have been alerted"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the support page lacks %q:\n%s", want, page)
		}
	}
	// Every line is a link a phone acts on, and only the US's are up front.
	links := eval[string](t, ashCtx, "the lines' links", `[...document.querySelectorAll('main a[href^="tel:"], main a[href^="sms:"]')].filter(a => !a.closest('details')).map(a => a.getAttribute('href')).join(' ')`)
	for _, want := range []string{"tel:911", "tel:988", "sms:988", "sms:741741?&body=HOME", "tel:18006624357"} {
		if !strings.Contains(links, want) {
			t.Fatalf("the support page's links lack %s: %s", want, links)
		}
	}
	if strings.Contains(links, "tel:999") || strings.Contains(links, "tel:000") {
		t.Fatalf("another country's emergency number is up front: %s", links)
	}
	shot(t, ashCtx, "support.png")

	do(boCtx, "see the call arrive live", chromedp.Poll[chromedp.Void](`(() => { const n = document.getElementById('live-notice'); return n && !n.hidden && n.textContent.includes('asked for help right now'); })()`, chromedp.WithPollingTimeout(15*time.Second)))
	do(boCtx, "open it and respond", chromedp.Click(css(`#live-notice a`)), chromedp.WaitVisible(css(`#to-respond`)),
		chromedp.Click(css(`#to-respond form[action$="/respond"] button`)), chromedp.WaitVisible(css(`.notice`)))
	do(ashCtx, "see who is responding", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`#alert-status`)))
	if s := text(ashCtx, `#alert-status`); !strings.Contains(s, "Bo is responding") {
		t.Fatalf("Ash's status: %q", s)
	}
}
