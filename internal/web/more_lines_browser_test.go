package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk6: Inés, in Valencia (profile: Spain, Europe/Madrid, Spanish), opened
// "Necesito apoyo ahora" and read "Llama al número de emergencias de tu
// país" and, under "Personas a quienes puedes llamar a cualquier hora en
// España", only an international directory; the foot of every page the
// same. So would anyone in Colombia, Nepal or Chile. Each now reads their
// country's emergency number and lines as numbers to tap: Spain 112, 024
// and Teléfono de la Esperanza; Colombia 123 and Línea 106; Nepal 102 (an
// ambulance) or 100 and 1166; Chile 131, *4141 (the star dialled) and 1412. A partner
// answering from another country reads the caller's numbers, not their own.
func TestBrowserSpainColombiaNepalChileHaveTheirCrisisLines(t *testing.T) {
	base, a := startServer(t)
	ash, bo, _, _ := castAbroad(t, a, home{"CL", "America/Santiago", "es"}, home{"ES", "Europe/Madrid", "es"},
		home{"NP", "Asia/Kathmandu", "en"}, home{"CO", "America/Bogota", "es"})
	partnered(t, a, bo, ash)
	st := steps{t}
	type css = chromedp.CSS
	type country struct {
		who, email, pw string
		emergency      string   // the emergency section's words
		reads          []string // on the support page
		tel            []string // numbers to tap there
		shot           string
	}
	for _, c := range []country{
		{"Bo", "bo@example.org", "cobalt river stone", "Llamar al 112",
			[]string{"Personas a quienes puedes llamar a cualquier hora en España", "Línea 024", "Llamar al 024", "Ministerio de Sanidad",
				"Teléfono de la Esperanza", "Llamar al 717 003 717"},
			[]string{"tel:112", "tel:024", "tel:717003717"}, "support-spain-es.png"},
		{"Ash", "ash@example.org", "amber meadow trail", "Llamar al 131",
			[]string{"a cualquier hora en Chile", "Línea de Prevención del Suicidio", "Llamar al *4141",
				"Fono Drogas y Alcohol", "Llamar al 1412"},
			[]string{"tel:131", "tel:*4141", "tel:1412"}, "support-chile-es.png"},
		{"Cy", "cy@example.org", "granite orchard dusk", "Call 102 (ambulance) Call 100 (police)",
			[]string{"People you can reach at any hour in Nepal",
				"National Suicide Prevention Helpline", "Call 1166", "Answers in: Nepali"},
			[]string{"tel:102", "tel:100", "tel:1166"}, "support-nepal-en.png"},
		{"Dee", "dee@example.org", "silver canyon morning", "Llamar al 123",
			[]string{"a cualquier hora en Colombia", "Línea 106", "Llamar al 106", "secretarías de salud de Bogotá"},
			[]string{"tel:123", "tel:106"}, "support-colombia-es.png"},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.who+" opens the support page", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`section.banner`)))
		if got := strings.Join(strings.Fields(st.text(tab, `section.banner`)), " "); !strings.Contains(got, c.emergency) ||
			strings.Contains(got, "de tu país") || strings.Contains(got, "your local emergency number") {
			t.Errorf("%s's emergency section reads %q, want %q", c.who, got, c.emergency)
		}
		main := st.text(tab, `main`)
		for _, w := range c.reads {
			if !strings.Contains(main, w) {
				t.Errorf("%s's support page lacks %q:\n%s", c.who, w, main)
			}
		}
		links := telLinks(t, tab, `main`)
		for _, h := range c.tel {
			if !strings.Contains(" "+links+" ", " "+h+" ") {
				t.Errorf("%s's support page offers %q to tap, want %s among them", c.who, links, h)
			}
		}
		if got := telLinks(t, tab, `#crisis-help`); !strings.Contains(got, c.tel[0]) {
			t.Errorf("the foot of %s's pages offers %q, want %s", c.who, got, c.tel[0])
		}
		shot(t, tab, c.shot)
		if c.who == "Bo" {
			st.do(tab, "Bo asks for support", chromedp.Click(css(`form[action="/support/now"] button`)), chromedp.WaitVisible(css(`#alert-status`)))
		}
		if c.who == "Ash" {
			st.do(tab, "Ash opens Bo's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
			card := st.text(tab, `#to-respond .caller-lines`)
			if !strings.Contains(card, "Líneas de crisis donde está Bo, en España") || !strings.Contains(card, "Línea 024") || strings.Contains(card, "de tu país") {
				t.Errorf("Bo's call, read by Ash in Chile:\n%s", card)
			}
			if got := telLinks(t, tab, `#to-respond .caller-lines`); !strings.Contains(got, "tel:112") || !strings.Contains(got, "tel:024") || strings.Contains(got, "tel:131") {
				t.Errorf("Ash is offered %q to tap for Bo", got)
			}
			shotHere(t, tab, "#to-respond", "respond-caller-in-spain-es.png")
			// walk6: Tomás, answering Inés, read "Tomás está respondiendo." of himself.
			st.do(tab, "Ash answers Bo's call", chromedp.Click(css(`#to-respond form[action$="/respond"] input[value=acknowledge] ~ button`)),
				chromedp.WaitVisible(css(`#to-respond [id^="responder-"]`)))
			if got := st.text(tab, `#to-respond [id^="responder-"]`); got != "Estás respondiendo." {
				t.Errorf("Ash's card of the call she answers reads %q", got)
			}
		}
	}
}
