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

// ashOnPhone starts a server with the cast and signs Ash in on a phone.
func ashOnPhone(t *testing.T) (base string, st steps, tab context.Context) {
	t.Helper()
	base, a := startServer(t)
	cast(t, a)
	return base, steps{t}, signedInPhone(t, base, "ash@example.org", "amber meadow trail")
}
