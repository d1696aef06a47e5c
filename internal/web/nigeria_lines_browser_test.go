package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk14 W14-1: Amara in Lagos (profile Nigeria, English) checked in with
// "Yes" to using, followed "People you can reach at any hour" and read,
// under "People you can reach at any hour in Nigeria", only an international
// directory, and "Call your local emergency number" where a life is in
// danger. She now reads Nigeria's numbers to tap: 112, and SURPIN's
// toll-free line (0800 078 7746); a Spanish reader in Nigeria reads the
// same numbers in Spanish, and the foot of every page offers them.
func TestBrowserNigeriaHasItsCrisisLines(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	livesIn(t, a, ash, "NG", "Africa/Lagos", "en")
	livesIn(t, a, bo, "NG", "Africa/Lagos", "es")
	st := steps{t}
	for _, c := range []countryLinesCase{
		{"ash@example.org", "amber meadow trail", "Call 112", "support-nigeria-en.png",
			[]string{"People you can reach at any hour in Nigeria", "SURPIN (Suicide Research and Prevention Initiative)",
				"Call 0800 078 7746", "thinking about suicide", "Lagos University Teaching Hospital"}},
		{"bo@example.org", "cobalt river stone", "Llamar al 112", "support-nigeria-es.png",
			[]string{"Personas a quienes puedes llamar a cualquier hora en Nigeria", "SURPIN (Suicide Research and Prevention Initiative)",
				"Llamar al 0800 078 7746", "piensas en el suicidio", "Hospital Universitario de Lagos"}},
	} {
		tab := readsCountryLines(t, base, c, []string{"tel:112", "tel:08000787746"})
		// The foot of every page: Nigeria's numbers.
		st.do(tab, "open the check-in", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`#crisis-help`)))
		if foot := " " + telLinks(t, tab, `#crisis-help`) + " "; !strings.Contains(foot, " tel:112 ") || !strings.Contains(foot, " tel:08000787746 ") {
			t.Errorf("the foot of %s's check-in offers %q, want 112 and 0800 078 7746", c.email, foot)
		}
	}
}
