package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// footerLines is the crisis lines at the foot of a page as a person reads
// them.
func footerLines(page string) string {
	i := strings.Index(page, `id="crisis-help"`)
	j := strings.Index(page, `id="country-switch"`)
	if i < 0 || j < i {
		return ""
	}
	return readable(page[i:j])
}

// On an instance whose default country is the US, a visitor whose browser
// asks for Spanish from Spain (es-ES), on the first page of their visit
// (no time zone yet) or in Dublin, reads the US lines in Spanish, named
// as this Kinship's country, and beside them Spain's or Ireland's, named
// for what says so (W8-1); the country switch under the lines changes them
// on this device, and "another country" says to call the local emergency
// number. An instance with no default guesses as before (Spain).
func TestVisitorLinesFollowTheInstancesCountry(t *testing.T) {
	base, _ := startServerWith(t, app.Options{DefaultCountry: "US"})
	for _, zone := range []string{"", "Europe/Dublin"} {
		p := newPerson(t, base)
		p.lang = "es-ES,es;q=0.9"
		if zone != "" {
			p.setZoneCookie(zone)
		}
		_, page, _ := p.do("GET", "/about", nil)
		got := footerLines(page)
		if !strings.Contains(got, "Si estás en Estados Unidos, el país para el que está configurado este Kinship: en una emergencia, llama al 911.") ||
			!strings.Contains(got, "Llamar al 988") {
			t.Errorf("zone %q: the foot's lines read %q, want the US lines, named", zone, got)
		}
		// Beside them, named, the lines where the visitor seems to be
		// (here_lines_test.go): the zone's Ireland, else the language's Spain.
		if zone == "" && (!strings.Contains(got, "Si estás en España, como sugiere el idioma de tu navegador") || strings.Contains(got, "116 123")) ||
			zone != "" && (!strings.Contains(got, "Si estás en Irlanda, como dice la zona horaria de tu teléfono") || !strings.Contains(got, "116 123")) {
			t.Errorf("zone %q: the foot's lines read %q", zone, got)
		}
		if !strings.Contains(page, `<label for="lines-country">Líneas de crisis de</label>`) || !strings.Contains(page, `<option value="US" selected>Estados Unidos</option>`) {
			t.Errorf("zone %q: no country switch showing the US", zone)
		}
	}
	p := newPerson(t, base)
	p.lang = "es-ES,es;q=0.9"
	code, _, at := p.post("/country", url.Values{"country": {"MX"}, "next": {"/about"}})
	if code != http.StatusOK || !strings.HasSuffix(at, "/about") {
		t.Fatalf("choose Mexico: %d at %s", code, at)
	}
	_, page, _ := p.do("GET", "/meetings", nil)
	if got := footerLines(page); !strings.Contains(got, "Línea de la Vida") || strings.Contains(got, "988") {
		t.Errorf("after choosing Mexico the foot reads %q", got)
	}
	p.post("/country", url.Values{"country": {"other"}, "next": {"/about"}})
	_, page, _ = p.do("GET", "/about", nil)
	if got := footerLines(page); !strings.Contains(got, "llama al número de emergencias de tu país") || strings.Contains(got, "988") {
		t.Errorf("after choosing another country the foot reads %q", got)
	}
	if code, text, _ := p.post("/country", url.Values{"country": {"Atlantis"}, "next": {"/about"}}); code != http.StatusBadRequest ||
		!strings.Contains(text, "Kinship no conoce ese país. Elige uno de la lista.") {
		t.Errorf("an unknown country: %d %s", code, text)
	}

	guess, _ := startServer(t)
	v := newPerson(t, guess)
	v.lang = "es-ES,es;q=0.9"
	_, page, _ = v.do("GET", "/about", nil)
	if got := footerLines(page); strings.Contains(got, "988") {
		t.Errorf("with no default country a Spanish browser should not be guessed into the US: %q", got)
	}
}

// submitAndWait taps the button sel and waits for the page the form
// leads to: the page it leaves is marked, as both may hold the same
// elements (the foot's country switch is on every page).
func submitAndWait(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.before = "1"`),
		chromedp.Click(chromedp.CSS(sel)), chromedp.WaitNotPresent(chromedp.CSS(`html[data-before]`)),
		chromedp.WaitVisible(chromedp.CSS(`#crisis-help`)))
}

