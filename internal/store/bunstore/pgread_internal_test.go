package bunstore

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"testing"
)

// TestPGPlaceholders: each ? outside quotes and comments becomes $n.
func TestPGPlaceholders(t *testing.T) {
	for _, c := range []struct {
		in, want string
		n        int
	}{
		{"SELECT a FROM t WHERE x = ? AND y = ?", "SELECT a FROM t WHERE x = $1 AND y = $2", 2},
		{"SELECT '?', \"q?\" FROM t WHERE x = ? -- why?\nAND y = ? /* or? */ LIMIT ?", "SELECT '?', \"q?\" FROM t WHERE x = $1 -- why?\nAND y = $2 /* or? */ LIMIT $3", 3},
		{"SELECT 'it''s ?' WHERE x = ?", "SELECT 'it''s ?' WHERE x = $1", 1},
		{"SELECT 1", "SELECT 1", 0},
		{"SELECT '?", "SELECT '?", 0},
	} {
		got, n := pgPlaceholders(c.in)
		if got != c.want || n != c.n {
			t.Errorf("pgPlaceholders(%q) = %q, %d; want %q, %d", c.in, got, n, c.want, c.n)
		}
	}
}

// TestPGReadFallsBack: a read PostgreSQL will not take with its values
// apart (a type it cannot tell) is answered with bun's literals and not
// tried apart again; a read that timed out is tried apart next time.
func TestPGReadFallsBack(t *testing.T) {
	admin := os.Getenv("KINSHIP_TEST_POSTGRES_URL")
	if admin == "" {
		t.Skip("set KINSHIP_TEST_POSTGRES_URL")
	}
	ctx := context.Background()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// statement_timeout for the store's connections only.
	u, _ := url.Parse(admin)
	q := u.Query()
	q.Set("statement_timeout", "100")
	u.RawQuery = q.Encode()
	st, err := openPostgres(u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	const untyped = "SELECT ? IS NULL"
	var isNull bool
	if err := st.readRow(ctx, untyped, nil).Scan(&isNull); err != nil || !isNull {
		t.Fatalf("an untyped value: %v, %v", isNull, err)
	}
	if s := st.pgStmtFor(untyped, []any{nil}); s != nil {
		t.Fatal("a statement PostgreSQL would not prepare with its values apart is tried apart again")
	}

	const slow = "SELECT pg_sleep(?::float8)::text"
	var out string
	if err := st.readRow(ctx, slow, 0.5).Scan(&out); err == nil {
		t.Fatal("a read past statement_timeout answered")
	}
	if s := st.pgStmtFor(slow, []any{0.5}); s == nil {
		t.Fatal("a read that timed out is no longer tried apart")
	}
	if err := st.readRow(ctx, slow, 0.0).Scan(&out); err != nil {
		t.Fatal(err)
	}
}
