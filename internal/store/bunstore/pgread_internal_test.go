package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestPGStatementsFault: only what says the statement cannot be run with
// its values apart switches it off; a value's fault (class 22), a
// broken connection or a cancelled read does not.
func TestPGStatementsFault(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Code: "42P18"}, true},
		{&pgconn.PgError{Code: "42883"}, true},
		{&pgconn.PgError{Code: "22P02"}, false},
		{&pgconn.PgError{Code: "22012"}, false},
		{&pgconn.PgError{Code: "22021"}, false},
		{&pgconn.PgError{Code: "57014"}, false},
		{&pgconn.PgError{Code: "42P01"}, false},
		{io.ErrUnexpectedEOF, false},
		{context.Canceled, false},
		{errors.New("failed to encode args[0]: unable to encode \"x\" into binary format for int8 (OID 20)"), true},
	} {
		if got := pgStatementsFault(c.err); got != c.want {
			t.Errorf("pgStatementsFault(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

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
// tried apart again for pgOffFor, then tried apart again; a read that
// timed out, or failed on its value (class 22), is tried apart next
// time.
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
	s, _ := st.pg.stmts.load(untyped)
	if s == nil || !s.off() || st.pgStmtFor(untyped, []any{nil}) != nil {
		t.Fatal("a statement PostgreSQL would not prepare with its values apart is tried apart again at once")
	}
	// pgOffFor later it is tried apart again, and answered as before.
	s.offUntil.Store(time.Now().Add(-time.Second).UnixNano())
	if st.pgStmtFor(untyped, []any{nil}) == nil {
		t.Fatal("a statement switched off is not tried apart again after pgOffFor")
	}
	isNull = false
	if err := st.readRow(ctx, untyped, nil).Scan(&isNull); err != nil || !isNull {
		t.Fatalf("an untyped value, tried apart again: %v, %v", isNull, err)
	}
	if st.pgStmtFor(untyped, []any{nil}) != nil {
		t.Fatal("a statement that failed apart again is tried apart at once")
	}

	// A value PostgreSQL refuses (class 22) is the read's own: the error
	// is the read's answer, and the next read of that kind goes apart.
	const divide = "SELECT 10 / ?::int"
	var n int
	if err := st.readRow(ctx, divide, 0).Scan(&n); err == nil {
		t.Fatal("10 / 0 answered")
	}
	if st.pgStmtFor(divide, []any{2}) == nil {
		t.Fatal("a read whose value PostgreSQL refused switched its statement off")
	}
	if err := st.readRow(ctx, divide, 2).Scan(&n); err != nil || n != 5 {
		t.Fatalf("10 / 2 = %d, %v", n, err)
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
