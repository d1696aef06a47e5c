package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// eval runs a script in the page and returns its value, failing the test
// with the step's name.
func eval[T any](t *testing.T, ctx context.Context, step, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

// fullShot takes a screenshot of the whole page as a phone as tall as the
// page would show it (so the tab bar sits at the bottom, not mid-page),
// then gives the phone back its 390x844 screen.
func fullShot(ctx context.Context) ([]byte, error) {
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`Math.max(844, Math.ceil(document.documentElement.scrollHeight))`))
	if err != nil {
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, h)); err != nil {
		return nil, err
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err2 := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err == nil {
		err = err2
	}
	return png, err
}

// shot saves fullShot's picture of what the person sees now.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := fullShot(ctx)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	save(t, name, png)
}

// box is an element's size and place on screen.
type box struct {
	Text                     string
	Width, Height, Top, Bott float64
}

// boxes measures every element matching sel.
func boxes(t *testing.T, ctx context.Context, sel string) []box {
	t.Helper()
	return eval[[]box](t, ctx, "measure "+sel, `Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).map(e => { const r = e.getBoundingClientRect(); return {Text: e.innerText.trim(), Width: r.width, Height: r.height, Top: r.top, Bott: r.bottom}; })`)
}

// TestBrowserPhoneLayout: on a 390x844 phone the signed-in header takes
// under a tenth of the screen, a bottom tab bar holds Home, Check in,
// Groups, Messages and More (the current one marked for screen readers),
// everything else is one tap away on More, the check-in's choices are
// targets of at least 44x44 px with craving as eleven buttons, and the
// site has its own icon.
func TestBrowserPhoneLayout(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	cast(t, a)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	type css = chromedp.CSS
	st.signIn(ctx, base, "ash@example.org", "amber meadow trail")

	st.do(ctx, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`nav.tabs`)))
	t.Logf("viewport %v", eval[[]float64](t, ctx, "viewport", `[innerWidth, innerHeight, devicePixelRatio]`))
	header := boxes(t, ctx, `header.site`)
	if len(header) != 1 || header[0].Height > 84.4 {
		t.Fatalf("the header should take under a tenth of 844 px: %+v", header)
	}
	tabs := boxes(t, ctx, `nav.tabs[aria-label="Main"] a`)
	var names []string
	for _, b := range tabs {
		names = append(names, strings.Fields(b.Text)[0])
		if b.Width < 44 || b.Height < 44 {
			t.Errorf("tab %q is %.0fx%.0f px, under 44x44", b.Text, b.Width, b.Height)
		}
		if b.Bott < 800 {
			t.Errorf("tab %q is not at the bottom of the screen (bottom at %.0f px)", b.Text, b.Bott)
		}
	}
	if got := strings.Join(names, ","); got != "Home,Check,Groups,Messages,More" {
		t.Fatalf("the tab bar reads %q", got)
	}
	if cur := st.text(ctx, `nav.tabs a[aria-current="page"]`); !strings.Contains(cur, "Home") {
		t.Fatalf("the current tab is %q, not Home", cur)
	}
	if n := eval[int](t, ctx, "links in header", `document.querySelectorAll("header.site a, header.site button").length`); n > 4 {
		t.Errorf("the header has %d links and buttons; the rest belong in the tab bar and More", n)
	}
	shot(t, ctx, "phone-home.png")

	st.do(ctx, "more", chromedp.Click(css(`nav.tabs a[href="/more"]`)), chromedp.WaitVisible(css(`main h1`)))
	more := st.text(ctx, `main`)
	for _, want := range []string{"Accountability partners", "Mentorship", "Community", "Profile", "Sign-in and security", "Your data", "Programs", "Sign out"} {
		if !strings.Contains(more, want) {
			t.Errorf("More lacks %q: %q", want, more)
		}
	}
	if strings.Contains(more, "Reports") {
		t.Error("a member sees the moderators' places on More")
	}
	if cur := st.text(ctx, `nav.tabs a[aria-current]`); !strings.Contains(cur, "More") {
		t.Fatalf("on More the current tab is %q", cur)
	}
	shot(t, ctx, "phone-more.png")

	t.Logf("viewport after shots %v", eval[[]float64](t, ctx, "viewport", `[innerWidth, innerHeight, devicePixelRatio]`))
	st.do(ctx, "check-in", chromedp.Click(css(`nav.tabs a[href="/checkin"]`)), chromedp.WaitVisible(css(`#mood-3`)))
	for _, sel := range []string{`#mood-choices label`, `#craving-choices label`, `#used-choices label`} {
		for _, b := range boxes(t, ctx, sel) {
			if b.Width < 44 || b.Height < 44 {
				t.Errorf("%s %q is %.0fx%.0f px, under 44x44", sel, b.Text, b.Width, b.Height)
			}
		}
	}
	if n := eval[int](t, ctx, "craving choices", `document.querySelectorAll('input[type=radio][name=craving]').length`); n != 11 {
		t.Fatalf("craving has %d buttons, want 0 to 10", n)
	}
	if n := eval[int](t, ctx, "craving dropdown", `document.querySelectorAll('select[name=craving]').length`); n != 0 {
		t.Fatal("craving is still a dropdown")
	}
	st.do(ctx, "check in with a thumb", chromedp.Click(css(`label[for=mood-4]`)), chromedp.Click(css(`label[for=craving-2]`)), chromedp.Click(css(`label[for=f-used]`)),
		chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if v := eval[string](t, ctx, "craving kept", `document.querySelector('input[name=craving]:checked').value`); v != "2" {
		t.Fatalf("craving after saving: %q", v)
	}
	shot(t, ctx, "phone-checkin.png")

	icons := eval[[]string](t, ctx, "icons", `Array.from(document.querySelectorAll('link[rel~=icon], link[rel=apple-touch-icon], link[rel=manifest]')).map(l => l.getAttribute('href'))`)
	if len(icons) < 3 {
		t.Fatalf("icon links: %v", icons)
	}
	for _, u := range append(icons, "/favicon.ico", "/static/icon-192.png", "/static/icon-512.png") {
		typ := eval[string](t, ctx, "fetch "+u, `fetch(`+"`"+u+"`"+`).then(r => r.ok ? r.headers.get('content-type') : 'HTTP ' + r.status)`)
		if !strings.HasPrefix(typ, "image/") && !strings.Contains(typ, "manifest") {
			t.Errorf("%s answers %q", u, typ)
		}
	}
}

