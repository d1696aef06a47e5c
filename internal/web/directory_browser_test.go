package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// medicaidWithin counts the sample's programs taking Medicaid within miles
// of a point, read from the sample itself.
func medicaidWithin(t *testing.T, lat, lng, miles float64) int {
	raw, err := os.ReadFile(sharedData(t, "facilities", "findtreatment-listing-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sample struct {
		Rows []struct {
			Latitude, Longitude string
			Services            []struct{ F2, F3 string }
		}
	}
	if err := json.Unmarshal(raw, &sample); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range sample.Rows {
		var la, lo float64
		fmt.Sscan(r.Latitude, &la)
		fmt.Sscan(r.Longitude, &lo)
		md := false
		for _, s := range r.Services {
			for _, v := range strings.Split(s.F3, ";") {
				md = md || strings.TrimSpace(v) == "Medicaid"
			}
		}
		if md && haversineKm(lat, lng, la, lo) <= miles*1.609344 {
			n++
		}
	}
	return n
}

// TestBrowserVisitorFindsMeetingTonightAndMedicaidProgram: a visitor on a
// phone in Los Angeles, on a Tuesday morning, finds a meeting tonight near
// Newport Beach and a program taking Medicaid near 22902, with the real
// Orange County feed and FindTreatment sample imported. Every step reads
// what the person reads and keeps a screenshot.
func TestBrowserVisitorFindsMeetingTonightAndMedicaidProgram(t *testing.T) {
	exe := chromium(t)
	base, a, term := startServerOpts(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	// The admin first: the first account to sign up would become the site admin.
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	tonight := tonightInFeed(importOC(t, a))
	importFacilities(t, a)
	mid := [2]float64{(38.0282239 + 38.024022) / 2, (-78.4725231 + -78.487295) / 2} // where 22902 is found
	programs := medicaidWithin(t, mid[0], mid[1], 50)

	ctx, done := phone(t, exe)
	defer done()
	s := steps{t}
	type css = chromedp.CSS
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		save(t, name, png)
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return v
	}
	// waitFor waits until the expression is true on the page.
	waitFor := func(js string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			var err error
			for range 50 { // a page being replaced loses the poll's context: poll the new one
				if _, err = chromedp.Poll[bool](js)(ctx, tg); err == nil || ctx.Err() != nil {
					return err
				}
				time.Sleep(100 * time.Millisecond)
			}
			return err
		})
	}
	// tap scrolls a control to the middle of the screen (clear of the tab
	// bar) and taps it, as a thumb would.
	tap := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.Evaluate[chromedp.Void](`document.querySelector('`+sel+`').scrollIntoView({block: "center"})`), chromedp.Click(css(sel)))
	}
	// Results come first on a phone: their heading is on the first screen.
	onFirstScreen := func(sel string) {
		t.Helper()
		top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('`+sel+`').getBoundingClientRect().top + window.scrollY`))
		if err != nil || top <= 0 || top > 844-60 {
			t.Fatalf("%s starts %v px down on an 844 px screen (%v)", sel, top, err)
		}
	}

	s.do(ctx, "a 390 × 844 phone in Los Angeles", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Los_Angeles"})
		return err
	}))

	// First visit: the server has no zone yet, the page asks the browser
	// and draws itself again in Pacific time.
	s.do(ctx, "meeting finder", chromedp.Navigate(base+"/meetings"),
		waitFor(`document.cookie.includes("kinship_tz=") && document.querySelector('main').innerText.includes('Times are in Pacific Time (Los Angeles).')`))
	if h := s.text(ctx, `#res-h`); !strings.HasPrefix(h, "Later today: ") {
		t.Fatalf("first results: %q", h)
	}
	onFirstScreen(`#res-h`)
	shot("finder-1-later-today.png")

	s.do(ctx, "tonight", chromedp.Click(css(`nav.quick a[href^="/meetings?when=tonight"]`)), chromedp.WaitVisible(css(`#res-h`)))
	if h, want := s.text(ctx, `#res-h`), fmt.Sprintf("Tonight: %d meetings (showing 1–25)", tonight); h != want {
		t.Fatalf("tonight heading %q, want %q", h, want)
	}
	if first := s.text(ctx, `.meetings li .when`); !strings.HasPrefix(first, "Tue 8 Dec, 5:00 pm") {
		t.Fatalf("tonight starts with %q", first)
	}
	onFirstScreen(`#res-h`)
	shot("finder-2-tonight.png")

	s.do(ctx, "near Newport Beach, nearest first", chromedp.Click(css(`details.finder-form summary`)), chromedp.WaitVisible(css(`#f-near`)),
		chromedp.SendKeys(css(`#f-near`), "Newport Beach"), chromedp.SetValue(css(`#f-sort`), "nearest"),
		tap(`form.finder button[type=submit]`), waitFor(`location.search.includes("near=")`), chromedp.WaitVisible(css(`#res-h`)))
	if u, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(u, "when=tonight") || !strings.Contains(u, "near=Newport+Beach") || !strings.Contains(u, "sort=nearest") {
		t.Fatalf("the search is not in its address (so it cannot be bookmarked): %s", u)
	}
	if h := s.text(ctx, `#res-h`); !strings.HasPrefix(h, "Tonight: ") {
		t.Fatalf("near Newport Beach: %q", h)
	}
	onFirstScreen(`#res-h`)
	shot("finder-3-tonight-near-newport-beach.png")
	// The feed says East Bluff Men's Stag meets on Tuesdays at 19:00.
	eastBluff := `[...document.querySelectorAll('.meetings li')].find(li => li.querySelector('h3').textContent.includes("East Bluff Men's Stag"))`
	when := eval(`(` + eastBluff + `|| {querySelector: () => ({textContent: 'missing'})}).querySelector('.when').textContent`)
	if !strings.HasPrefix(when, "Tue 8 Dec, 7:00 pm · In person · ") || !strings.HasSuffix(when, " miles away") {
		t.Fatalf("East Bluff Men's Stag reads %q", when)
	}
	s.do(ctx, "scroll to East Bluff", chromedp.Evaluate[chromedp.Void](eastBluff+`.scrollIntoView()`))
	shot("finder-4-east-bluff-in-the-list.png")

	s.do(ctx, "open East Bluff", chromedp.Evaluate[chromedp.Void](eastBluff+`.querySelector('h3 a').click()`), chromedp.WaitVisible(css(`a[href$="calendar.ics"]`)))
	if next, every := s.text(ctx, `main p.big`), s.text(ctx, `main p.big + p`); next != "Next: Tue 8 Dec, 7:00 pm" || every != "In person · every Tuesday, 7:00 pm–8:00 pm · Pacific Time (Los Angeles)" {
		t.Fatalf("meeting page: %q / %q", next, every)
	}
	shot("finder-5-meeting.png")

	// Live text (app.js) and server text write time the same way.
	for _, c := range []struct {
		at   time.Time
		zone string
	}{{time.Date(2026, 12, 9, 3, 0, 0, 0, time.UTC), "America/Los_Angeles"}, {time.Date(2026, 12, 4, 14, 35, 0, 0, time.UTC), "Europe/London"},
		{time.Date(2025, 7, 1, 23, 5, 0, 0, time.UTC), "Asia/Kolkata"}, {time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "America/New_York"}} {
		loc, _ := time.LoadLocation(c.zone)
		layout := "Mon 2 Jan, 3:04 pm" // the visitor's browser asks for en-US: a 12-hour clock
		if c.at.In(loc).Year() != testutil.Now(t).In(loc).Year() { // the browser's year
			layout = "Mon 2 Jan 2006, 3:04 pm"
		}
		want := c.at.In(loc).Format(layout)
		if got := eval(fmt.Sprintf(`kinshipWhen(%q, %q)`, c.at.Format(time.RFC3339), c.zone)); got != want {
			t.Errorf("app.js writes %s in %s as %q, the server as %q", c.at, c.zone, got, want)
		}
	}

	s.do(ctx, "treatment near 22902 taking Medicaid", chromedp.Navigate(base+"/treatment"), chromedp.WaitVisible(css(`#f-near`)),
		chromedp.SendKeys(css(`#f-near`), "22902"), tap(`#s-MD`),
		tap(`form.finder button[type=submit]`), waitFor(`location.search.includes("near=")`), chromedp.WaitVisible(css(`#res-h`)))
	if u, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(u, "near=22902") || !strings.Contains(u, "service=MD") {
		t.Fatalf("the search is not in its address: %s", u)
	}
	if h, want := s.text(ctx, `#res-h`), fmt.Sprintf("%d programs within 50 miles", programs); h != want {
		t.Fatalf("programs heading %q, want %q", h, want)
	}
	first := s.text(ctx, `.meetings li`)
	if !strings.Contains(first, "Region Ten Community Services Board — Mohr Center") || !strings.Contains(first, "0.4 miles away") || !strings.Contains(first, "Medicaid") {
		t.Fatalf("first program: %q", first)
	}
	if n := eval(`String([...document.querySelectorAll('.meetings li')].filter(li => !li.textContent.includes('Medicaid')).length)`); n != "0" {
		t.Fatalf("%s programs listed do not take Medicaid", n)
	}
	if txt := s.text(ctx, `main`); strings.Contains(txt, "%!") || strings.Contains(txt, "km away") {
		t.Fatalf("distances: %q", txt)
	}
	onFirstScreen(`#res-h`)
	shot("treatment-1-medicaid-near-22902.png")

	s.do(ctx, "nothing near", chromedp.Navigate(base+"/treatment?lat=38.25&lng=-78&within=10mi&service=MD"), chromedp.WaitVisible(css(`#res-h`)))
	if p := s.text(ctx, `#res-h + p`); !strings.HasPrefix(p, "Nothing within 10 miles. Widen to 25 miles") {
		t.Fatalf("nothing near: %q", p)
	}
	shot("treatment-2-nothing-within-10-miles.png")
	s.do(ctx, "widen", tap(`#res-h + p a`), waitFor(`location.search.includes("within=25mi")`), chromedp.WaitVisible(css(`#res-h`)))
	if h, want := s.text(ctx, `#res-h`), fmt.Sprintf("%d programs within 25 miles", medicaidWithin(t, 38.25, -78, 25)); h != want || strings.HasPrefix(h, "0 ") {
		t.Fatalf("widened: %q, want %q", h, want)
	}
	shot("treatment-3-widened-to-25-miles.png")

	// The visitor joins: the form already holds the phone's zone and country.
	s.do(ctx, "sign-up form", chromedp.Navigate(base+"/signup"), chromedp.WaitVisible(css(`#f-email`)),
		waitFor(`document.getElementById("place-summary").textContent.includes("·")`))
	if got := s.text(ctx, `#place-summary`); got != "Pacific Time (Los Angeles) · United States" {
		t.Fatalf("sign-up says the zone and country are %q", got)
	}
	s.do(ctx, "fill in", chromedp.SendKeys(css(`#f-email`), "robin@example.org"), chromedp.SendKeys(css(`#f-display_name`), "Robin"),
		chromedp.SendKeys(css(`#f-password`), "willow creek morning"), tap(`details.place summary`))
	shot("signup-zone-and-country.png")
	s.do(ctx, "join", tap(`main form button[type=submit]`), waitFor(`location.pathname == "/login"`))
	if got := s.text(ctx, `main`); !strings.Contains(got, "Check your email") {
		t.Fatalf("after joining: %q", got)
	}
	s.do(ctx, "confirm", chromedp.Navigate(term.link(t, "/verify-email?token=")), tap(`main button[type=submit]`), waitFor(`location.pathname == "/"`),
		chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(css(`#f-time_zone`)))
	zone, _ := chromedp.Run(ctx, chromedp.Value(css(`#f-time_zone`)))
	country, _ := chromedp.Run(ctx, chromedp.Value(css(`#f-country`)))
	if zone != "Pacific Time (Los Angeles)" || country != "US" {
		t.Fatalf("the profile keeps %q and %q", zone, country)
	}
}

