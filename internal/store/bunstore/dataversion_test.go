package bunstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func openSQLite(t testing.TB, dir string) *bunstore.Store {
	t.Helper()
	return testutil.OpenBunstore(t, testutil.DB{Name: "sqlite", DataDir: dir})
}

func testUser(email string) *model.User {
	return &model.User{ID: ulid.Make().String(), Email: email, PasswordHash: "$argon2id$x", Role: model.RoleMember, CreatedAt: time.Now().UTC()}
}

// TestDataVersionSeesOnlyOtherConnections: a store's own commits leave its
// DataVersion as it was; another store's commit on the same file changes it.
func TestDataVersionSeesOnlyOtherConnections(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := openSQLite(t, dir), openSQLite(t, dir)
	v0, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.CreateUser(ctx, testUser("own@example.org")); err != nil {
		t.Fatal(err)
	}
	if v, err := a.DataVersion(ctx); err != nil || v != v0 {
		t.Fatalf("after its own commit: %d %v, want %d", v, err, v0)
	}
	if err := b.CreateUser(ctx, testUser("other@example.org")); err != nil {
		t.Fatal(err)
	}
	if v, err := a.DataVersion(ctx); err != nil || v == v0 {
		t.Fatalf("after another connection's commit: %d %v, want other than %d", v, err, v0)
	}
}

// TestDataVersionSeesOtherCommitsAcrossAWriterReconnect (review7): the
// writer's connection is replaced when a statement on it is interrupted
// (the request that asked ended mid-statement) and a fresh connection's
// data_version starts again at the same number, so another process's
// commit made before the replacement must still change DataVersion:
// else a node keeps what that commit changed (a removal from a group, a
// sign-out) for as long as it keeps anything.
func TestDataVersionSeesOtherCommitsAcrossAWriterReconnect(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := openSQLite(t, dir), openSQLite(t, dir)
	v0, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.CreateUser(ctx, testUser("other@example.org")); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := a.ExecRaw(cctx, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"); err == nil {
		t.Fatal("the endless statement ended")
	}
	if v, err := a.DataVersion(ctx); err != nil || v == v0 {
		t.Fatalf("after another connection's commit and a new writer connection: %d %v, want other than %d", v, err, v0)
	}
	// The new connection's own commits still leave it as it is.
	v1, _ := a.DataVersion(ctx)
	if err := a.CreateUser(ctx, testUser("own@example.org")); err != nil {
		t.Fatal(err)
	}
	if v, err := a.DataVersion(ctx); err != nil || v != v1 {
		t.Fatalf("after its own commit: %d %v, want %d", v, err, v1)
	}
}

// BenchmarkDataVersion is what a SQLite node spends on each ask whether
// another process committed (app.FollowOtherWriters, every 250 ms).
func BenchmarkDataVersion(b *testing.B) {
	st := openSQLite(b, b.TempDir())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.DataVersion(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNoDataVersionOnPostgreSQL: PostgreSQL nodes hear of changes through
// the broker, and DataVersion says it has nothing to tell.
func TestNoDataVersionOnPostgreSQL(t *testing.T) {
	st := testutil.OpenBunstore(t, testutil.DB{Name: "postgres", URL: testutil.PostgresURL(t)})
	if _, err := st.DataVersion(context.Background()); !errors.Is(err, bunstore.ErrNoDataVersion) {
		t.Fatalf("DataVersion on PostgreSQL: %v", err)
	}
}
