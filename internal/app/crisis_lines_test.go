package app

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store"
)

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{
		"US": "US", "us": "US", "USA": "US", "U.S.A.": "US", "United States": "US", "united states of america": "US", " Estados Unidos ": "US",
		"MX": "MX", "Mexico": "MX", "México": "MX", "MEXICO": "MX", "MEX": "MX",
		"GB": "GB", "UK": "GB", "United Kingdom": "GB", "Scotland": "GB", "GBR": "GB",
		"AU": "AU", "Australia": "AU", "AUS": "AU",
		"DE": "DE", "NZ": "NZ", "Aotearoa New Zealand": "NZ",
		"": "", "Narnia": "", "ZZ": "", "EU": "", "123": "",
	} {
		if got := CountryCode(in); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVisitorCountry(t *testing.T) {
	cases := []struct{ lang, zone, want string }{
		{"en-US,en;q=0.9", "", "US"},
		{"es-MX,es;q=0.9,en;q=0.8", "America/Los_Angeles", "US"}, // where the phone is, not where the Spanish is from
		{"es-MX,es;q=0.9", "", "MX"},                             // no zone yet: the language's region
		{"en-US,en;q=0.9", "Europe/Dublin", "IE"},                // an American browser in Ireland needs Ireland's lines
		{"en-US", "Asia/Tokyo", "JP"},                            // 988 does not answer from Japan
		{"en-GB", "UTC", "GB"},                                   // a zone that names no country
		{"en-GB", "", "GB"},
		{"en-AU,en;q=0.9", "", "AU"},
		{"es", "America/Mexico_City", "MX"}, // no region: the time zone
		{"en", "Australia/Sydney", "AU"},
		{"en", "Europe/London", "GB"},
		{"en", "America/Indiana/Indianapolis", "US"},
		{"", "", ""},
		{"fr", "Asia/Tokyo", "JP"}, // a country without lines of its own: the international directory
		{"garbage;;q=", "Nowhere/Else", ""},
	}
	for _, c := range cases {
		if got := VisitorCountry(c.lang, c.zone); got != c.want {
			t.Errorf("VisitorCountry(%q, %q) = %q, want %q", c.lang, c.zone, got, c.want)
		}
	}
}

func TestContactActions(t *testing.T) {
	cases := []struct {
		contact, kind string
		want          []ContactAction
	}{
		{"Call or text 988", "call", []ContactAction{{"call", "Call 988", "tel:988", "988", "", ""}, {"text", "Text 988", "sms:988", "988", "", ""}}},
		{"Text HOME to 741741", "text", []ContactAction{{"text", "Text HOME to 741741", "sms:741741?&body=HOME", "741741", "HOME", ""}}},
		{"1-800-662-4357", "call", []ContactAction{{"call", "Call 1-800-662-4357", "tel:18006624357", "1-800-662-4357", "", ""}}},
		{"911", "emergency", []ContactAction{{"call", "Call 911", "tel:911", "911", "", ""}}},
		{"112 or 999", "emergency", []ContactAction{{"call", "Call 112", "tel:112", "112", "", ""}, {"call", "Call 999", "tel:999", "999", "", ""}}},
		{"Call 13 11 14 or text 0477 13 11 14", "call", []ContactAction{{"call", "Call 13 11 14", "tel:131114", "13 11 14", "", ""}, {"text", "Text 0477 13 11 14", "sms:0477131114", "0477 13 11 14", "", ""}}},
		{"https://findahelpline.com", "web", []ContactAction{{"web", "findahelpline.com", "https://findahelpline.com", "https://findahelpline.com", "", ""}}},
		{"Your local emergency number", "emergency", []ContactAction{}},
		// As the Spanish catalog writes 988's contact for a Spanish reader.
		{"Llama al 988 o envía AYUDA al 988", "call", []ContactAction{{"call", "Call 988", "tel:988", "988", "", ""}, {"text", "Text AYUDA to 988", "sms:988?&body=AYUDA", "988", "AYUDA", ""}}},
		{"Llama al 800 911 2000", "call", []ContactAction{{"call", "Call 800 911 2000", "tel:8009112000", "800 911 2000", "", ""}}},
		// Chile's suicide prevention line is dialled with its star (walk6).
		{"Call *4141", "call", []ContactAction{{"call", "Call *4141", "tel:*4141", "*4141", "", ""}}},
		{"100 or 102", "emergency", []ContactAction{{"call", "Call 100", "tel:100", "100", "", ""}, {"call", "Call 102", "tel:102", "102", "", ""}}},
		// Argentina's Centro de Asistencia al Suicida: a short number and a long one, in either language (walk13).
		{"Call 135 or 011 5275-1135", "call", []ContactAction{{"call", "Call 135", "tel:135", "135", "", ""}, {"call", "Call 011 5275-1135", "tel:01152751135", "011 5275-1135", "", ""}}},
		{"Llama al 135 o al 011 5275-1135", "call", []ContactAction{{"call", "Call 135", "tel:135", "135", "", ""}, {"call", "Call 011 5275-1135", "tel:01152751135", "011 5275-1135", "", ""}}},
		// Nigeria's SURPIN: a toll-free number in groups, in either language (walk14).
		{"Call 0800 078 7746", "call", []ContactAction{{"call", "Call 0800 078 7746", "tel:08000787746", "0800 078 7746", "", ""}}},
		{"Llama al 0800 078 7746", "call", []ContactAction{{"call", "Call 0800 078 7746", "tel:08000787746", "0800 078 7746", "", ""}}},
		// A country's emergency numbers, each with what it reaches (fixes16: Japan's buttons said 119 and 110, not which was which).
		{"119 (ambulance, fire) or 110 (police)", "emergency", []ContactAction{{"call", "Call 119 (ambulance, fire)", "tel:119", "119", "", "ambulance, fire"},
			{"call", "Call 110 (police)", "tel:110", "110", "", "police"}}},
		{"107 (ambulancia) o 911 (policía)", "emergency", []ContactAction{{"call", "Call 107 (ambulancia)", "tel:107", "107", "", "ambulancia"},
			{"call", "Call 911 (policía)", "tel:911", "911", "", "policía"}}},
	}
	for _, c := range cases {
		if got := ContactActions(c.contact, c.kind); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ContactActions(%q) = %+v, want %+v", c.contact, got, c.want)
		}
	}
}

