package bunstore_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/store/storetest"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestConformance(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		storetest.Run(t, func(t *testing.T) store.Store {
			d := db
			d.DataDir = t.TempDir()
			if db.URL != "" {
				d.URL = testutil.PostgresURL(t)
			}
			return testutil.OpenStore(t, d)
		})
	})
}

// TestMigrateConcurrently starts several nodes at once on one database:
// every migration is applied once and none fails.
func TestMigrateConcurrently(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := bunstore.Open(context.Background(), db.URL, db.DataDir, log)
				if err != nil {
					errs <- err
					return
				}
				st.Close()
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		st := testutil.OpenBunstore(t, db)
		applied, latest, err := st.MigrationStatus(context.Background())
		if err != nil || !slices.Equal(applied, bunstore.MigrationVersions()) || applied[len(applied)-1] != latest {
			t.Fatalf("applied %v of %v (latest %d): %v", applied, bunstore.MigrationVersions(), latest, err)
		}
	})
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	_, err := bunstore.Open(context.Background(), "mysql://x", t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || errors.Is(err, store.ErrNotFound) {
		t.Fatalf("want a clear error, got %v", err)
	}
}
