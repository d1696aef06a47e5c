package bunstore

import (
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// kinship_fold(text) lower-cases text as Go does, for searches on SQLite,
// whose own lower() knows only ASCII (a search for "mañana" must find
// "MAÑANA"). PostgreSQL's lower() already knows Unicode.
func init() {
	err := sqlite.RegisterDeterministicScalarFunction("kinship_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		case nil:
			return nil, nil
		}
		return args[0], nil
	})
	if err != nil {
		panic(err)
	}
}