// The lines shown: the country's emergency number first and only that
// country's lines up front; every other country's apart.
func TestLinesOf(t *testing.T) {
	all := []HelpResource{
		{ID: "au-000", Country: "AU", Kind: "emergency", Contact: "000"}, {ID: "au-lifeline", Country: "AU", Kind: "call", Contact: "Call 13 11 14"},
		{ID: "gb-999", Country: "GB", Kind: "emergency", Contact: "999"}, {ID: "gb-samaritans", Country: "GB", Kind: "call", Contact: "Call 116 123"},
		{ID: "intl-emergency", Country: "INTL", Kind: "emergency", Contact: "Your local emergency number"}, {ID: "intl-findahelpline", Country: "INTL", Kind: "web", Contact: "https://findahelpline.com"},
		{ID: "mx-911", Country: "MX", Kind: "emergency", Contact: "911"}, {ID: "mx-lineadelavida", Country: "MX", Kind: "call", Contact: "Call 800 911 2000"},
		{ID: "us-911", Country: "US", Kind: "emergency", Contact: "911"}, {ID: "us-988", Country: "US", Kind: "call", Contact: "Call or text 988"},
	}
	cases := []struct{ country, emergency, line string }{
		{"United States", "us-911", "us-988"}, {"México", "mx-911", "mx-lineadelavida"}, {"UK", "gb-999", "gb-samaritans"},
		{"AU", "au-000", "au-lifeline"}, {"Narnia", "intl-emergency", "intl-findahelpline"}, {"DE", "intl-emergency", "intl-findahelpline"},
	}
	for _, c := range cases {
		l := linesOf(CountryCode(c.country), all)
		if l.Emergency == nil || l.Emergency.ID != c.emergency || len(l.Lines) != 1 || l.Lines[0].ID != c.line {
			t.Errorf("%s: emergency %+v, lines %+v", c.country, l.Emergency, l.Lines)
			continue
		}
		seen := 0
		for _, e := range l.Elsewhere {
			for _, r := range e.Lines {
				seen++
				if strings.HasPrefix(r.ID, strings.ToLower(CountryCode(c.country))+"-") {
					t.Errorf("%s: its own line %s is among other countries'", c.country, r.ID)
				}
			}
		}
		if seen != len(all)-2 {
			t.Errorf("%s: %d lines in other countries, want %d", c.country, seen, len(all)-2)
		}
	}
}

