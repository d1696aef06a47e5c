package app_test

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// A row of a roster is called more than one address only when it holds
// two or more parts with an "@" each; words with none, or one address
// broken by a space, are not an email address (walk13 W13-8: "'not an
// address' is more than one address: write each apart").
func TestRosterRowsSayWhatIsWrong(t *testing.T) {
	en, es := i18n.Load().Lang("en"), i18n.Load().Lang("es")
	for _, c := range []struct{ row, en, es string }{
		{"not an address", "'not an address' is not an email address", "'not an address' no es una dirección de correo electrónico"},
		{"dee@example org", "'dee@example org' is not an email address", "'dee@example org' no es una dirección de correo electrónico"},
		{"ana@", "'ana@' is not an email address", "'ana@' no es una dirección de correo electrónico"},
		{"a@b@example.org", "'a@b@example.org' is not an email address", "'a@b@example.org' no es una dirección de correo electrónico"},
		{"hal@example.org ida@example.org", "'hal@example.org ida@example.org' is more than one address: write each apart",
			"'hal@example.org ida@example.org' es más de una dirección: escribe cada una por separado"},
		{"hal@example.org; ida@example.org", "'hal@example.org; ida@example.org' is more than one address: write each apart",
			"'hal@example.org; ida@example.org' es más de una dirección: escribe cada una por separado"},
	} {
		emails, problems, err := app.CheckRoster([]app.RosterRow{{At: 1, Text: c.row}, {At: 2, Text: "eva@example.org"}})
		if err != nil || len(emails) != 1 || len(problems) != 1 {
			t.Fatalf("%q: %v, %v, %v", c.row, emails, problems, err)
		}
		if got := en.Say(problems[0].Why); got != c.en {
			t.Errorf("%q reads %q, want %q", c.row, got, c.en)
		}
		if got := es.Say(problems[0].Why); got != c.es {
			t.Errorf("%q reads %q in Spanish, want %q", c.row, got, c.es)
		}
	}
}