// TestBrowserModeratorMore: a moderator finds the moderation places under More.
func TestBrowserModeratorMore(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	cast(t, a)
	mod := account(t, a, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator)
	secret := withMFA(t, a, mod)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	st.signIn(ctx, base, "mod@example.org", "quiet willow harbor")
	st.mfaStep(ctx, secret)
	st.do(ctx, "more", chromedp.Navigate(base+"/more"), chromedp.WaitVisible(chromedp.CSS(`#moderator-items`)))
	if s := st.text(ctx, `#moderator-items`); !strings.Contains(s, "Reports") {
		t.Fatalf("the moderator's places: %q", s)
	}
}

// shot320 saves what a 320 px wide phone shows now, the whole page, then
// gives the phone back its 390x844 screen.
func shot320(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 568)); err != nil {
		t.Fatal(err)
	}
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`Math.max(568, Math.ceil(document.documentElement.scrollHeight))`))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.EmulateViewport(320, h))
	}
	var png []byte
	if err == nil {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	}
	if err2 := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err == nil {
		err = err2
	}
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	save(t, name, png)
}

// TestBrowserVisitorHeader: a visitor's header is one row (it wrapped to
// 104 px, an eighth of a 390x844 phone), with the crisis help a tap away
// in it, at 390 and at 320 px, in English and in Spanish; finding a
// meeting, finding treatment, signing in and joining stay one tap away in
// the tab bar, and the help link lands on numbers to call.
func TestBrowserVisitorHeader(t *testing.T) {
	exe := chromium(t)
	base, _ := startServer(t)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	type css = chromedp.CSS
	for _, lang := range []string{"en", "es"} {
		if lang == "es" {
			st.do(ctx, "Spanish", chromedp.Navigate(base+"/"), chromedp.SetValue(css(`#f-lang`), "es"), chromedp.Click(css(`form.lang-switch button`)),
				chromedp.WaitVisible(css(`html[lang=es]`)))
		}
		for _, w := range []int64{390, 320} {
			st.do(ctx, "landing", chromedp.EmulateViewport(w, 844), chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`header.site`)))
			where := fmt.Sprintf("%s at %d px", lang, w)
			if h := boxes(t, ctx, `header.site`); len(h) != 1 || h[0].Height > 84.4 {
				t.Errorf("%s: the header is %+v, over a tenth of the screen", where, h)
			}
			if pw := eval[int](t, ctx, "page width", `document.documentElement.scrollWidth`); pw > int(w) {
				t.Errorf("%s: the page is %d px wide", where, pw)
			}
			help := boxes(t, ctx, `header.site a[href="#crisis-help"]`)
			if len(help) != 1 || help[0].Width < 44 || help[0].Height < 44 || help[0].Bott > 84.4 {
				t.Errorf("%s: the crisis help link in the header: %+v", where, help)
			}
			for _, href := range []string{"/meetings", "/treatment", "/login", "/signup"} {
				b := boxes(t, ctx, `nav.tabs a[href="`+href+`"]`)
				if len(b) != 1 || b[0].Width < 44 || b[0].Height < 44 || b[0].Bott < 780 {
					t.Errorf("%s: the tab for %s: %+v", where, href, b)
				}
			}
			if w == 390 {
				shot(t, ctx, "visitor-header-"+lang+".png")
			} else {
				shot320(t, ctx, "visitor-header-"+lang+"-320.png")
			}
		}
	}
	st.do(ctx, "help", chromedp.EmulateViewport(390, 844), chromedp.Click(css(`header.site a[href="#crisis-help"]`)), chromedp.Sleep(300*time.Millisecond))
	calls := boxes(t, ctx, `#crisis-help a[href^="tel:"]`)
	if len(calls) == 0 || calls[0].Top < 0 || calls[0].Bott > 844-56 {
		t.Fatalf("after the help link the numbers to call are at %+v (the tab bar starts at 788 px)", calls)
	}
}
