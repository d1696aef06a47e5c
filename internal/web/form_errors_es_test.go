package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A member who reads Spanish and sends a check-in the app refuses reads
// why in Spanish, beside the field, with what they wrote still in the form.
func TestCheckinFormErrorsInSpanish(t *testing.T) {
	_, _, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Los_Angeles")
	if code, text, _ := ana.post("/language", url.Values{"lang": {"es"}, "next": {"/checkin"}}); code != http.StatusOK || !strings.Contains(text, "Necesito apoyo ahora") {
		t.Fatalf("choosing Spanish: %d %.300s", code, text)
	}
	tags := "uno, dos, tres, cuatro, cinco, seis, siete, ocho, nueve, diez, once"
	code, text, _ := ana.post("/checkin", url.Values{"mood": {"9"}, "craving": {"2"}, "used": {"false"}, "note": {"una tarde tranquila"}, "tags": {tags}})
	if code != http.StatusBadRequest {
		t.Errorf("a refused check-in: status %d", code)
	}
	for _, want := range []string{"Corrige los campos marcados", "Elige un estado de ánimo de 1 (muy bajo) a 5 (muy bueno)", "Usa como máximo 10 etiquetas", "una tarde tranquila"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refused check-in lacks %q: %.2000s", want, text)
		}
	}
	for _, english := range []string{"choose a mood", "use at most 10 tags", "please correct"} {
		if strings.Contains(strings.ToLower(text), english) {
			t.Errorf("the Spanish page reads the English %q", english)
		}
	}
}
