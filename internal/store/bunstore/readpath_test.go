package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

func openReaders(t *testing.T, n int) *Store {
	t.Helper()
	defer func(old int) { readerConns = old }(readerConns)
	readerConns = n
	s, err := Open(context.Background(), "", t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The kept reads scan their columns themselves (readpath.go): every value
// SQLite gives, into every kind of destination the store reads into,
// gives what database/sql's Scan gives, or fails where it fails.
func TestKeptReadsScanAsDatabaseSQLDoes(t *testing.T) {
	s := openReaders(t, 4)
	ctx := context.Background()
	values := []string{"7", "0", "1", "-3", "9223372036854775807", "'text'", "'12'", "'1'", "''", "NULL", "x'00ff'", "x''", "2.5", "2.0"}
	dests := []func() any{
		func() any { return new(string) },
		func() any { return new(int64) },
		func() any { return new(int) },
		func() any { return new(int32) },
		func() any { return new(bool) },
		func() any { return new([]byte) },
		func() any { return new(float64) },
		func() any { return new(any) },
		func() any { return new(sql.NullString) },
		func() any { return new(sql.NullInt64) },
		func() any { return new(sql.NullBool) },
		func() any { return new(sql.Null[string]) },
		func() any { return new(model.Role) },
		func() any { return new(uint8) },
		func() any { return new(float32) },
		func() any { return new(*string) },
		func() any { return new(*int64) },
	}
	for _, v := range values {
		q := "SELECT " + v
		for _, mk := range dests {
			kept, plain := mk(), mk()
			keptErr := s.readRow(ctx, q).Scan(kept)
			plainErr := s.rdb.QueryRowContext(ctx, q).Scan(plain)
			name := fmt.Sprintf("%s into %T", v, kept)
			if (keptErr == nil) != (plainErr == nil) {
				t.Errorf("%s: kept read's error %v, database/sql's %v", name, keptErr, plainErr)
				continue
			}
			if keptErr == nil && !reflect.DeepEqual(kept, plain) {
				t.Errorf("%s: kept read gives %#v, database/sql %#v", name, reflect.ValueOf(kept).Elem(), reflect.ValueOf(plain).Elem())
			}
		}
	}
	// No row: sql.ErrNoRows, which the store reads as not found.
	var n int64
	if err := s.readRow(ctx, "SELECT 1 WHERE 0").Scan(&n); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("a read of no row: %v, want sql.ErrNoRows", err)
	}
	// A list: every row, in order, then none.
	rows, err := s.query(ctx, "SELECT value, 'v' || value FROM generate_series(1, 5)")
	if err != nil {
		// generate_series is an extension; a recursive query does the same.
		rows, err = s.query(ctx, "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 5) SELECT value, 'v' || value FROM n")
	}
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var i int
		var v string
		if err := rows.Scan(&i, &v); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(i, v))
	}
	if err := rows.Close(); err != nil || rows.Err() != nil {
		t.Fatal(err, rows.Err())
	}
	if fmt.Sprint(got) != "[1v1 2v2 3v3 4v4 5v5]" {
		t.Errorf("list read %v", got)
	}
	var a, b any
	if err := rows.Scan(&a); err == nil {
		t.Error("Scan after the last row did not fail")
	}
	if r2, err := s.query(ctx, "SELECT 1, 2"); err != nil || !r2.Next() || r2.Scan(&a) == nil || r2.Scan(&a, &b) != nil {
		t.Error("Scan into the wrong number of destinations did not fail, or into the right number did")
	}
}

// Each reader connection prepares a kept statement once: reading two
// lists again and again on one reader prepares two statements.
func TestKeptReadsPrepareOncePerConnection(t *testing.T) {
	s := openReaders(t, 1)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, err := s.ListNotifications(ctx, "01USER", store.Keyset{}, 20); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindConnection(ctx, "01NONE"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("find a connection that is not there: %v", err)
		}
	}
	if n := s.prepares.Load(); n != 2 {
		t.Errorf("5 reads of two statements on one reader prepared %d statements, want 2", n)
	}
}

// A read waiting for a reader connection ends when its caller's context
// does, with the context's error.
func TestAWaitingReadEndsWithItsContext(t *testing.T) {
	s := openReaders(t, 1)
	ctx := context.Background()
	held, err := s.rdb.DB.Conn(ctx) // the only reader
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	wait, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := s.FindConnection(wait, "01NONE"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a read with no reader free until its context ended: %v, want the context's error", err)
	}
	gone, cancel2 := context.WithCancel(ctx)
	cancel2()
	if _, err := s.ListNotifications(gone, "01USER", store.Keyset{}, 20); !errors.Is(err, context.Canceled) {
		t.Errorf("a list read for a caller already gone: %v, want context.Canceled", err)
	}
}

// Every reader sees a write as soon as it has returned (a form's POST, then
// the page it redirects to, read on whichever reader the pool gives): no
// reader connection keeps a kept statement's read open across a commit,
// whatever the read before it stopped at (one row of several, no row,
// every row).
func TestEveryReaderSeesAWriteOnceItReturns(t *testing.T) {
	s := openReaders(t, 4)
	ctx := context.Background()
	if _, err := s.wdb.ExecContext(ctx, "CREATE TABLE seen (n INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 60; n++ {
		if _, err := s.exec(ctx, "INSERT INTO seen (n) VALUES (?)", n); err != nil {
			t.Fatal(err)
		}
		// Four reads at once take every reader; each stops differently.
		var wg sync.WaitGroup
		got := make([]int64, 4)
		for r := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				switch r {
				case 0:
					err = s.readRow(ctx, "SELECT MAX(n) FROM seen").Scan(&got[r])
				case 1:
					err = s.readRow(ctx, "SELECT n FROM seen ORDER BY n DESC").Scan(&got[r]) // first of many
				case 2:
					var rows *readRows
					if rows, err = s.query(ctx, "SELECT n FROM seen ORDER BY n"); err == nil {
						for rows.Next() {
							rows.Scan(&got[r])
						}
						rows.Close()
					}
				case 3:
					var none int64
					if err = s.readRow(ctx, "SELECT n FROM seen WHERE n > ?", n).Scan(&none); errors.Is(err, sql.ErrNoRows) {
						err = s.readRow(ctx, "SELECT COUNT(*) FROM seen").Scan(&got[r])
					}
				}
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for r, g := range got {
			if g != int64(n) {
				t.Fatalf("after write %d returned, read %d saw %d", n, r, g)
			}
		}
	}
}
