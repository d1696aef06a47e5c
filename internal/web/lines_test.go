package web

import (
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// Crisis lines render as links a phone acts on: tel: and sms: get through
// html/template (which would otherwise write #ZgotmplZ), anything else is "#".
func TestLinesRenderAsPhoneLinks(t *testing.T) {
	p := New(nil, nil, Options{})
	us := &app.CrisisLines{Country: "US",
		Emergency: &app.HelpResource{Name: "Emergency", Contact: "911", Kind: "emergency", Actions: app.ContactActions("911", "emergency")},
		Lines: []app.HelpResource{{Name: "988 Suicide & Crisis Lifeline", Contact: "Call or text 988", Kind: "call", Actions: app.ContactActions("Call or text 988", "call")},
			{Name: "Crisis Text Line", Contact: "Text HOME to 741741", Kind: "text", Actions: app.ContactActions("Text HOME to 741741", "text")}},
		Elsewhere: []app.CountryLines{{Country: "GB", Name: "United Kingdom", Lines: []app.HelpResource{{Name: "Samaritans", Contact: "Call 116 123", Actions: app.ContactActions("Call 116 123", "call")}}}}}
	var b strings.Builder
	if err := p.pages["support"].Execute(&b, view{Title: "Support", Data: supportData{Lines: us, Support: &app.Support{}}, Help: us}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`href="tel:911"`, `href="tel:988"`, `href="sms:988"`, `href="sms:741741?&amp;body=HOME"`, "Lines in other countries", `href="tel:116123"`} {
		if !strings.Contains(html, want) {
			t.Errorf("support page lacks %s", want)
		}
	}
	if strings.Contains(html, "ZgotmplZ") {
		t.Error("a line's link was refused by html/template")
	}
	// The other countries' lines are behind the disclosure, after the country's own.
	if i, j := strings.Index(html, "Lines in other countries"), strings.Index(html, "tel:988"); i < j {
		t.Error("other countries' lines come before the member's own")
	}
	for in, want := range map[string]string{"tel:911": "tel:911", "sms:741741?&body=HOME": "sms:741741?&body=HOME", "https://findahelpline.com": "https://findahelpline.com", "javascript:alert(1)": "#", "tel:9\"11": "#"} {
		if got := string(lineHref(in)); got != want {
			t.Errorf("lineHref(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLineDescriptionInReadersLanguage: a line's description is read in
// the reader's language where the admin gave one in it, else the other
// one given, never blank; a line with only its one description (every
// line before descriptions came) reads as before: translated where it is
// a line Kinship came with, as written otherwise (walk15 W15-7).
func TestLineDescriptionInReadersLanguage(t *testing.T) {
	en, es := i18n.For("en"), i18n.For("es")
	both := app.HelpResource{ID: "01JSALUDRESPONDE0000000000", Name: "Salud Responde", Contact: "Llama al 600 360 7777",
		Description: "Health advice, 24 hours a day.", Descriptions: map[string]string{"es": "Orientación en salud, las 24 horas."}}
	onlyES := app.HelpResource{ID: "01JLINEALIBRE0000000000000", Name: "Línea Libre", Contact: "Llama al 1515",
		Description: "Apoyo para jóvenes.", Descriptions: map[string]string{"es": "Apoyo para jóvenes."}}
	old := app.HelpResource{ID: "01JOLDLINE0000000000000000", Name: "Línea Amiga", Contact: "Call 555 0100", Description: "Peer support."}
	shipped := app.HelpResource{ID: model.SeedID("cl-4141"), Name: "Línea de Prevención del Suicidio", Contact: "Call *4141",
		Description: "If you are thinking about suicide, or are worried about someone. Free, confidential, 24 hours a day, from the Ministry of Health."}
	for _, c := range []struct {
		l    *i18n.Lang
		r    app.HelpResource
		want string
	}{
		{en, both, "Health advice, 24 hours a day."},
		{es, both, "Orientación en salud, las 24 horas."},
		{en, onlyES, "Apoyo para jóvenes."},
		{es, onlyES, "Apoyo para jóvenes."},
		{en, old, "Peer support."},
		{es, old, "Peer support."},
		{en, shipped, shipped.Description},
		{es, shipped, "Si piensas en el suicidio, o te preocupa alguien. Gratuita, confidencial, las 24 horas, del Ministerio de Salud."},
	} {
		if got := lineIn(c.l, c.r).Description; got != c.want {
			t.Errorf("%s reading %s: %q, want %q", c.l.Code, c.r.Name, got, c.want)
		}
	}
}
