package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestLineDescriptionsByLanguage walks walk15's W15-7 (walk13's W13-7) in
// the API: a line an admin adds for Chile is described in English and in
// Spanish (descriptions, by language), and a line described only in
// Spanish answers that description for readers of any other language too.
// A language Kinship does not speak, or a description of 301 characters,
// is a 400 naming descriptions.<code>, and nothing is written. Shipped
// lines answer as before, with descriptions {}.
func TestLineDescriptionsByLanguage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, adminTok := newEnvWithAdmin(t, db)
		e.enableMFA(adminTok)
		count := func() int {
			return len(e.do("GET", "/api/v1/admin/crisis-resources", adminTok, nil).JSON(t)["resources"].([]any))
		}
		before := count()

		en := "Health advice and psychological support from the Ministry of Health, 24 hours a day."
		es := "Orientación en salud y apoyo psicológico del Ministerio de Salud, las 24 horas."
		r := e.do("POST", "/api/v1/admin/crisis-resources", adminTok, map[string]any{"country": "CL", "name": "Salud Responde",
			"contact": "Llama al 600 360 7777", "kind": "call", "position": 3, "languages": []string{"es"},
			"description": en, "descriptions": map[string]string{"es": " " + es + " "}})
		expectStatus(t, r, http.StatusCreated)
		v := r.JSON(t)
		if v["description"] != en || v["descriptions"].(map[string]any)["es"] != es {
			t.Fatalf("the line added: %s", r.Body)
		}
		r = e.do("POST", "/api/v1/admin/crisis-resources", adminTok, map[string]any{"country": "CL", "name": "Línea Libre",
			"contact": "Llama al 1515", "kind": "call", "position": 4, "languages": []string{"es"},
			"descriptions": map[string]string{"es": "Apoyo psicológico para jóvenes, por teléfono o chat."}})
		expectStatus(t, r, http.StatusCreated)
		if v := r.JSON(t); v["description"] != "Apoyo psicológico para jóvenes, por teléfono o chat." {
			t.Errorf("a line described only in Spanish answers description %q, want the Spanish one (never blank)", v["description"])
		}

		// Chile's lines as a client reads them: each with its descriptions.
		byName := map[string]map[string]any{}
		for _, l := range e.do("GET", "/api/v1/support/resources?country=CL", "", nil).JSON(t)["resources"].([]any) {
			m := l.(map[string]any)
			byName[m["name"].(string)] = m
		}
		if l := byName["Salud Responde"]; l == nil || l["description"] != en || l["descriptions"].(map[string]any)["es"] != es {
			t.Errorf("Salud Responde as a client reads it: %v", l)
		}
		if len(byName) < 4 {
			t.Errorf("Chile's lines: %v, want the shipped ones and the two added", byName)
		}
		for name, l := range byName {
			if name == "Salud Responde" || name == "Línea Libre" {
				continue
			}
			if d, ok := l["descriptions"].(map[string]any); !ok || len(d) != 0 || l["description"] == "" {
				t.Errorf("shipped line %s answers descriptions %v and description %q, want {} and its own", name, l["descriptions"], l["description"])
			}
		}

		for _, c := range []struct {
			what   string
			descs  map[string]string
			field  string
			detail string
		}{
			{"German", map[string]string{"de": "Beratung rund um die Uhr."}, "descriptions.de",
				"give descriptions in a language Kinship speaks: en (English) or es (Spanish)"},
			{"301 characters", map[string]string{"es": strings.Repeat("a", 301)}, "descriptions.es", "keep it to 300 characters"},
		} {
			r := e.do("POST", "/api/v1/admin/crisis-resources", adminTok, map[string]any{"country": "CL", "name": "Línea " + c.what,
				"contact": "Llama al 600 000 0000", "kind": "call", "descriptions": c.descs})
			if r.Status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400: %s", c.what, r.Status, r.Body)
				continue
			}
			list, _ := problemOf(t, r)["errors"].([]any)
			if len(list) != 1 || list[0].(map[string]any)["name"] != c.field || list[0].(map[string]any)["detail"] != c.detail {
				t.Errorf("%s: errors %v, want %s: %q", c.what, list, c.field, c.detail)
			}
		}
		if n := count(); n != before+2 {
			t.Errorf("%d lines after two added and two refused, want %d", n, before+2)
		}
	})
}
