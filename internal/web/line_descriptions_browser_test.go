package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserLineDescribedInEachLanguage walks walk15's W15-7 (walk13's
// W13-7) on phones: Tunde, the site admin, adds Chile's Salud Responde
// with its description in English and in Spanish. A Spanish description
// of 301 characters gives him the form again, in English and in Spanish,
// with the error under that field and everything he typed kept, and
// nothing saved. Valentina, reading Spanish, then reads the Spanish
// description on her support page, and Ash, reading English, the English
// one; a line described only in Spanish is read in Spanish by Ash, never
// blank; a line Kinship came with reads as before (its translation).
func TestBrowserLineDescribedInEachLanguage(t *testing.T) {
	base, a := startServer(t)
	tunde := account(t, a, "tunde@example.org", "lantern over the bay", "Tunde", model.RoleSiteAdmin)
	secret := withMFA(t, a, tunde)
	valentina := account(t, a, "valentina@example.org", "cobalt river stone", "Valentina", model.RoleMember)
	if err := a.SetLanguage(asUser(valentina), "es"); err != nil {
		t.Fatal(err)
	}
	account(t, a, "ash@example.org", "amber meadow trail", "Ash", model.RoleMember)
	const (
		en = "Health advice and psychological support from the Ministry of Health, 24 hours a day."
		es = "Orientación en salud y apoyo psicológico del Ministerio de Salud, las 24 horas."
	)
	long := strings.Repeat("Apoyo ", 50) + "!" // 301 characters

	tab := signedInPhone(t, base, "tunde@example.org", "lantern over the bay")
	st := steps{t}
	st.mfaStep(tab, secret)
	fill := func(spanish string) {
		t.Helper()
		st.do(tab, "the form", chromedp.Navigate(base+"/admin/crisis-resources"), chromedp.WaitVisible(css(`#f-id`)),
			chromedp.SetValue(css(`#f-country`), "CL"), chromedp.SetValue(css(`#f-name`), "Salud Responde"),
			chromedp.SetValue(css(`#f-contact`), "Llama al 600 360 7777"), chromedp.SetValue(css(`#f-kind`), "text"),
			chromedp.SetValue(css(`#f-description`), en), chromedp.SetValue(css(`[id="f-descriptions.es"]`), spanish),
			chromedp.SetValue(css(`#f-languages`), "es"), chromedp.SetValue(css(`#f-position`), "3"))
		st.do(tab, "save", chromedp.Click(css(`#add-line ~ form button[type=submit]`)))
		st.until(tab, "the answer", `document.readyState === 'complete' && (!!document.querySelector('.field-error') || location.search.includes('done'))`)
	}
	for _, c := range []struct{ lang, label, err string }{
		{"en", "When to use it, in Spanish", "Keep it to 300 characters"},
		{"es", "Cuándo usarla, en español", "Usa hasta 300 caracteres"},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		fill(long)
		if got := st.text(tab, `label[for="f-descriptions.es"]`); got != c.label {
			t.Errorf("%s: the Spanish description's label reads %q, want %q", c.lang, got, c.label)
		}
		if got := st.text(tab, `[id="e-descriptions.es"]`); !strings.EqualFold(got, c.err) {
			t.Errorf("%s: under the Spanish description the form reads %q, want %q", c.lang, got, c.err)
		}
		kept := eval[[]string](t, tab, "the fields", `['f-country', 'f-name', 'f-contact', 'f-kind', 'f-description', 'f-descriptions.es', 'f-languages']`+
			`.map(id => document.getElementById(id).value)`)
		if want := []string{"CL", "Salud Responde", "Llama al 600 360 7777", "text", en, long, "es"}; strings.Join(kept, "|") != strings.Join(want, "|") {
			t.Errorf("%s: the form again holds %q, want what Tunde typed %q", c.lang, kept, want)
		}
		shotHere(t, tab, `label[for=f-kind]`, "line-descriptions-too-long-"+c.lang+".png")
		if rs, _ := a.AllCrisisResources(asUser(tunde)); hasLine(rs, "Salud Responde") {
			t.Fatalf("%s: a line with a 301-character description was saved", c.lang)
		}
	}
	fill(es)
	if got := st.text(tab, `p.notice`); !strings.Contains(got, "Guardado") {
		t.Errorf("after saving the page reads %q, want Guardado", got)
	}
	// A line the admin described only in Spanish.
	if _, err := a.SaveCrisisResource(asUser(tunde), app.HelpResourceInput{Country: "CL", Name: "Línea Libre", Contact: "Llama al 1515", Kind: "call",
		Position: 4, Languages: []string{"es"}, Descriptions: map[string]string{"es": "Apoyo psicológico para jóvenes, por teléfono o chat."}}); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		who, email, pw string
		want           []string // card beginnings: the name, then the description somewhere on it
		shipped        string   // Chile's suicide prevention line, as it read before
	}{
		{"valentina", "valentina@example.org", "cobalt river stone",
			[]string{"Salud Responde", es, "Línea Libre", "Apoyo psicológico para jóvenes, por teléfono o chat."},
			"Si piensas en el suicidio"},
		{"ash", "ash@example.org", "amber meadow trail",
			[]string{"Salud Responde", en, "Línea Libre", "Apoyo psicológico para jóvenes, por teléfono o chat."},
			"If you are thinking about suicide, or are worried about someone."},
	} {
		reader := signedInPhone(t, base, c.email, c.pw)
		st.do(reader, c.who+"'s support page", chromedp.Navigate(base+"/support?country=CL"), chromedp.WaitVisible(css(`ul.helplines`)))
		cards := eval[[]string](t, reader, "the lines", `[...document.querySelectorAll('ul.helplines > li')].map(li => li.innerText)`)
		card := func(name string) string {
			for _, s := range cards {
				if strings.HasPrefix(s, name) {
					return s
				}
			}
			t.Errorf("%s: no line %q among %q", c.who, name, cards)
			return ""
		}
		for i := 0; i < len(c.want); i += 2 {
			if got := card(c.want[i]); !strings.Contains(got, c.want[i+1]) {
				t.Errorf("%s: %s reads %q, want its description %q", c.who, c.want[i], got, c.want[i+1])
			}
		}
		if got := card("Salud Responde"); c.who == "valentina" && strings.Contains(got, en) || c.who == "ash" && strings.Contains(got, es) {
			t.Errorf("%s: Salud Responde is described in the other language: %q", c.who, got)
		}
		if got := card("Línea de Prevención del Suicidio"); !strings.Contains(got, c.shipped) {
			t.Errorf("%s: Chile's shipped suicide prevention line reads %q, want %q as before", c.who, got, c.shipped)
		}
		shot(t, reader, "line-descriptions-"+c.who+".png")
	}
}

// hasLine says whether rs holds a line named name.
func hasLine(rs []app.HelpResource, name string) bool {
	for _, r := range rs {
		if r.Name == name {
			return true
		}
	}
	return false
}
