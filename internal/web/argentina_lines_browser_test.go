package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk13 W13-1: Lucía in Buenos Aires (profile Argentina, Spanish) pressed
// "Necesito apoyo ahora" and read, under "Personas a quienes puedes llamar
// a cualquier hora en Argentina", only an international directory; the
// treatment locator, whose programs are in the United States, sent her to
// the lines at the foot of the page, which were the same. She now reads
// Argentina's numbers to tap: 107 (an ambulance) or 911, Línea 141 from
// SEDRONAR (alcohol and other drugs, and where to find treatment) and the
// Centro de Asistencia al Suicida (135, or 011 5275-1135 from anywhere in
// the country); an English reader in Argentina reads the same numbers.
func TestBrowserArgentinaHasItsCrisisLines(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	livesIn(t, a, ash, "AR", "America/Argentina/Buenos_Aires", "es")
	livesIn(t, a, bo, "AR", "America/Argentina/Cordoba", "en")
	st := steps{t}
	tels := []string{"tel:107", "tel:911", "tel:141", "tel:135", "tel:01152751135"}
	for _, c := range []countryLinesCase{
		{"ash@example.org", "amber meadow trail", "Llamar al 107 (ambulancia) Llamar al 911 (policía)", "support-argentina-es.png",
			[]string{"Personas a quienes puedes llamar a cualquier hora en Argentina", "Línea 141", "Llamar al 141",
				"dónde encontrar tratamiento", "SEDRONAR", "Centro de Asistencia al Suicida", "Llamar al 135", "Llamar al 011 5275-1135",
				"desde todo el país"}},
		{"bo@example.org", "cobalt river stone", "Call 107 (ambulance) Call 911 (police)", "support-argentina-en.png",
			[]string{"People you can reach at any hour in Argentina", "Línea 141", "Call 141", "where to find treatment",
				"Centro de Asistencia al Suicida", "Call 135", "Call 011 5275-1135", "from anywhere in the country"}},
	} {
		tab := readsCountryLines(t, base, c, tels)
		// The treatment locator, whose programs are in the United States,
		// points to the lines at the foot of the page: Argentina's.
		st.do(tab, "open the treatment locator", chromedp.Navigate(base+"/treatment"), chromedp.WaitVisible(chromedp.CSS(`#crisis-help`)))
		if foot := " " + telLinks(t, tab, `#crisis-help`) + " "; !strings.Contains(foot, " tel:107 ") || !strings.Contains(foot, " tel:141 ") {
			t.Errorf("the foot of %s's treatment page offers %q, want 107 and 141", c.email, foot)
		}
	}
}

// countryLinesCase is what one reader in a country reads on the support
// page: the emergency section's words, the page's and its picture's name.
type countryLinesCase struct {
	email, pw, emergency, shot string
	reads                      []string
}

// readsCountryLines signs c's reader in on a phone and reads /support: the
// emergency section holds c.emergency (never "your local emergency
// number"), the page each of c.reads and every tel: link in tels, and no
// international directory. It returns the tab.
func readsCountryLines(t *testing.T, base string, c countryLinesCase, tels []string) context.Context {
	t.Helper()
	st := steps{t}
	tab := signedInPhone(t, base, c.email, c.pw)
	st.do(tab, "open the support page", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(chromedp.CSS(`section.banner`)))
	if got := strings.Join(strings.Fields(st.text(tab, `section.banner`)), " "); !strings.Contains(got, c.emergency) ||
		strings.Contains(got, "de tu país") || strings.Contains(got, "local emergency number") {
		t.Errorf("%s's emergency section reads %q, want %q", c.email, got, c.emergency)
	}
	main := st.text(tab, `main`)
	for _, w := range c.reads {
		if !strings.Contains(main, w) {
			t.Errorf("%s's support page lacks %q:\n%s", c.email, w, main)
		}
	}
	if strings.Contains(main, "findahelpline.com") {
		t.Errorf("%s's support page still sends them to the international directory:\n%s", c.email, main)
	}
	links := " " + telLinks(t, tab, `main`) + " "
	for _, h := range tels {
		if !strings.Contains(links, " "+h+" ") {
			t.Errorf("%s's support page offers %q to tap, want %s among them", c.email, links, h)
		}
	}
	shot(t, tab, c.shot)
	return tab
}
