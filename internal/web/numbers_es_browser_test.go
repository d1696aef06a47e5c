package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserNumbersInSpanish (walk8 W8-6): a long recovery read "3,192
// días" in Spanish, with English's thousands comma beside the decimal
// point Kinship writes in Spanish (2.4 km). Spanish now writes numbers as
// the RAE does: four digits whole (3192 días), five and more in groups of
// three apart by a space that never breaks the number across lines
// (10 389 días); English keeps 10,389 days. Elena, in recovery since 1
// July 1998, reads her days on her home and her check-in page on a phone.
func TestBrowserNumbersInSpanish(t *testing.T) {
	// Thu 10 Dec 2026, 10:00 in Los Angeles.
	at := time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC)
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return at }})
	elena := account(t, a, "elena@example.org", "pacific coast highway", "Elena", model.RoleMember)
	if _, err := a.UpdateMe(asUser(elena), func(p *model.Profile) { p.RecoveryStart = "1998-07-01" }); err != nil {
		t.Fatal(err)
	}
	livesIn(t, a, elena, "US", "America/Los_Angeles", "es")
	st := steps{t}
	type css = chromedp.CSS
	tab := signedInPhone(t, base, "elena@example.org", "pacific coast highway")
	st.do(tab, "su inicio", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`#home-recovery`)))
	home := st.text(tab, `#home-recovery`)
	if !strings.Contains(home, "10\u00a0389 días desde el 1 de julio de 1998") || strings.Contains(home, "10,389") || strings.Contains(home, "10.389") {
		t.Errorf("her home reads %q, want 10\u00a0389 días", home)
	}
	shot(t, tab, "numbers-home-es.png")
	st.do(tab, "su registro", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#cumulative-days`)))
	if got := st.text(tab, `#cumulative-days`); got != "10\u00a0389" {
		t.Errorf("her check-in page counts %q days in all, want 10\u00a0389", got)
	}
	shot(t, tab, "numbers-checkin-es.png")
	if err := a.SetLanguage(asUser(elena), "en"); err != nil {
		t.Fatal(err)
	}
	st.do(tab, "her home in English", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`#home-recovery`)))
	if home := st.text(tab, `#home-recovery`); !strings.Contains(home, "10,389 days since 1 July 1998") {
		t.Errorf("her home in English reads %q, want 10,389 days", home)
	}
}
