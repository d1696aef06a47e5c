package bunstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMigration49FoldsGroupsStoredBefore: a database from before 49, with
// 520 groups, opens with every group's name and description kept for the
// search, so that "cafe" finds "Café de los lunes" and "manana" "MAÑANA
// TEMPRANO", as well as the oldest and the newest group by name.
func TestMigration49FoldsGroupsStoredBefore(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenBunstore(t, db)
		ana := testUser("ana@example.org")
		if err := st.CreateUser(ctx, ana); err != nil {
			t.Fatal(err)
		}
		base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		err := st.InTx(ctx, func(tx store.Store) error {
			for i := range 520 {
				name, desc := fmt.Sprintf("Peer group %d", i), "We meet weekly."
				switch i {
				case 7:
					name, desc = "Café de los lunes", "Nos vemos en la esquina."
				case 8:
					name = "MAÑANA TEMPRANO"
				}
				at := base.Add(time.Duration(i) * time.Minute)
				if err := tx.CreateGroup(ctx, &store.Group{ID: fmt.Sprintf("m49-%03d", i), Name: name, Description: desc, Visibility: "listed",
					CreatedBy: ana.ID, CreatedAt: at, UpdatedAt: at}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		raw, driver := rawDatabase(t, db)
		// As such a database was: no search text, no index.
		undo := []string{"DROP TABLE group_search", "DROP TABLE group_search_rows", "ALTER TABLE peer_groups DROP COLUMN search_text",
			"DELETE FROM schema_migrations WHERE version = 49"}
		if driver == "pgx" {
			undo = []string{"ALTER TABLE peer_groups DROP COLUMN search_text", "DELETE FROM schema_migrations WHERE version = 49"}
		}
		for _, q := range undo {
			if _, err := raw.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		st = testutil.OpenBunstore(t, db)
		var missing int
		if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM peer_groups WHERE search_text IS NULL").Scan(&missing); err != nil || missing != 0 {
			t.Fatalf("%d groups without their search text after opening (%v)", missing, err)
		}
		if driver == "pgx" {
			var n int
			if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'peer_groups_search'").Scan(&n); err != nil || n != 1 {
				t.Errorf("the trigram index after the migration: %d (%v)", n, err)
			}
		}
		for text, want := range map[string]string{"cafe": "Café de los lunes", "manana": "MAÑANA TEMPRANO", "group 0 ": "Peer group 0", "GROUP 519": "Peer group 519"} {
			gs, err := st.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}, Text: text, Limit: 26})
			if err != nil || len(gs) != 1 || gs[0].Name != want {
				var names []string
				for _, g := range gs {
					names = append(names, g.Name)
				}
				t.Errorf("after the migration, search %q found %q (%v), want %q", text, names, err, want)
			}
		}
	})
}

// TestGroupSearchFromABackup: a copy taken as `kinship backup` takes it
// (VACUUM INTO) finds groups as the original did, and after a group in it
// is renamed, finds it under its new name only, from its trigram index.
func TestGroupSearchFromABackup(t *testing.T) {
	ctx := context.Background()
	db := testutil.DB{Name: "sqlite", DataDir: t.TempDir()}
	st := testutil.OpenBunstore(t, db)
	ana := testUser("ana@example.org")
	if err := st.CreateUser(ctx, ana); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"Harbor lights", "Café de los lunes", "Evening walkers", "Mañana temprano"} {
		at := base.Add(time.Duration(i) * time.Minute)
		if err := st.CreateGroup(ctx, &store.Group{ID: fmt.Sprintf("bk-%d", i), Name: name, Visibility: "listed", CreatedBy: ana.ID, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	raw, _ := rawDatabase(t, db)
	copyDir := t.TempDir()
	if _, err := raw.ExecContext(ctx, "VACUUM INTO ?", filepath.Join(copyDir, "kinship.db")); err != nil {
		t.Fatal(err)
	}
	st.Close()
	restored := testutil.OpenBunstore(t, testutil.DB{Name: "sqlite", DataDir: copyDir})
	defer bunstore.SetSearchPlan(1, 400)() // past the newest group, from the trigram index
	search := func(text string) string {
		t.Helper()
		gs, err := restored.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}, Text: text, Limit: 26})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range gs {
			names = append(names, g.Name)
		}
		return strings.Join(names, "; ")
	}
	for text, want := range map[string]string{"cafe": "Café de los lunes", "manana temprano": "Mañana temprano", "walkers": "Evening walkers"} {
		if got := search(text); got != want {
			t.Errorf("in the copy, search %q found %q, want %q", text, got, want)
		}
	}
	g, err := restored.FindGroup(ctx, "bk-2")
	if err != nil {
		t.Fatal(err)
	}
	g.Name = "Lighthouse keepers"
	if err := restored.UpdateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"walkers": "", "lighthouse": "Lighthouse keepers", "cafe": "Café de los lunes"} {
		if got := search(text); got != want {
			t.Errorf("in the copy after a rename, search %q found %q, want %q", text, got, want)
		}
	}
}
