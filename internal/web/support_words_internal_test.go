package web

import (
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// TestCallStatusWords: once a call for support has gone on to the
// peers on duty, its status box says what happened for this member: who
// of their own was alerted first (by name), whether anyone on duty was,
// and nothing it cannot know. It once read "(and your partners, if you
// have any)" to everyone; before it goes on, it names who was alerted
// (a mentor is no accountability partner).
func TestCallStatusWords(t *testing.T) {
	bo, cy := "Bo", "Cy"
	circle := func(name *string) app.Reached { return app.Reached{Name: name, Stage: "circle", People: 1, InApp: 1} }
	duty := app.Reached{Stage: "on_duty", People: 3, InApp: 3}
	for _, c := range []struct {
		name    string
		reached *[]app.Reached
		en, es  string
	}{
		{"after one partner", &[]app.Reached{circle(&bo), duty},
			"Bo was alerted first and has not answered yet, so the peer supporters on duty have been alerted too. Someone will reach out.",
			"Primero avisamos a Bo; como todavía no respondió, también avisamos a las personas de apoyo que están de turno. Alguien se comunicará contigo."},
		{"after two", &[]app.Reached{circle(&bo), circle(&cy), duty},
			"Bo and Cy were alerted first and have not answered yet, so the peer supporters on duty have been alerted too. Someone will reach out.",
			"Primero avisamos a Bo y Cy; como todavía no respondieron, también avisamos a las personas de apoyo que están de turno. Alguien se comunicará contigo."},
		{"nobody of their own", &[]app.Reached{duty},
			"The peer supporters on duty have been alerted. Someone will reach out.",
			"Avisamos a las personas de apoyo que están de turno. Alguien se comunicará contigo."},
		{"nobody on duty", &[]app.Reached{circle(&bo)},
			"Bo was alerted first and has not answered yet. Nobody is on duty to alert right now.",
			"Primero avisamos a Bo, que todavía no respondió. Ahora no hay nadie de turno a quien avisar."},
		{"nobody at all: the reach sentence says so", &[]app.Reached{}, "", ""},
		{"circle: a partner and a mentor, not yet anyone on duty", &[]app.Reached{circle(&cy), circle(&bo)},
			"Bo and Cy have been alerted. If nobody answers soon, the peer supporters on duty will be too.",
			"Avisamos a Bo y Cy. Si nadie responde pronto, también avisaremos a las personas de apoyo de turno."},
		{"who it reached cannot be read", nil,
			"The peer supporters on duty have been alerted. Someone will reach out.",
			"Avisamos a las personas de apoyo que están de turno. Alguien se comunicará contigo."},
	} {
		al := &app.AlertView{Status: "open", Stage: "on_duty", Reached: c.reached}
		if strings.HasPrefix(c.name, "circle") {
			al.Stage = "circle"
		}
		for lang, want := range map[string]string{"en": c.en, "es": c.es} {
			if got := alertWords(i18n.For(lang), al); got.Lead != "" || got.Rest != want {
				t.Errorf("%s, %s: %+v, want %q", c.name, lang, got, want)
			}
		}
	}
}
