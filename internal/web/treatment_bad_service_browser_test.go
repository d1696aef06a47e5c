package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTreatmentLinkWithAnUnknownService: a link made by hand,
// /treatment?service=BAD, answered with an error summary listing every
// service code of the vocabulary twice (the API's message, then the
// field's). A visitor on a phone reads, once and in words, to choose from
// the list below, in English and in Spanish, with the form open there.
func TestBrowserTreatmentLinkWithAnUnknownService(t *testing.T) {
	type css = chromedp.CSS
	base, _ := startServer(t)
	ctx, done := phone(t, chromium(t))
	defer done()
	st := steps{t}
	for _, c := range []struct{ lang, want string }{
		{"en", "This link asks for a service Kinship does not know. Choose the services you need from the list below."},
		{"es", "Este enlace pide un servicio que Kinship no conoce. Elige de la lista de abajo los servicios que necesitas."},
	} {
		if c.lang == "es" {
			st.do(ctx, "Spanish", chromedp.SetValue(css(`#f-lang`), "es"), chromedp.Click(css(`form.lang-switch button`)),
				chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(ctx, c.lang+": the link", chromedp.Navigate(base+"/treatment?service=BAD"), chromedp.WaitVisible(css(`#error-summary`)))
		summary := st.text(ctx, `#error-summary`)
		var lines []string // the heading and the one message
		for _, l := range strings.Split(summary, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
		if strings.Count(summary, c.want) != 1 || strings.Contains(summary, "BU, ") || strings.Contains(summary, "FindTreatment") || len(lines) != 2 {
			t.Errorf("%s: the error summary reads:\n%s", c.lang, summary)
		}
		if open := eval[bool](t, ctx, "the form is open", `document.querySelector('details.finder-form').open`); !open {
			t.Errorf("%s: the search form is closed under the error", c.lang)
		}
		shot(t, ctx, "treatment-bad-service-"+c.lang+".png")
	}
}
