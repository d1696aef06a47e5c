package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk13 W13-11: Kenji in Tokyo (profile Japan) read at the foot of every
// page only "In an emergency, call your local emergency number" and an
// international directory. He now reads Japan's emergency numbers to tap,
// 119 (an ambulance) and 110 (the police), on the support page and at the
// foot; a Spanish reader in Japan reads them in Spanish. No national
// support line is shipped (none was verified): the international
// directory stands for the lines to reach at any hour.
func TestBrowserJapanHasItsEmergencyNumbers(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	livesIn(t, a, ash, "JP", "Asia/Tokyo", "en")
	livesIn(t, a, bo, "JP", "Asia/Tokyo", "es")
	st := steps{t}
	for _, c := range []struct{ email, pw, lang, emergency, lines string }{
		{"ash@example.org", "amber meadow trail", "en", "If a life is in danger now Call 119 (ambulance, fire) Call 110 (police)",
			"findahelpline.com"},
		{"bo@example.org", "cobalt river stone", "es", "Si una vida está en peligro ahora Llamar al 119 (ambulancia, bomberos) Llamar al 110 (policía)",
			"findahelpline.com"},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.lang+" support", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(chromedp.CSS(`section.banner`)))
		banner := strings.Join(strings.Fields(st.text(tab, `section.banner`)), " ")
		if !strings.Contains(banner, c.emergency) || strings.Contains(banner, "local emergency number") ||
			strings.Contains(banner, "de tu país") {
			t.Errorf("%s: the emergency section reads %q, want %q", c.lang, banner, c.emergency)
		}
		if main := st.text(tab, `main`); !strings.Contains(main, c.lines) {
			t.Errorf("%s: the support page offers no line to reach at any hour:\n%s", c.lang, main)
		}
		if links := " " + telLinks(t, tab, `main`) + " "; !strings.Contains(links, " tel:119 ") || !strings.Contains(links, " tel:110 ") {
			t.Errorf("%s: the support page offers %q to tap, want 119 and 110", c.lang, links)
		}
		shot(t, tab, "support-japan-"+c.lang+".png")
		st.do(tab, c.lang+" check-in", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`#crisis-help`)))
		if foot := " " + telLinks(t, tab, `#crisis-help`) + " "; !strings.Contains(foot, " tel:119 ") || !strings.Contains(foot, " tel:110 ") {
			t.Errorf("%s: the foot offers %q, want 119 and 110", c.lang, foot)
		}
	}
}
