package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBARC10CatalogIsThePublishedText: the catalog's English BARC-10
// statements and answers are the instrument's, word for word (the page
// shows the catalog's, so a change to either must change both).
func TestBARC10CatalogIsThePublishedText(t *testing.T) {
	en := i18n.For("en")
	for i, item := range model.BARC10Items {
		if got := en.T("barc.item." + strconv.Itoa(i+1)); got != item {
			t.Errorf("barc.item.%d reads %q, the instrument %q", i+1, got, item)
		}
	}
	for i, s := range model.BARC10Scale {
		if got := en.T("barc.scale." + strconv.Itoa(i+1)); got != s {
			t.Errorf("barc.scale.%d reads %q, the instrument %q", i+1, got, s)
		}
	}
}

// A member who reads Spanish takes the BARC-10 in Spanish, told it is an
// unvalidated translation, and reads their trends in Spanish; a member
// who reads English is not shown the note.
func TestCapitalAndTrendsInSpanish(t *testing.T) {
	_, _, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Los_Angeles")
	if code, text, _ := ana.post("/language", url.Values{"lang": {"es"}, "next": {"/recovery-capital"}}); code != http.StatusOK ||
		!strings.Contains(text, "Capital de recuperación") || !strings.Contains(text, "La traducción no ha sido validada") ||
		!strings.Contains(text, "Hay cosas en mi vida que son más importantes para mí que consumir sustancias.") || !strings.Contains(text, "Totalmente de acuerdo") {
		t.Fatalf("the Spanish survey: %d %s", code, text)
	}
	answers := url.Values{}
	for i := range 10 {
		answers.Set("q"+strconv.Itoa(i), "4")
	}
	if code, text, _ := ana.post("/recovery-capital", answers); code != http.StatusOK || !strings.Contains(text, "Tus respuestas de este mes quedaron guardadas") {
		t.Fatalf("saving the survey: %d %s", code, text)
	}
	if code, text, _ := ana.post("/checkin", url.Values{"mood": {"4"}, "craving": {"2"}, "used": {"false"}}); code != http.StatusOK {
		t.Fatalf("check-in: %d %s", code, text)
	}
	code, text := ana.get("/trends?days=30")
	for _, want := range []string{"Tus tendencias", "Ánimo, los últimos 30 días", "1 registro, de 4 a 4 de 5, promedio 4.", "Capital de recuperación, los últimos 30 días", "1 registro, de 40 a 40 de 60", "90 días"} {
		if code != http.StatusOK || !strings.Contains(text, want) {
			t.Errorf("Spanish trends lack %q: %d %s", want, code, text)
		}
	}
	if _, page, _ := ana.do("GET", "/trends?days=30", nil); !strings.Contains(page, ">hace 29 días</text>") || !strings.Contains(page, ">hoy</text>") {
		t.Errorf("the chart's axis is not in Spanish")
	}

	bo := ana.next("bo@example.org", "Bo", "America/Chicago")
	if _, text := bo.get("/recovery-capital"); strings.Contains(text, "has not been validated") || !strings.Contains(text, model.BARC10Items[0]) {
		t.Errorf("the English survey: %s", text)
	}
}