// TestBrowserMeetingLinkOpenedFirst: someone in New York opens a meeting's
// page from a link, the first Kinship page their phone has seen. Before,
// it read "Next: Wed 9 Dec, 03:00 · your time, Coordinated Universal Time
// (UTC)"; the page now asks the browser for its zone and shows the time in
// New York. Without a script it shows the meeting's own time, named as
// such, and never calls UTC "your time".
func TestBrowserMeetingLinkOpenedFirst(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	importOC(t, a)
	const page = "/meetings/oc/east-bluff-mens-stag" // Tuesdays, 19:00 in Los Angeles
	v := newPerson(t, base)
	if _, text := v.get(page); !strings.Contains(text, ", 7:00 pm In person · every Tuesday, 7:00 pm–8:00 pm · Pacific Time (Los Angeles)") || strings.Contains(text, "UTC") || strings.Contains(text, "your time") {
		t.Fatalf("without a zone, the meeting's page reads:\n%s", text)
	}
	ctx, done := phone(t, exe)
	defer done()
	s := steps{t}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/New_York"}); err != nil {
		t.Fatal(err)
	}
	s.do(ctx, "open the link", chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS(`main p.big`)))
	eval[bool](t, ctx, "drawn again in New York", `new Promise(ok => { const check = () => document.querySelector('main p.big') && document.querySelector('main p.big').innerText.includes('New York') ? ok(true) : setTimeout(check, 100); check(); })`)
	if got := s.text(ctx, `main p.big`); !regexp.MustCompile(`Next: .+, 10:00 pm · your time, Eastern Time \(New York\)$`).MatchString(got) {
		t.Fatalf("the next meeting reads %q", got)
	}
	if got := s.text(ctx, `main`); strings.Contains(got, "UTC") {
		t.Fatalf("the page names UTC:\n%s", got)
	}
	shot(t, ctx, "meeting-link-opened-first.png")
}
