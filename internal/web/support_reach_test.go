package web

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestReachSentence: who an alert reached, in plain words, in English and
// Spanish: devices counted, email, in Kinship only, devices not yet
// reached, the on-duty roster counted and unnamed.
func TestReachSentence(t *testing.T) {
	name := func(s string) *string { return &s }
	bo2 := app.Reached{Name: name("Bo"), Stage: "circle", People: 1, InApp: 1, Push: 2}
	cyMail := app.Reached{Name: name("Cy"), Stage: "circle", People: 1, InApp: 1, Email: 1}
	boWaiting := app.Reached{Name: name("Bo"), Stage: "circle", People: 1, InApp: 1, Queued: true}
	cyBoth := app.Reached{Name: name("Cy"), Stage: "circle", People: 1, InApp: 1, Email: 1, Push: 1, Queued: true}
	dee := app.Reached{Name: name("Dee"), Stage: "circle", People: 1, InApp: 1}
	duty := app.Reached{Stage: "on_duty", People: 3, InApp: 3, Push: 4}
	for _, c := range []struct {
		lang    string
		reached *[]app.Reached
		want    string
		pending bool
	}{
		{"en", &[]app.Reached{bo2, cyMail}, "Your alert reached Bo on 2 devices and Cy by email.", false},
		{"es", &[]app.Reached{bo2, cyMail}, "Tu aviso llegó a Bo en 2 dispositivos y a Cy por correo electrónico.", false},
		{"en", &[]app.Reached{boWaiting}, "Your alert reached Bo in Kinship, not yet on their devices.", true},
		{"es", &[]app.Reached{boWaiting}, "Tu aviso llegó a Bo en Kinship, todavía no en sus dispositivos.", true},
		{"en", &[]app.Reached{cyBoth, dee, duty}, "Your alert reached Cy on 1 device and by email, Dee in Kinship and 3 peer supporters on duty on 4 devices.", true},
		{"es", &[]app.Reached{cyBoth, dee, duty}, "Tu aviso llegó a Cy en 1 dispositivo y por correo electrónico, a Dee en Kinship y a 3 personas de apoyo de turno en 4 dispositivos.", true},
		{"en", &[]app.Reached{{Stage: "on_duty", People: 1, InApp: 1, Email: 1}}, "Your alert reached 1 peer supporter on duty by email.", false},
		{"en", &[]app.Reached{}, "Your alert has not reached anyone yet. The lines below answer at any hour.", false},
		{"es", &[]app.Reached{}, "Tu aviso todavía no ha llegado a nadie. Las líneas de abajo atienden a cualquier hora.", false},
		{"en", nil, "", false},
		// walk7: a partner whose pronouns say she or he is spoken of so.
		{"en", &[]app.Reached{withPronoun(boWaiting, model.PronounHe), withPronoun(cyBoth, model.PronounShe)},
			"Your alert reached Bo in Kinship, not yet on his devices and Cy on 1 device and by email.", true},
		{"en", &[]app.Reached{withPronoun(app.Reached{Name: name("Ana"), Stage: "circle", People: 1, InApp: 1, Email: 1, Queued: true}, model.PronounShe)},
			"Your alert reached Ana by email, not yet on her devices.", true},
		{"es", &[]app.Reached{withPronoun(boWaiting, model.PronounHe)}, "Tu aviso llegó a Bo en Kinship, todavía no en sus dispositivos.", true},
	} {
		got, pending := reachSentence(i18n.For(c.lang), c.reached)
		if got != c.want || pending != c.pending {
			t.Errorf("%s: %q (pending %v), want %q (pending %v)", c.lang, got, pending, c.want, c.pending)
		}
	}
}

func withPronoun(r app.Reached, p model.Pronoun) app.Reached {
	r.Pronoun = p
	return r
}
