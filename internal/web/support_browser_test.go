package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserINeedSupportNow drives two phones: Ash presses "I need support
// now" and at once sees who to call in her country; Bo, her accountability
// partner, has another page open and sees the call arrive live, opens it
// and answers; Ash sees who is responding.
func TestBrowserINeedSupportNow(t *testing.T) {
	base, a, asAsh, ashCtx, boCtx := partnersOnPhones(t)
	if _, err := a.UpdateMe(asAsh, func(p *model.Profile) { p.Country = "US" }); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	do(boCtx, "Bo reads his notifications", chromedp.Navigate(base+"/notifications"), chromedp.Poll[chromedp.Void](`document.body.dataset.socket === "open"`, chromedp.WithPollingTimeout(10*time.Second)))

	do(ashCtx, "press the button", chromedp.Click(css(`form.support-now button`)), chromedp.WaitVisible(css(`#alert-status`)))
	page := text(ashCtx, `main`)
	for _, want := range []string{"Call 988", "Text 988", "Text HOME to 741741", "Call 911", "naloxone", "Bo has been alerted. If nobody answers soon"} {
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
	// Ash's page stays as it is, its socket open, while she waits.
	do(ashCtx, "Ash waits on her page", chromedp.Poll[chromedp.Void](`document.body.dataset.socket === "open"`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate[chromedp.Void](`window.stillHere = true; window.heard = []; new MutationObserver(() => window.heard.push(document.getElementById('alert-status').innerText))
			.observe(document.getElementById('alert-status'), {childList: true, subtree: true, characterData: true, attributes: true})`))
	do(boCtx, "open it and respond", chromedp.Click(css(`#live-notice a`)), chromedp.WaitVisible(css(`#to-respond`)),
		chromedp.Click(css(`#to-respond form[action$="/respond"] input[value=acknowledge] ~ button`)), chromedp.WaitVisible(css(`.notice`)))
	// walk6: his own card read "Bo is responding." about himself.
	if got := text(boCtx, `#to-respond [id^="responder-"]`); got != "You are responding." {
		t.Errorf("Bo's card of the call he answers reads %q", got)
	}
	do(ashCtx, "see who is responding, without a reload", chromedp.Poll[chromedp.Void](`document.getElementById('alert-says').textContent === "Bo is responding. Look for their message."`,
		chromedp.WithPollingTimeout(15*time.Second)))
	// It was put in place: the same page, its status box a live region
	// that changed, and no page fetched again, only the box's words.
	if here := eval[bool](t, ashCtx, "the same page", `window.stillHere === true`); !here {
		t.Error("Ash's page was reloaded")
	}
	if live := eval[string](t, ashCtx, "the live region", `document.getElementById('alert-status').getAttribute('role')`); live != "status" {
		t.Errorf("the status box's role is %q, not a live region", live)
	}
	if heard := eval[[]string](t, ashCtx, "what changed", `window.heard`); len(heard) == 0 || !strings.Contains(heard[len(heard)-1], "Bo is responding") {
		t.Errorf("the live region changed to %q", heard)
	}
	fetched := eval[[]string](t, ashCtx, "what the page fetched", `performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch').map(e => new URL(e.name).pathname)`)
	for _, p := range fetched {
		if p != "/support/status" && p != "/api/v1/notifications" {
			t.Errorf("the page fetched %s", p)
		}
	}
	if n := len(fetched); n == 0 || n > 6 {
		t.Errorf("the page asked for its status %d times: %q", n, fetched)
	}
	if s := text(ashCtx, `#alert-status`); !strings.Contains(s, "Bo is responding") {
		t.Fatalf("Ash's status: %q", s)
	}
	shot(t, ashCtx, "support-responding.png")
	// Bo closes it with a note; Ash's box says so and offers nothing more to close.
	do(boCtx, "Bo closes the call", chromedp.Navigate(base+"/support/respond"), chromedp.SendKeys(css(`#to-respond input[name=note]`), "We talked; she is safe at home"),
		chromedp.Click(css(`#to-respond form input[value=resolve] ~ button`)), chromedp.WaitVisible(css(`.notice`)))
	do(ashCtx, "see it closed, without a reload", chromedp.Poll[chromedp.Void](`document.getElementById('alert-says').textContent === "Your call for support was closed. The note: We talked; she is safe at home"`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if hidden := eval[bool](t, ashCtx, "the close form", `document.querySelector('#alert-status form').hidden && window.stillHere === true`); !hidden {
		t.Error("after it was closed, the page still offers to close it, or was reloaded")
	}
}

// TestBrowserEscalatedCallSaysWhoWasAlerted: Ash's call for support went
// to Bo, her partner, and nobody answered in time, so it went on to the
// peer supporters on duty. Her status box said the peers were alerted
// "(and your partners, if you have any)", as if Kinship did not know; it
// names Bo as the one alerted first, in English and in Spanish.
func TestBrowserEscalatedCallSaysWhoWasAlerted(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	ash, bo := cast(t, a)
	partnered(t, a, ash, bo)
	mod := account(t, a, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator)
	if err := a.SetOnDuty(asUser(mod), true); err != nil {
		t.Fatal(err)
	}
	escalatedCall(t, a, ash)
	st := steps{t}
	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	st.do(tab, "her call", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`#alert-says`)))
	says := st.text(tab, `#alert-status`)
	if !strings.Contains(says, "Bo was alerted first and has not answered yet, so the peer supporters on duty have been alerted too. Someone will reach out.") ||
		strings.Contains(says, "if you have any") {
		t.Errorf("Ash's status box reads:\n%s", says)
	}
	shot(t, tab, "support-escalated-en.png")
	st.spanish(tab, base)
	st.do(tab, "su llamada", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`#alert-says`)))
	says = st.text(tab, `#alert-status`)
	if !strings.Contains(says, "Primero avisamos a Bo; como todavía no respondió, también avisamos a las personas de apoyo que están de turno.") ||
		strings.Contains(says, "si tienes") {
		t.Errorf("Ash's status box in Spanish reads:\n%s", says)
	}
	shot(t, tab, "support-escalated-es.png")
}
