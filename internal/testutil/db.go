// Package testutil opens real databases and a real SMTP server for tests.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// Required reports whether KINSHIP_TEST_REQUIRE (comma-separated, e.g.
// "postgres,chromium") names an optional backend, making its absence a
// failure instead of a skip.
func Required(name string) bool {
	for _, n := range strings.Split(os.Getenv("KINSHIP_TEST_REQUIRE"), ",") {
		if strings.TrimSpace(n) == name {
			return true
		}
	}
	return false
}

// Unavailable skips the test, or fails it when the backend is required.
func Unavailable(t testing.TB, name, why string) {
	t.Helper()
	if Required(name) {
		t.Fatalf("%s is required (KINSHIP_TEST_REQUIRE) but unavailable: %s", name, why)
	}
	t.Skipf("%s unavailable, skipping: %s", name, why)
}

// PostgresURL creates a fresh database on the server named by
// KINSHIP_TEST_POSTGRES_URL, drops it when the test ends, and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("KINSHIP_TEST_POSTGRES_URL")
	if admin == "" {
		Unavailable(t, "postgres", "set KINSHIP_TEST_POSTGRES_URL to an admin URL such as postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		Unavailable(t, "postgres", err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		Unavailable(t, "postgres", "the server at KINSHIP_TEST_POSTGRES_URL does not answer: "+err.Error())
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "kinship_test_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
		db.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("KINSHIP_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// DB names one database to run a test on: SQLite (URL "") in DataDir, or
// PostgreSQL at URL.
type DB struct {
	Name    string
	URL     string
	DataDir string
}

// ForEachDB runs fn as subtests "sqlite" and "postgres"; the latter is
// skipped (or, when required, failed) without a PostgreSQL server.
func ForEachDB(t *testing.T, fn func(t *testing.T, db DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, DB{Name: "sqlite", DataDir: t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { fn(t, DB{Name: "postgres", URL: PostgresURL(t), DataDir: t.TempDir()}) })
}

// OpenStore opens the store for db and closes it when the test ends.
func OpenStore(t testing.TB, db DB) store.Store { t.Helper(); return OpenBunstore(t, db) }

// OpenBunstore is OpenStore as the store's own type, for tests of what
// only it offers (migrations, data_version, sealing). It logs nowhere.
// Closing it before the test ends (to open it again) is fine.
func OpenBunstore(t testing.TB, db DB) *bunstore.Store {
	t.Helper()
	dir := db.DataDir
	if dir == "" {
		dir = t.TempDir()
	}
	st, err := bunstore.Open(context.Background(), db.URL, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("open %s store: %v", db.Name, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
