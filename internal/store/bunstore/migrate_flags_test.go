package bunstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMigration32KeepsOneOpenFlagPerItem: a database from before 32, where
// two saves at once (or a save and a report) left two flags not yet
// resolved on one item, opens with one: the oldest, with the reporter of
// the other when it had none. Resolved flags and other items' stay. Then
// a second flag not yet resolved on an item is refused as a conflict.
func TestMigration32KeepsOneOpenFlagPerItem(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenBunstore(t, db)
		ana, bo := testUser("ana@example.org"), testUser("bo@example.org")
		for _, u := range []*model.User{ana, bo} {
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()
		raw, driver := rawDatabase(t, db)
		// As such a database was: no index, and the flags below.
		for _, q := range []string{"DROP INDEX safety_flags_one_open", "DELETE FROM schema_migrations WHERE version = 32"} {
			if _, err := raw.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		type row struct {
			id, user, ref, status, source, reportedBy string
			at                                        int64
		}
		rows := []row{
			{"f1", ana.ID, "m1", "open", "check", "", 100},             // kept: the oldest of m1
			{"f2", ana.ID, "m1", "open", "check", "", 100},             // same time, later id: goes
			{"f3", ana.ID, "m1", "acknowledged", "report", bo.ID, 200}, // goes, its reporter kept on f1
			{"f4", ana.ID, "m1", "resolved", "check", "", 50},          // resolved: stays
			{"f5", ana.ID, "m2", "open", "check", "", 300},             // alone: stays
			{"f6", bo.ID, "m1", "open", "check", "", 400},              // another person's m1: stays
		}
		for _, r := range rows {
			if _, err := raw.ExecContext(ctx, rebind(driver, "INSERT INTO safety_flags (id, user_id, surface, ref, level, severity, status, source, reported_by, created_at) VALUES (?, ?, 'chat', ?, 'crisis', 4, ?, ?, ?, ?)"),
				r.id, r.user, r.ref, r.status, r.source, r.reportedBy, r.at); err != nil {
				t.Fatal(err)
			}
		}
		st = testutil.OpenBunstore(t, db)
		left := map[string]string{}
		q, err := raw.QueryContext(ctx, "SELECT id, reported_by FROM safety_flags")
		if err != nil {
			t.Fatal(err)
		}
		for q.Next() {
			var id, by string
			if err := q.Scan(&id, &by); err != nil {
				t.Fatal(err)
			}
			left[id] = by
		}
		q.Close()
		if len(left) != 4 || left["f1"] != bo.ID || left["f4"] != "" || left["f5"] != "" || left["f6"] != "" {
			t.Fatalf("flags after migration 32 (id → reporter): %v", left)
		}
		err = st.CreateSafetyFlag(ctx, &store.SafetyFlag{ID: "f7", UserID: ana.ID, Surface: "chat", Ref: "m1", Level: "crisis", Severity: 4, CreatedAt: time.Now()})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a second open flag on m1: %v", err)
		}
		if err := st.CreateSafetyFlag(ctx, &store.SafetyFlag{ID: "f8", UserID: ana.ID, Surface: "chat", Ref: "m3", Level: "crisis", Severity: 4, CreatedAt: time.Now()}); err != nil {
			t.Fatalf("a first flag on m3: %v", err)
		}
	})
}

// rawDatabase opens db's database with its driver alone, as a migration
// test reads and rewrites it beside the store; closed when the test ends.
func rawDatabase(t *testing.T, db testutil.DB) (*sql.DB, string) {
	t.Helper()
	driver, dsn := "sqlite", filepath.Join(db.DataDir, "kinship.db")
	if db.URL != "" {
		driver, dsn = "pgx", db.URL
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw, driver
}

// rebind turns ? placeholders into PostgreSQL's $n for a raw pgx query.
func rebind(driver, q string) string {
	if driver != "pgx" {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, []byte("$"+strconv.Itoa(n))...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