// A Spanish reader sees first the lines that answer in Spanish; the order
// is otherwise kept, and the emergency number stays apart.
func TestPreferLanguage(t *testing.T) {
	c := &CrisisLines{Emergency: &HelpResource{ID: "us-911"}, Lines: []HelpResource{
		{ID: "us-ctl"}, {ID: "us-988", Languages: []string{"en", "es"}}, {ID: "us-other", Languages: []string{"en"}}, {ID: "us-samhsa", Languages: []string{"en", "es"}},
	}, Elsewhere: []CountryLines{{Country: "GB", Lines: []HelpResource{{ID: "gb-samaritans", Languages: []string{"en"}}}},
		{Country: "MX", Lines: []HelpResource{{ID: "mx-a"}, {ID: "mx-lineadelavida", Languages: []string{"es"}}}}}}
	ids := func(ls []HelpResource) string {
		var out []string
		for _, l := range ls {
			out = append(out, l.ID)
		}
		return strings.Join(out, " ")
	}
	c.PreferLanguage("es-419")
	if got := ids(c.Lines); got != "us-988 us-samhsa us-ctl us-other" {
		t.Errorf("a Spanish reader's order: %s", got)
	}
	if got := ids(c.Elsewhere[1].Lines); got != "mx-lineadelavida mx-a" {
		t.Errorf("Mexico's lines for a Spanish reader: %s", got)
	}
	if c.Emergency.ID != "us-911" {
		t.Errorf("emergency moved: %s", c.Emergency.ID)
	}
	if got, ok := lineLanguages([]string{" ES", "es-MX", "fr", ""}); !ok || strings.Join(got, ",") != "es,fr" {
		t.Errorf("lineLanguages: %v %v", got, ok)
	}
	if _, ok := lineLanguages([]string{"Spanish please"}); ok {
		t.Error("a sentence taken as a language")
	}
}

// TestLineDescriptionNeverBlank: a line described only in Spanish answers
// that description for readers of any other language; a line described in
// both answers each by language; a line with its one description (every
// line before descriptions came) answers it to everyone, as before.
func TestLineDescriptionNeverBlank(t *testing.T) {
	onlyES := helpResource(&store.CrisisResource{Name: "Línea Libre", Descriptions: map[string]string{"es": "Apoyo para jóvenes."}})
	both := helpResource(&store.CrisisResource{Name: "Salud Responde", Description: "Health advice.", Descriptions: map[string]string{"es": "Orientación en salud."}})
	old := helpResource(&store.CrisisResource{Name: "Línea Amiga", Description: "Peer support."})
	for _, c := range []struct {
		r          HelpResource
		code, want string
		own        bool
	}{
		{onlyES, "en", "Apoyo para jóvenes.", false},
		{onlyES, "es-CL", "Apoyo para jóvenes.", true},
		{both, "en", "Health advice.", false},
		{both, "es", "Orientación en salud.", true},
		{old, "es", "Peer support.", false},
	} {
		if got, own := c.r.DescriptionIn(c.code); got != c.want || own != c.own {
			t.Errorf("%s in %s: %q (own %v), want %q (own %v)", c.r.Name, c.code, got, own, c.want, c.own)
		}
	}
	if old.Descriptions == nil || len(old.Descriptions) != 0 {
		t.Errorf("a line with one description answers descriptions %v, want {}", old.Descriptions)
	}
}
