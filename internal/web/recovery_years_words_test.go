package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk10 W10-10: Daniel, in recovery since 15 March 2018, read on his home
// "3192 days. Since 15 March 2018. Next: 9 years." Right, but a long
// recovery is said in years: now his home and check-in page read "8 years,
// 8 months and 25 days", exact to the day, with the days still there below
// it and grouped ("3,192 days since 15 March 2018", "3192 días"), in English and in
// Spanish; a stretch under a year is still counted in days.
func TestALongRecoveryReadsInYearsMonthsAndDays(t *testing.T) {
	// Thu 10 Dec 2026, 10:00 in Los Angeles.
	at := time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC)
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return at }})
	daniel := account(t, a, "daniel@example.org", "pacific coast highway", "Daniel", model.RoleMember)
	if _, err := a.UpdateMe(asUser(daniel), func(p *model.Profile) { p.RecoveryStart = "2018-03-15" }); err != nil {
		t.Fatal(err)
	}
	p := newPerson(t, base)
	if code, _, _ := p.post("/login", url.Values{"email": {"daniel@example.org"}, "password": {"pacific coast highway"}}); code != http.StatusOK {
		t.Fatalf("Daniel signs in: %d", code)
	}
	// The words from id to the end tag that closes its part of the page.
	section := func(page, id, end string) string {
		i := strings.Index(page, id)
		if i < 0 {
			return ""
		}
		page = page[i:]
		if j := strings.Index(page, end); j > 0 {
			page = page[:j]
		}
		return readable(page)
	}
	for _, c := range []struct {
		lang                  string
		home, checkin, unsaid []string
	}{
		{"en",
			[]string{"8 years, 8 months and 25 days 3,192 days since 15 March 2018. Next: 9 years."},
			[]string{"8 years, 8 months and 25 days 3,192 days in your current stretch 3,192 days in recovery in all, since",
				"3,192 days and counting. Next up: 9 years."},
			[]string{"3192"}},
		{"es",
			[]string{"8 años, 8 meses y 25 días 3192 días desde el 15 de marzo de 2018. Próximo: 9 años."},
			[]string{"8 años, 8 meses y 25 días 3192 días en tu etapa actual 3192 días en recuperación en total, desde el",
				"3192 días y sumando. Lo próximo: 9 años."},
			[]string{"3,192", "3.192"}},
	} {
		livesIn(t, a, daniel, "US", "America/Los_Angeles", c.lang)
		_, page, _ := p.do("GET", "/", nil)
		home := section(page, `id="home-recovery"`, "</li>")
		_, page, _ = p.do("GET", "/checkin", nil)
		checkin := section(page, `id="time-h"`, "</section>")
		for _, want := range c.home {
			if !strings.Contains(home, want) {
				t.Errorf("%s: his home does not read %q:\n%s", c.lang, want, home)
			}
		}
		for _, want := range c.checkin {
			if !strings.Contains(checkin, want) {
				t.Errorf("%s: his check-in page does not read %q:\n%s", c.lang, want, checkin)
			}
		}
		for _, not := range c.unsaid {
			if strings.Contains(home+checkin, not) {
				t.Errorf("%s: his recovery time still reads %q:\n%s\n%s", c.lang, not, home, checkin)
			}
		}
	}
	// Under a year, days: 20 November to 10 December.
	if _, err := a.UpdateMe(asUser(daniel), func(p *model.Profile) { p.RecoveryStart = "2026-11-20" }); err != nil {
		t.Fatal(err)
	}
	livesIn(t, a, daniel, "US", "America/Los_Angeles", "en")
	_, page, _ := p.do("GET", "/", nil)
	if home := section(page, `id="home-recovery"`, "</li>"); !strings.Contains(home, "20 days Since 20 November 2026. Next: 30 days.") || strings.Contains(home, "year") {
		t.Errorf("twenty days read:\n%s", home)
	}
}
