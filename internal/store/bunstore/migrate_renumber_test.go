package bunstore_test

import (
	"context"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestOld26BecomesTwentySeven: a database migrated on main while the
// keyset indexes and idempotency_keys were migration 26 (before the crisis
// lines' languages took 26) opens: the crisis lines' 26 runs on it, the
// old 26 is recorded as 27 and not run again.
func TestOld26BecomesTwentySeven(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		testutil.OpenBunstore(t, db).Close()
		raw, _ := rawDatabase(t, db)
		// As such a database was: 1 to 25, then the old 26; no languages
		// column, and the shipped lines still under their readable keys
		// (migration 28 gives them ULIDs). Migrations after 28 stay
		// recorded as run: they came later and are not what this test is
		// about (29 adds a column and cannot run twice).
		for _, q := range []string{
			"DELETE FROM schema_migrations WHERE version BETWEEN 26 AND 28",
			"ALTER TABLE crisis_resources DROP COLUMN languages",
			"UPDATE crisis_resources SET id = 'us-988' WHERE id = '" + model.SeedID("us-988") + "'",
			"UPDATE crisis_resources SET id = 'us-samhsa' WHERE id = '" + model.SeedID("us-samhsa") + "'",
			"INSERT INTO schema_migrations (version, name, applied_at) VALUES (26, 'keyset pages of long lists; Idempotency-Key answers', 0)",
		} {
			if _, err := raw.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		testutil.OpenBunstore(t, db) // opened again: the migrations run on the old database
		names := map[int]string{}
		rows, err := raw.QueryContext(ctx, "SELECT version, name FROM schema_migrations WHERE version BETWEEN 26 AND 28")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v int
			var n string
			if err := rows.Scan(&v, &n); err != nil {
				t.Fatal(err)
			}
			names[v] = n
		}
		rows.Close()
		if names[26] != "the languages a crisis line answers in" || names[27] != "keyset pages of long lists; Idempotency-Key answers" {
			t.Fatalf("migrations from 26: %v", names)
		}
		var langs string
		if err := raw.QueryRowContext(ctx, "SELECT languages FROM crisis_resources WHERE id = '"+model.SeedID("us-988")+"'").Scan(&langs); err != nil || langs != "en,es" {
			t.Fatalf("988's languages %q, %v", langs, err)
		}
	})
}
