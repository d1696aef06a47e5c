package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserTreatmentSaysWhereItsProgramsAre (walk9 W9-4): Asha, in
// Kathmandu, opened the treatment locator, read "Call the SAMHSA National
// Helpline at 1-800-662-4357 ... for help finding treatment near you",
// typed "Kathmandu" and read "we could not find that place among the places
// we know; try a postal code or a nearby city"; Dale, in Phoenix, read the
// same for "Phoenix" and "85004". Every program listed is around
// Charlottesville, Virginia: no postal code or nearby city of theirs could
// work, and nothing said so. On a phone, in English and Spanish, the
// locator says where its programs are, and to a visitor outside the United
// States that they and the helpline are in the United States, pointing to
// the lines for where they are. Above the form, since walk13 (W13-6:
// "try a postal code or a nearby city" for "Phoenix" and Buenos Aires), it
// says this Kinship lists no programs there and who can help: the SAMHSA
// helpline in the United States, the lines at the foot elsewhere.
func TestBrowserTreatmentSaysWhereItsProgramsAre(t *testing.T) {
	base, a := startServer(t)
	importFacilities(t, a)
	st := steps{t}
	for _, c := range []struct {
		who, zone, accept, place, abroad, places, none string
	}{
		{"Asha in Kathmandu", "Asia/Kathmandu", "en-US,en;q=0.9", "Kathmandu",
			"The programs listed here are in the United States, and the SAMHSA National Helpline answers calls there. For help where you are, see the lines at the foot of this page.",
			"The programs listed here are near Charlottesville, VA; Staunton, VA; Fishersville, VA and 6 other places.",
			"This Kinship lists no treatment programs in “Kathmandu”: those it lists are in the United States. For help where you are, see the lines at the foot of this page."},
		{"Asha in Kathmandu, in Spanish", "Asia/Kathmandu", "es-419,es;q=0.9", "Katmandú",
			"Los programas de esta lista están en Estados Unidos, y la Línea Nacional de Ayuda de SAMHSA atiende llamadas allí. Para pedir ayuda donde estás, mira las líneas al pie de esta página.",
			"Los programas de esta lista están cerca de Charlottesville, VA; Staunton, VA; Fishersville, VA y 6 lugares más.",
			"Este Kinship no tiene programas de tratamiento en «Katmandú»: los que tiene están en Estados Unidos. Para pedir ayuda donde estás, mira las líneas al pie de esta página."},
		{"Lucía in Buenos Aires", "America/Argentina/Buenos_Aires", "es-AR,es;q=0.9", "C1425",
			"Los programas de esta lista están en Estados Unidos, y la Línea Nacional de Ayuda de SAMHSA atiende llamadas allí. Para pedir ayuda donde estás, mira las líneas al pie de esta página.",
			"Los programas de esta lista están cerca de Charlottesville, VA; Staunton, VA; Fishersville, VA y 6 lugares más.",
			"Este Kinship no tiene programas de tratamiento en «C1425»: los que tiene están en Estados Unidos. Para pedir ayuda donde estás, mira las líneas al pie de esta página."},
		{"Dale in Phoenix", "America/Phoenix", "en-US,en;q=0.9", "Phoenix", "",
			"The programs listed here are near Charlottesville, VA; Staunton, VA; Fishersville, VA and 6 other places.",
			"This Kinship lists no treatment programs in “Phoenix”. The SAMHSA National Helpline, 1-800-662-4357, free and open at any hour, knows programs near you; above the place you can read where this Kinship's are."},
		{"Dale in Phoenix, by postal code", "America/Phoenix", "en-US,en;q=0.9", "85004", "",
			"The programs listed here are near Charlottesville, VA; Staunton, VA; Fishersville, VA and 6 other places.",
			"This Kinship lists no treatment programs in “85004”. The SAMHSA National Helpline, 1-800-662-4357, free and open at any hour, knows programs near you; above the place you can read where this Kinship's are."},
	} {
		tab, done := phoneReading(t, c.accept)
		st.do(tab, c.who+": the zone", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: c.zone})
			return err
		}))
		// The first page tells the server the browser's zone.
		st.do(tab, c.who+": first page", chromedp.Navigate(base+"/treatment"))
		st.until(tab, c.who+": the zone told", `document.cookie.includes("kinship_tz=")`)
		st.do(tab, c.who+": treatment", chromedp.Navigate(base+"/treatment"), chromedp.WaitVisible(css(`#f-near`)))
		abroad, _ := chromedp.Run(tab, chromedp.Evaluate[string](`(document.querySelector('#treatment-abroad')||{innerText:""}).innerText`))
		if abroad != c.abroad {
			t.Errorf("%s reads %q above the locator, want %q", c.who, abroad, c.abroad)
		}
		if c.abroad != "" {
			href, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('#treatment-abroad a').getAttribute('href')`))
			if href != "#crisis-help" {
				t.Errorf("%s: the lines' link goes to %q", c.who, href)
			}
		} else if main := st.text(tab, `main`); !strings.Contains(main, "1-800-662-4357") {
			t.Errorf("%s in the United States reads no SAMHSA helpline:\n%s", c.who, main)
		}
		name := strings.NewReplacer(" ", "-", ",", "").Replace(strings.ToLower(c.who))
		shot(t, tab, "treatment-where-"+name+".png")
		st.do(tab, c.who+": search", chromedp.SendKeys(css(`#f-near`), c.place), submitAndWait(`form.finder button[type=submit]`),
			chromedp.WaitVisible(css(`#error-summary`)))
		if got := st.text(tab, `#treatment-places`); got != c.places {
			t.Errorf("%s: after %q, the locator reads %q, want %q", c.who, c.place, got, c.places)
		}
		if got := st.text(tab, `#error-summary`); !strings.Contains(got, c.none) || strings.Contains(got, "postal") {
			t.Errorf("%s: after %q, the locator says %q, want %q", c.who, c.place, got, c.none)
		}
		shot(t, tab, "treatment-where-"+name+"-unknown.png")
		done()
	}
}
