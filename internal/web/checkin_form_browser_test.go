package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk7: a check-in sent with nothing chosen listed its errors as "Choose
// a craving level", "Choose how you feel", "Choose yes or no", "Enter hours
// of sleep": the alphabet of the fields' names, not the form, which asks
// mood first. The summary now lists them in the form's order, in English
// and Spanish, each a link to its own field.
func TestBrowserCheckinErrorsInTheFormsOrder(t *testing.T) {
	base, st, tab := ashOnPhone(t)
	type css = chromedp.CSS
	type item struct{ Href, Text string }
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Choose how you feel, from 1 to 5", "Choose a craving level from 0 to 10", "Choose yes or no; there is no wrong answer",
			"Enter hours of sleep as a number from 0 to 24, like 7 or 6.5"}},
		{"es", []string{"Elige cómo te sientes, del 1 al 5", "Elige un nivel de ganas de consumir del 0 al 10",
			"Elige sí o no; ninguna respuesta es incorrecta", "Escribe las horas de sueño como un número del 0 al 24, como 7 o 6.5"}},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, c.lang+" check-in", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#f-sleep_hours`)),
			chromedp.SendKeys(css(`#f-sleep_hours`), "lots"), submitAndWait(`form.checkin button[type=submit]`))
		got := eval[[]item](t, tab, "the summary", `[...document.querySelectorAll('#error-summary li a')].map(a => ({Href: a.getAttribute('href'), Text: a.innerText.trim()}))`)
		var texts []string
		for _, it := range got {
			texts = append(texts, it.Text)
			// Each link goes to a field of the form, one a person can fill in.
			if !eval[bool](t, tab, "the link's field", `!!document.querySelector('form.checkin `+it.Href+`')`) {
				t.Errorf("%s: the summary's %q links to %s, not a field of the form", c.lang, it.Text, it.Href)
			}
		}
		if strings.Join(texts, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: the summary lists\n%q\nwant the form's order\n%q", c.lang, texts, c.want)
		}
		shot(t, tab, "checkin-summary-order-"+c.lang+".png")
	}
}

// walk7: Ash, reading Spanish, types her hours of sleep as "7,5", as much
// of the Spanish-speaking world writes it: the check-in takes it and shows
// it back in her language's marks (es-419 writes 7.5), and the treatment
// locator takes "38,03" and "-78,48" as the coordinates they are where it
// refused them as not numbers.
func TestBrowserDecimalCommaTypedInSpanish(t *testing.T) {
	base, st, tab := ashOnPhone(t)
	type css = chromedp.CSS
	st.spanish(tab, base)
	st.do(tab, "check in, sleep 7,5", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#f-sleep_hours`)),
		chromedp.Click(css(`label[for=mood-4]`)), chromedp.Click(css(`label[for=craving-2]`)), chromedp.Click(css(`label[for=f-used]`)),
		chromedp.SendKeys(css(`#f-sleep_hours`), "7,5"), submitAndWait(`form.checkin button[type=submit]`))
	if n := st.text(tab, `.notice`); !strings.Contains(n, "Gracias") {
		t.Errorf("after checking in Ash reads %q", n)
	}
	if v := eval[string](t, tab, "sleep", `document.querySelector('#f-sleep_hours').value`); v != "7.5" {
		t.Errorf("Ash's sleep reads back %q, want 7.5 (es-419 writes a decimal point)", v)
	}
	st.do(tab, "treatment by coordinates with commas", chromedp.Navigate(base+"/treatment?lat=38,03&lng=-78,48"), chromedp.WaitVisible(css(`#crisis-help`)))
	if main := st.text(tab, `main`); strings.Contains(main, "Escribe la latitud") {
		t.Errorf("the locator refused 38,03 and -78,48:\n%s", main)
	}
	shot(t, tab, "treatment-decimal-comma-es.png")
}

// ashOnPhone starts a server with the cast and signs Ash in on a phone.
func ashOnPhone(t *testing.T) (base string, st steps, tab context.Context) {
	t.Helper()
	base, a := startServer(t)
	cast(t, a)
	return base, steps{t}, signedInPhone(t, base, "ash@example.org", "amber meadow trail")
}
