package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// W8-1: on an instance set up for the US (--default-country US), a visitor
// in Madrid read only "In an emergency, call 911" and the US lines before
// signing up: 911 does not answer in Spain. The foot now gives the lines
// of the country the visitor seems to be in beside the default country's,
// each named: the phone's time zone's country first ("If you are in
// Spain, as your phone's time zone says"), or, before the zone is known,
// the browser language's region after the default's ("as your browser's
// language suggests"). A visitor in New York, a country chosen at the
// foot, or nothing known, reads the one country's lines as before. In
// English and in Spanish.
func TestVisitorReadsTheLinesWhereTheyAreBesideTheDefault(t *testing.T) {
	base, _ := startServerWith(t, app.Options{DefaultCountry: "US"})
	for _, c := range []struct {
		name, lang, zone, chosen string
		want                     []string // in order
		not                      []string
	}{
		{"Madrid, es", "es-ES,es;q=0.9", "Europe/Madrid", "", []string{
			"¿Estás en crisis? Si estás en España, como dice la zona horaria de tu teléfono: en una emergencia, llama al 112.", "Línea 024",
			"Si estás en Estados Unidos, el país para el que está configurado este Kinship: en una emergencia, llama al 911.", "Llamar al 988",
			"Más ayuda"}, []string{"idioma de tu navegador"}},
		{"Madrid, en", "en-GB,en;q=0.9", "Europe/Madrid", "", []string{
			"In crisis? If you are in Spain, as your phone's time zone says: in an emergency, call 112.", "Línea 024",
			"If you are in the United States, the country this Kinship is set up for: in an emergency, call 911.", "Call 988",
			"More help"}, []string{"browser's language", "United Kingdom"}},
		// The first page of a visit: no zone yet, so the language's
		// region, after the default country's (a Spanish speaker in the
		// US may ask for es-ES).
		{"no zone, es-ES", "es-ES,es;q=0.9", "", "", []string{
			"¿Estás en crisis? Si estás en Estados Unidos, el país para el que está configurado este Kinship: en una emergencia, llama al 911.",
			"Si estás en España, como sugiere el idioma de tu navegador: en una emergencia, llama al 112.", "Más ayuda"}, []string{"zona horaria"}},
		// A zone in the default country says more than the language.
		{"New York, es-ES", "es-ES,es;q=0.9", "America/New_York", "", []string{"¿Estás en crisis? En una emergencia, llama al 911.", "Llamar al 988"},
			[]string{"Si estás", "112", "024"}},
		{"New York, en", "en-US,en;q=0.9", "America/New_York", "", []string{"In crisis? In an emergency, call 911.", "Call 988"},
			[]string{"If you are", "112"}},
		// A country chosen at the foot is the one shown.
		{"Madrid, chose Spain", "es-ES,es;q=0.9", "Europe/Madrid", "ES", []string{"¿Estás en crisis? En una emergencia, llama al 112.", "Línea 024"},
			[]string{"Si estás", "988", "911"}},
		{"Madrid, chose the US", "en-GB,en;q=0.9", "Europe/Madrid", "US", []string{"In crisis? In an emergency, call 911.", "Call 988"},
			[]string{"If you are", "112"}},
		// A country Kinship keeps no lines for: its local number, and
		// where to find a line.
		{"Berlin, en", "en-US,en;q=0.9", "Europe/Berlin", "", []string{
			"In crisis? If you are in Germany, as your phone's time zone says: in an emergency, call your local emergency number. Find A Helpline:",
			"If you are in the United States, the country this Kinship is set up for: in an emergency, call 911."}, nil},
	} {
		p := newPerson(t, base)
		p.lang = c.lang
		if c.zone != "" {
			p.setZoneCookie(c.zone)
		}
		if c.chosen != "" {
			p.post("/country", url.Values{"country": {c.chosen}, "next": {"/about"}})
		}
		_, page, _ := p.do("GET", "/about", nil)
		got := footerLines(page)
		at := 0
		for _, w := range c.want {
			i := strings.Index(got[at:], w)
			if i < 0 {
				t.Errorf("%s: the foot lacks %q (in order):\n%s", c.name, w, got)
				break
			}
			at += i + len(w)
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: the foot says %q:\n%s", c.name, w, got)
			}
		}
	}

	// An instance with no default country guesses as before: one country.
	guess, _ := startServer(t)
	v := newPerson(t, guess)
	v.lang = "es-ES,es;q=0.9"
	v.setZoneCookie("Europe/Madrid")
	_, page, _ := v.do("GET", "/about", nil)
	if got := footerLines(page); !strings.Contains(got, "¿Estás en crisis? En una emergencia, llama al 112.") || strings.Contains(got, "Si estás") || strings.Contains(got, "911") {
		t.Errorf("no default country, in Madrid: the foot reads %q", got)
	}
}

// On a phone: a visitor in Madrid (the phone's zone Europe/Madrid, Spanish
// from Spain) on an instance set up for the US reads, at the foot of the
// first pages, Spain's 112 first and then the US's 911, each named, the
// numbers links a tap calls; a visitor in New York reads the US lines
// alone. The header's "Help now" leads to them.
func TestBrowserVisitorInMadridReadsSpainsLinesFirst(t *testing.T) {
	exe := chromium(t)
	base, _ := startServerWith(t, app.Options{DefaultCountry: "US"})
	st := steps{t}
	for _, c := range []struct {
		name, zone, accept string
		first, then        string
		tels               string
		not                string
	}{
		{"madrid", "Europe/Madrid", "es-ES,es;q=0.9", "Si estás en España, como dice la zona horaria de tu teléfono: en una emergencia, llama al 112.",
			"Si estás en Estados Unidos, el país para el que está configurado este Kinship: en una emergencia, llama al 911.", "tel:112", "idioma"},
		{"new-york", "America/New_York", "en-US,en;q=0.9", "In crisis? In an emergency, call 911.", "Call 988", "tel:911", "If you are"},
	} {
		ctx, done := phone(t, exe)
		if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: c.zone}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": c.accept}}); err != nil {
			t.Fatal(err)
		}
		// The first page sets the zone's cookie; the sign-up page is the
		// second, as a visitor about to join reads it.
		st.do(ctx, c.name+" landing", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`#crisis-help`)))
		st.do(ctx, c.name+" sign-up", chromedp.Navigate(base+"/signup"), chromedp.WaitVisible(chromedp.CSS(`#crisis-help`)))
		got := st.text(ctx, `#crisis-help`)
		i, j := strings.Index(got, c.first), strings.Index(got, c.then)
		if i < 0 || j < i || strings.Contains(got, c.not) {
			t.Errorf("%s: the foot reads %q: want %q, then %q, and no %q", c.name, got, c.first, c.then, c.not)
		}
		if first := eval[string](t, ctx, "first number", `document.querySelector('#crisis-help a[href^="tel:"]').getAttribute('href')`); first != c.tels {
			t.Errorf("%s: the first number a tap calls is %q, want %q", c.name, first, c.tels)
		}
		if w := eval[float64](t, ctx, "page width", `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s: the page is %v px wide", c.name, w)
		}
		st.do(ctx, c.name+" help now", chromedp.Click(chromedp.CSS(`header.site a[href="#crisis-help"]`)))
		shot(t, ctx, "visitor-lines-"+c.name+".png")
		done()
	}
}
