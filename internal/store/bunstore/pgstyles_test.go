package bunstore_test

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestPostgresReadsWhateverTheDatabasesTextStyles: a PostgreSQL database
// (or role) whose owner chose how values are written as text (a European
// DateStyle, the bytea_output older servers had, fewer float digits) is
// read as any other: the store's reads go by the simple protocol, whose
// values come back as text in the session's styles, and pgx reads only
// ISO dates and hex bytes. Every value reads back as it went in.
func TestPostgresReadsWhateverTheDatabasesTextStyles(t *testing.T) {
	dsn := testutil.PostgresURL(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ctx := context.Background()
	for _, set := range []string{"DateStyle = 'German, DMY'", "bytea_output = 'escape'", "IntervalStyle = 'sql_standard'", "extra_float_digits = 0",
		"standard_conforming_strings = off"} {
		if _, err := admin.ExecContext(ctx, "ALTER DATABASE "+name+" SET "+set); err != nil {
			t.Fatal(err)
		}
	}
	st := testutil.OpenBunstore(t, testutil.DB{Name: "postgres", URL: dsn})
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	at := time.Date(2026, 12, 7, 1, 2, 3, 456789000, time.UTC)
	var b []byte
	var ts time.Time
	var f float64
	var s string
	// A name ending in a backslash, as a person may type one: bun writes
	// it as 'Bo\', which only standard_conforming_strings reads as it is.
	const typed = `Bo \' OR 1=1; --\`
	if err := conn.QueryRowContext(ctx, "SELECT ?::bytea, ?::timestamptz, ?::float8, ?::text", []byte{0, 1, 255, '\\'}, at, 37.123456789012345, typed).Scan(&b, &ts, &f, &s); err != nil {
		t.Fatalf("a read on a database with its own text styles: %v", err)
	}
	if string(b) != "\x00\x01\xff\\" || !ts.Equal(at) || f != 37.123456789012345 || s != typed {
		t.Fatalf("read back %x %v %v %q", b, ts, f, s)
	}
}
