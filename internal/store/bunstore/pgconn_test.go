package bunstore_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestPostgresReadsArePlainQueries: on PostgreSQL, a read whose values
// bun wrote into its text (as the store's reads all are) goes by the
// simple protocol, leaving no prepared statement in the backend (it was
// prepared, cached and later closed again: three round trips a read),
// inside a transaction too; a query that passes its values apart (River's,
// the broker's) keeps pgx's prepared statement, and every value reads
// back as it went in.
func TestPostgresReadsArePlainQueries(t *testing.T) {
	st := testutil.OpenBunstore(t, testutil.DB{Name: "postgres", URL: testutil.PostgresURL(t)})
	ctx := context.Background()
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	prepared := func() int {
		t.Helper()
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM pg_prepared_statements").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := prepared()
	for i := range 3 {
		var n int64
		var s string
		var b []byte
		var ok bool
		var null *string
		if err := conn.QueryRowContext(ctx, "SELECT ?::bigint, ?::text, ?::bytea, ?::boolean, NULL::text", int64(i)<<40, "it's «ünïcode» \\ ?", []byte{0, 1, 255}, true).Scan(&n, &s, &b, &ok, &null); err != nil {
			t.Fatal(err)
		}
		if n != int64(i)<<40 || s != "it's «ünïcode» \\ ?" || string(b) != "\x00\x01\xff" || !ok || null != nil {
			t.Fatalf("read back %d %q %x %v %v", n, s, b, ok, null)
		}
	}
	if got := prepared(); got != before {
		t.Fatalf("bun's reads left %d prepared statements in the backend (%d before): prepared each time", got, before)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT ?::int + 1", 41).Scan(&n); err != nil || n != 42 {
		t.Fatalf("in a transaction: %d, %v", n, err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := prepared(); got != before {
		t.Fatalf("a read in a transaction left %d prepared statements (%d before)", got, before)
	}
	// A query with its values apart, as River's and pg_notify's are,
	// stays prepared: its text repeats.
	var s string
	for range 2 {
		if err := conn.Conn.QueryRowContext(ctx, "SELECT $1::text || $2::text", "a", "b").Scan(&s); err != nil || s != "ab" {
			t.Fatalf("a query with arguments: %q, %v", s, err)
		}
	}
	if got := prepared(); got != before+1 {
		t.Fatalf("a query with arguments, run twice: %d prepared statements (%d before), want one more", got, before)
	}
}

// TestPostgresReadsKeepTheirStatements: on PostgreSQL a store read outside
// a transaction passes its values apart, so its statement is prepared
// once on a connection and used again for other values, where bun's
// literals made every read a new statement for PostgreSQL to parse and
// plan. The answers are the same (the conformance suite runs every read).
func TestPostgresReadsKeepTheirStatements(t *testing.T) {
	st := testutil.OpenBunstore(t, testutil.DB{Name: "postgres", URL: testutil.PostgresURL(t)})
	ctx := context.Background()
	db := st.DB().DB
	db.SetMaxOpenConns(1) // one backend, whose statements can be counted
	prepared := func() int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%group_members%'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := prepared()
	for i := range 4 {
		if _, err := st.FindGroupMember(ctx, "group-"+strconv.Itoa(i), "it's-"+strconv.Itoa(i)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("find member: %v", err)
		}
	}
	if got := prepared(); got != before+1 {
		t.Fatalf("four reads of one kind left %d statements prepared (%d before), want one", got, before)
	}
}
