package web

import (
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
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
