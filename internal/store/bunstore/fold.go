package bunstore

import (
	"database/sql/driver"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// kinship_fold(text) folds text as searchFold does, for searches on
// SQLite, whose own lower() knows only ASCII (a search for "mañana" must
// find "MAÑANA", and "cafe" "Café"). PostgreSQL's lower() already knows
// Unicode case, not accents.
func init() {
	err := sqlite.RegisterDeterministicScalarFunction("kinship_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return searchFold(v), nil
		case []byte:
			return searchFold(string(v)), nil
		case nil:
			return nil, nil
		}
		return args[0], nil
	})
	if err != nil {
		panic(err)
	}
}

// searchFold is text as a search compares it: lower case as Go writes it,
// and without the marks letters carry (accents, tildes, diaereses), so
// that "cafe" finds "Café" and "manana" "MAÑANA", as a person typing on
// a phone in Spanish expects. Letters that are not a Latin letter with a
// mark keep their form.
func searchFold(s string) string {
	s = strings.ToLower(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
