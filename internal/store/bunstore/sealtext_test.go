package bunstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestPlainTextIsSealedAtRest writes a post title, an organization name and
// a consent purpose as an older Kinship did (plain), seals them in place,
// and checks that the database then holds none of the words while every
// read returns them; new writes are sealed at once, and sealing again finds
// nothing to do. On SQLite and PostgreSQL.
func TestPlainTextIsSealedAtRest(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenBunstore(t, db)
		box, _, err := secret.LoadOrCreateKey(filepath.Join(t.TempDir(), "kinship.key"))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		u := &model.User{ID: "u1", Email: "cal@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: now}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		// Before sealing: plain, as rows written by an older version.
		must(st.CreateUser(ctx, u))
		must(st.CreateOrganization(ctx, &store.Organization{ID: "o2", Name: "Zephyr Recovery Center", CreatedAt: now}))
		must(st.CreatePost(ctx, &store.Post{ID: "p1", AuthorID: "u1", Kind: "story", Title: "Ninety days without drinking", State: "visible", CreatedAt: now, UpdatedAt: now}))
		must(st.CreateConsent(ctx, &store.Consent{ID: "c1", UserID: "u1", OrgID: "o2", Data: []string{"checkins"}, Purpose: "care coordination with my counsellor", StartsAt: now, EndsAt: now.Add(time.Hour), SignedAt: now}))

		st.SetSealer(box)
		n, err := st.SealPlainText(ctx)
		if err != nil || n != 3 {
			t.Fatalf("sealed %d (%v), want 3", n, err)
		}
		if n, err := st.SealPlainText(ctx); err != nil || n != 0 {
			t.Fatalf("sealing again sealed %d (%v)", n, err)
		}
		// Written after: sealed at once.
		must(st.CreateOrganization(ctx, &store.Organization{ID: "o1", Name: "Harbor House", CreatedAt: now}))

		raw := rawDB(t, db)
		var dump strings.Builder
		for _, q := range []string{"SELECT title FROM posts", "SELECT name FROM organizations", "SELECT purpose FROM consents"} {
			rows, err := raw.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v string
				rows.Scan(&v)
				if !strings.HasPrefix(v, "sealed:v1:") {
					t.Errorf("%s: %q is not sealed", q, v)
				}
				dump.WriteString(v)
			}
			rows.Close()
		}
		for _, word := range []string{"Ninety", "Zephyr", "Harbor", "counsellor"} {
			if strings.Contains(dump.String(), word) {
				t.Errorf("%q is readable in the database", word)
			}
		}

		p, err := st.FindPost(ctx, "p1")
		must(err)
		c, err := st.FindConsent(ctx, "c1")
		must(err)
		orgs, err := st.ListOrganizations(ctx)
		must(err)
		if p.Title != "Ninety days without drinking" || c.Purpose != "care coordination with my counsellor" || len(orgs) != 2 || orgs[0].Name != "Harbor House" || orgs[1].Name != "Zephyr Recovery Center" {
			t.Fatalf("read back: %q, %q, %v %v", p.Title, c.Purpose, orgs[0], orgs[1])
		}
	})
}

// rawDB opens the test's database directly, past the store.
func rawDB(t *testing.T, db testutil.DB) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+filepath.Join(db.DataDir, "kinship.db")+"?mode=ro"
	if db.URL != "" {
		driver, dsn = "pgx", db.URL
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}