// On a phone: a visitor in Spanish reads the US lines and the switch at
// the foot of the first page, and changes them to Mexico's. Bo, whose
// profile says Mexico (his location seen by connections and closer, the
// default), calls for support; Ash, his partner in the US, reads on the
// call the lines where Bo is, with why, and Bo's privacy log says Ash saw
// the country he is in. Once Bo keeps his location to himself, Ash reads
// no word of Mexico: his own country's lines, and that Bo may be
// elsewhere, in English and in Spanish; Bo's log records no more sight of
// his country.
func TestBrowserCountryLinesAndTheCallersLines(t *testing.T) {
	exe := chromium(t)
	base, a := startServerWith(t, app.Options{DefaultCountry: "US"})
	ash, bo := cast(t, a)
	asAsh, asBo := app.WithActor(context.Background(), &app.Actor{User: ash}), app.WithActor(context.Background(), &app.Actor{User: bo})
	if _, err := a.UpdateMe(asAsh, func(p *model.Profile) { p.Country = "United States"; p.TimeZone = "America/Chicago" }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMe(asBo, func(p *model.Profile) { p.Country = "México"; p.TimeZone = "America/Mexico_City" }); err != nil {
		t.Fatal(err)
	}
	inv, err := a.InvitePartner(asBo, ash.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RespondPartner(asAsh, inv.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RequestSupport(asBo); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS

	ctx, done := phone(t, exe)
	defer done()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "es-ES,es;q=0.9"}}); err != nil {
		t.Fatal(err)
	}
	st.do(ctx, "a visitor in Spanish", chromedp.Navigate(base+"/about"), chromedp.WaitVisible(css(`#country-switch`)))
	if got := st.text(ctx, `#crisis-help`); !strings.Contains(got, "Llamar al 988") {
		t.Errorf("the first page's lines read %q", got)
	}
	if got := st.text(ctx, `#country-switch label`); got != "Líneas de crisis de" {
		t.Errorf("the switch reads %q", got)
	}
	shotHere(t, ctx, "#crisis-help", "visitor-lines-default-country-es.png")
	st.do(ctx, "choose Mexico", chromedp.SetValue(css(`#lines-country`), "MX"), submitAndWait(`#country-switch button`))
	if got := st.text(ctx, `#crisis-help`); !strings.Contains(got, "Línea de la Vida") || strings.Contains(got, "988") {
		t.Errorf("after choosing Mexico the lines read %q", got)
	}
	shotHere(t, ctx, "#crisis-help", "visitor-lines-chose-mexico-es.png")

	ashCtx, closeAsh := phone(t, exe)
	defer closeAsh()
	st.signIn(ashCtx, base, "ash@example.org", "amber meadow trail")
	st.do(ashCtx, "open Bo's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	card := st.text(ashCtx, `#to-respond > li`)
	if !strings.Contains(card, "Crisis lines where Bo is, in Mexico") || !strings.Contains(card, "Línea de la Vida") ||
		!strings.Contains(card, "your emergency number may not reach them") {
		t.Errorf("Bo's call reads:\n%s", card)
	}
	if got := st.text(ashCtx, `#crisis-help`); !strings.Contains(got, "988") {
		t.Errorf("Ash's own lines at the foot read %q", got)
	}
	shotHere(t, ashCtx, "#to-respond", "respond-callers-lines.png")

	asBoWeb := newPerson(t, base)
	if code, _, _ := asBoWeb.post("/login", url.Values{"email": {"bo@example.org"}, "password": {"cobalt river stone"}}); code != http.StatusOK {
		t.Fatalf("Bo signs in: %d", code)
	}
	const sawCountry = "Ash Saw your call for support: the country you are in"
	_, log := asBoWeb.get("/settings/privacy")
	views := readsInLog(log, "Ash Saw your call for support")
	if readsInLog(log, sawCountry) != 1 {
		t.Errorf("Bo's privacy log should say once that Ash saw his country:\n%s", log)
	}

	if _, err := a.UpdateMe(asBo, func(p *model.Profile) { p.Visibility["location"] = model.VisOnlyMe }); err != nil {
		t.Fatal(err)
	}
	st.do(ashCtx, "open Bo's call again", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	card = st.text(ashCtx, `#to-respond > li`)
	if !strings.Contains(card, "Crisis lines where you are, in the United States") || !strings.Contains(card, "988") ||
		!strings.Contains(card, "Bo keeps where they are private, so they may be in another country: your emergency number may not reach them there.") ||
		strings.Contains(card, "Mexico") || strings.Contains(card, "Línea de la Vida") {
		t.Errorf("with Bo's location kept to himself, his call reads:\n%s", card)
	}
	shotHere(t, ashCtx, "#to-respond", "respond-caller-location-private.png")

	ashES := newPerson(t, base)
	ashES.lang = "es-MX,es;q=0.9"
	if code, _, _ := ashES.post("/login", url.Values{"email": {"ash@example.org"}, "password": {"amber meadow trail"}}); code != http.StatusOK {
		t.Fatalf("Ash signs in: %d", code)
	}
	_, page := ashES.get("/support/respond")
	if !strings.Contains(page, "Líneas de crisis donde estás tú, en Estados Unidos") ||
		!strings.Contains(page, "Bo no comparte dónde está, así que puede estar en otro país") || strings.Contains(page, "México") {
		t.Errorf("in Spanish, Bo's call reads:\n%s", page)
	}
	_, log = asBoWeb.get("/settings/privacy")
	if n, more := readsInLog(log, sawCountry), readsInLog(log, "Ash Saw your call for support")-views; n != 1 || more < 2 {
		t.Errorf("after Ash saw the call %d more times without his country, Bo's log says %d times that Ash saw it:\n%s", more, n, log)
	}
}

// On a phone, Ash (profile: the United States) switches the foot's lines
// to Mexico on this device, then saves Ireland as his profile's country:
// what he said last wins, so the foot reads Ireland's lines, and the
// switch shows Ireland. A switch made after that save wins again (Mexico).
// A device that kept a choice from before the cookie said when (the value
// "MX" alone) reads the country his profile was saved with since.
func TestBrowserProfileCountrySavedAfterTheSwitchWins(t *testing.T) {
	exe := chromium(t)
	base, a := startServerWith(t, app.Options{DefaultCountry: "US"})
	ash, _ := cast(t, a)
	if _, err := a.UpdateMe(app.WithActor(context.Background(), &app.Actor{User: ash}), func(p *model.Profile) {
		p.Country = "US"
		p.TimeZone = "America/Chicago"
	}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	ctx, done := phone(t, exe)
	defer done()
	st.signIn(ctx, base, "ash@example.org", "amber meadow trail")
	chooseMexico := func(step string) {
		t.Helper()
		st.do(ctx, step, chromedp.Navigate(base+"/about"), chromedp.WaitVisible(css(`#country-switch`)),
			chromedp.SetValue(css(`#lines-country`), "MX"), submitAndWait(`#country-switch button`))
		if got := st.text(ctx, `#crisis-help`); !strings.Contains(got, "Línea de la Vida") || strings.Contains(got, "988") || strings.Contains(got, "116 123") {
			t.Errorf("%s: the foot reads %q", step, got)
		}
	}
	chooseMexico("switch the foot to Mexico")

	st.do(ctx, "save Ireland as the profile's country", chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(css(`#f-country`)),
		chromedp.SetValue(css(`#f-country`), "IE"), submitAndWait(`form.profile button[type=submit]`))
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`)); got != "/profile?saved=1" {
		t.Fatalf("after saving the profile the page is %q", got)
	}
	if got := st.text(ctx, `#crisis-help`); !strings.Contains(got, "Samaritans Ireland") || !strings.Contains(got, "116 123") ||
		strings.Contains(got, "Línea de la Vida") {
		t.Errorf("after saving Ireland in the profile, the foot reads %q", got)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(css(`#lines-country`))); got != "IE" {
		t.Errorf("the switch shows %q, want Ireland", got)
	}
	shotHere(t, ctx, "#crisis-help", "lines-profile-country-saved-after-switch.png")

	chooseMexico("switch the foot to Mexico after the save")

	old := newPerson(t, base)
	if code, _, _ := old.post("/login", url.Values{"email": {"ash@example.org"}, "password": {"amber meadow trail"}}); code != http.StatusOK {
		t.Fatalf("Ash signs in: %d", code)
	}
	u, _ := url.Parse(base)
	old.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kinship_country", Value: "MX", Path: "/"}})
	_, page, _ := old.do("GET", "/about", nil)
	if got := footerLines(page); !strings.Contains(got, "116 123") || strings.Contains(got, "Línea de la Vida") {
		t.Errorf("with a choice kept before the cookie said when, the foot reads %q", got)
	}
}

// readsInLog is how many reads the privacy log's text says the rows
// beginning with what stand for: a row alone is one read, and reads
// alike within an hour are one row that says "N times, from ... to ...".
// A row that goes on past what with ": ..." is another kind of read and
// is not counted (what "Ash Saw your call for support" leaves out "Ash Saw
// your call for support: the country you are in").
func readsInLog(log, what string) int {
	n := 0
	for _, rest := range strings.Split(log, what)[1:] {
		if strings.HasPrefix(rest, ":") {
			continue
		}
		if m := readsFolded.FindStringSubmatch(rest); m != nil {
			k, _ := strconv.Atoi(m[1])
			n += k
			continue
		}
		n++
	}
	return n
}

var readsFolded = regexp.MustCompile(`^\s*(\d+) times,`)
