package web_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserSpanishWalk: on a 390x844 phone in Los Angeles, a visitor
// reading Spanish finds tonight's meetings with times in "Hora del Pacífico
// (Los Ángeles)" and programs with services in Spanish near 22902; then a
// member who chose Spanish picks her time zone and country from Spanish
// lists in her profile and reads her signed-in devices in Spanish.
// Screenshots: es-meetings-tonight.png, es-treatment-spanish.png,
// es-profile-zone.png, es-sessions.png.
//
// The server runs on a test clock, 09:00 in Los Angeles on Tuesday 8
// December 2026, so the walk reads the same at any hour of the real day.
// KINSHIP_WALK_CLOCK (RFC 3339) sets it to another instant, to check the
// walk there: what it expects (tonight's count, the days shown) follows
// the clock, e.g. 2026-12-09T07:45:00Z (23:45 in Los Angeles, almost no
// evening left) or 2026-12-09T00:15:00Z (another day in UTC, the
// afternoon in Los Angeles).
func TestBrowserSpanishWalk(t *testing.T) {
	exe := chromium(t)
	at := tuesdayMorning
	if v := os.Getenv("KINSHIP_WALK_CLOCK"); v != "" {
		var err error
		if at, err = time.Parse(time.RFC3339, v); err != nil {
			t.Fatalf("KINSHIP_WALK_CLOCK: %v", err)
		}
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	mexico, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the server's clock: %s, %s in Los Angeles", at.Format(time.RFC3339), at.In(la).Format("Mon 15:04"))
	base, a, _ := startServerOpts(t, app.Options{Now: func() time.Time { return at }})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	ana := account(t, a, "ana@example.org", "amber meadow trail", "Ana", model.RoleMember)
	if err := a.SetLanguage(app.WithActor(context.Background(), &app.Actor{User: ana}), "es"); err != nil {
		t.Fatal(err)
	}
	importOC(t, a)
	importFacilities(t, a)
	ctx, done := phone(t, exe)
	defer done()
	s := steps{t}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Los_Angeles"}); err != nil {
		t.Fatal(err)
	}
	// screen keeps what the phone's screen shows with sel at its top.
	screen := func(sel, name string) {
		t.Helper()
		s.do(ctx, "scroll to "+sel, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.querySelector('`+sel+`').getBoundingClientRect().top + window.scrollY - 8)`))
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		save(t, name, png)
	}

	s.do(ctx, "choose Spanish in the footer", chromedp.Navigate(base+"/"), chromedp.SetValue(chromedp.CSS(`#f-lang`), "es"),
		chromedp.Click(chromedp.CSS(`.lang-switch button`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="es"]`)))
	// The finder asks the browser for its zone and draws itself again in it.
	s.do(ctx, "meeting finder", chromedp.Navigate(base+"/meetings"), chromedp.WaitVisible(chromedp.CSS(`#res-h`)))
	eval[bool](t, ctx, "the zone from the browser", `new Promise(ok => { const check = () => document.cookie.includes("kinship_tz=") ? ok(true) : setTimeout(check, 100); check(); })`)
	s.do(ctx, "tonight", chromedp.Navigate(base+"/meetings"), chromedp.Click(chromedp.CSS(`nav.quick a[href*="when=tonight"]`)), chromedp.WaitVisible(chromedp.CSS(`#res-h`)))
	main := s.text(ctx, "main")
	// Tonight in Los Angeles: from 17:00, or from now when later, to midnight.
	local := at.In(la)
	from, to := time.Date(local.Year(), local.Month(), local.Day(), 17, 0, 0, 0, la), time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, la)
	if at.After(from) {
		from = at
	}
	tonight, err := a.FindMeetingsPage(context.Background(), app.FinderQuery{Day: -1, From: from, To: to, TimeZone: "America/Los_Angeles", Limit: 25})
	if err != nil {
		t.Fatal(err)
	}
	if h := s.text(ctx, "#res-h"); !strings.HasPrefix(h, fmt.Sprintf("Esta noche: %d reuni", tonight.Total)) || at.Equal(tuesdayMorning) && tonight.Total == 0 {
		t.Errorf("results heading: %q; tonight there are %d meetings", h, tonight.Total)
	}
	if !strings.Contains(main, "Hora del Pacífico (Los Ángeles)") || strings.Contains(main, "Pacific Time") {
		t.Errorf("the finder in Spanish:\n%.1500s", main)
	}
	if len(tonight.Meetings) > 0 && !strings.Contains(main, spanishDay(tonight.Meetings[0].Next.In(la))) {
		t.Errorf("the first meeting tonight, %s in Los Angeles, is not shown as %q:\n%.1500s", tonight.Meetings[0].Next.In(la), spanishDay(tonight.Meetings[0].Next.In(la)), main)
	}
	screen("main", "es-meetings-tonight.png")

	s.do(ctx, "programs with services in Spanish", chromedp.Navigate(base+"/treatment?near=22902&service=SP-Spanish"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	main = s.text(ctx, "main")
	if !strings.Contains(main, "programas a menos de 50 millas") || !strings.Contains(main, "Servicios en español") {
		t.Errorf("the locator in Spanish:\n%.1500s", main)
	}
	screen("main", "es-treatment-spanish.png")

	// Ana, who chose Spanish, on her profile.
	s.do(ctx, "sign out the visitor", chromedp.Navigate(base+"/"))
	s.signIn(ctx, base, "ana@example.org", "amber meadow trail")
	s.do(ctx, "profile", chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(chromedp.CSS(`#f-time_zone`)))
	options := eval[int](t, ctx, "Spanish zone list", `document.querySelectorAll('#zone-list option[value="Hora central (Ciudad de México)"]').length`)
	if options != 1 {
		t.Fatal("the zone list has no \"Hora central (Ciudad de México)\"")
	}
	s.do(ctx, "choose Mexico City and México", chromedp.Evaluate[chromedp.Void](`document.querySelector('#f-time_zone').value = ''`),
		chromedp.SendKeys(chromedp.CSS(`#f-time_zone`), "Hora central (Ciudad de México)"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#f-country').value = 'MX'`),
		// The page it leaves holds the same fields: mark it, and read only
		// the page the save leads to (under load the old one was read as it
		// went, and #f-time_zone was already gone).
		chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.before = "1"`),
		chromedp.Click(chromedp.CSS(`form.profile button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`html[data-before]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-time_zone`)))
	zone := eval[string](t, ctx, "zone shown", `document.querySelector('#f-time_zone').value`)
	country := eval[string](t, ctx, "country shown", `document.querySelector('#f-country').selectedOptions[0].textContent`)
	if zone != "Hora central (Ciudad de México)" || country != "México" {
		t.Errorf("after saving, the profile shows %q, %q", zone, country)
	}
	me, err := a.GetMe(app.WithActor(context.Background(), &app.Actor{User: ana}))
	if err != nil || me.Profile.TimeZone != "America/Mexico_City" || me.Profile.Country != "MX" {
		t.Fatalf("stored %+v (%v)", me, err)
	}
	screen(`label[for="f-time_zone"]`, "es-profile-zone.png")

	s.do(ctx, "security", chromedp.Navigate(base+"/settings/security"), chromedp.WaitVisible(chromedp.CSS(`#s-h`)))
	sessions := s.text(ctx, `#s-h + *`)
	if !strings.Contains(sessions, "Chrome en Linux (este dispositivo)") || !strings.Contains(sessions, "Inició sesión el "+spanishDay(at.In(mexico))) {
		t.Errorf("the sessions list: %q", sessions)
	}
	screen("#s-h", "es-sessions.png")
}

// spanishDay is a day as Spanish pages write it: "mar, 8 dic".
func spanishDay(t time.Time) string {
	days := []string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"}
	months := []string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}
	return fmt.Sprintf("%s, %d %s", days[t.Weekday()], t.Day(), months[t.Month()-1])
}
