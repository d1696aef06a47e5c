package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// countingStore counts the reads of the crisis lines.
type countingStore struct {
	store.Store
	reads *atomic.Int64
}

func (c countingStore) ListCrisisResources(ctx context.Context, country string) ([]*store.CrisisResource, error) {
	c.reads.Add(1)
	return c.Store.ListCrisisResources(ctx, country)
}

// usLines names the US crisis lines x shows, in order.
func usLines(t *testing.T, x *app.App) string {
	t.Helper()
	l, err := x.LinesFor(context.Background(), "US")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range l.Lines {
		out = append(out, r.Name)
	}
	return strings.Join(out, ", ")
}

// addWarmline has a site admin, made in st, add a US line answering in
// Spanish, "Night warmline", through a; it returns the admin's context.
func addWarmline(t *testing.T, st store.Store, a *app.App) context.Context {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	admin := &model.User{ID: "01ADMIN0000000000000000000", Email: "admin@example.org", PasswordHash: "x", Role: model.RoleSiteAdmin, MFAEnabled: true, CreatedAt: now}
	if err := st.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	actx := app.WithActor(ctx, &app.Actor{User: admin, Session: &model.Session{ID: "s", UserID: admin.ID, AuthAt: now}})
	if _, err := a.SaveCrisisResource(actx, app.HelpResourceInput{ID: "us-warmline", Country: "US", Name: "Night warmline", Contact: "1-800-555-0199", Kind: "call", Position: 9, Languages: []string{"es"}}); err != nil {
		t.Fatal(err)
	}
	return actx
}

// Every page shows the crisis lines; each node reads them from the
// database once and keeps them until an admin changes them on any node,
// when every node shows the change on its next page.
func TestCrisisLinesReadOncePerNodeAndChangedOnEveryNode(t *testing.T) {
	st, node := sharedStore(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var readsA, readsB atomic.Int64
	a, b := node(countingStore{st, &readsA}), node(countingStore{st, &readsB})
	joinNodes(a, b, log)

	ctx := context.Background()
	names := func(x *app.App) string { t.Helper(); return usLines(t, x) }
	langsOf := func(x *app.App, name string) string {
		t.Helper()
		l, err := x.LinesFor(ctx, "US")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.Lines {
			if r.Name == name {
				return strings.Join(r.Languages, ",")
			}
		}
		return ""
	}
	before := names(a)
	if !strings.Contains(before, "988") {
		t.Fatalf("the US lines do not name 988: %q", before)
	}
	for range 5 {
		if got := names(a); got != before {
			t.Fatalf("lines changed on their own: %q, then %q", before, got)
		}
		names(b)
	}
	if readsA.Load() != 1 || readsB.Load() != 1 {
		t.Fatalf("six pages on each node read the crisis lines %d and %d times, want once each", readsA.Load(), readsB.Load())
	}

	actx := addWarmline(t, st, a)
	for name, x := range map[string]*app.App{"node A (where it changed)": a, "node B": b} {
		if got := names(x); !strings.Contains(got, "Night warmline") {
			t.Errorf("%s does not show the new line: %q", name, got)
		}
		if got := langsOf(x, "Night warmline"); got != "es" {
			t.Errorf("%s says the new line answers in %q, want es", name, got)
		}
	}
	// A page that reorders its lines for a Spanish reader and rewrites
	// them changes no other page's.
	l, err := b.LinesFor(ctx, "US")
	if err != nil {
		t.Fatal(err)
	}
	l.PreferLanguage("es")
	for i := range l.Lines {
		l.Lines[i].Name = "changed"
		if len(l.Lines[i].Languages) > 0 {
			l.Lines[i].Languages[0] = "xx"
		}
		if len(l.Lines[i].Actions) > 0 {
			l.Lines[i].Actions[0].Label = "changed"
		}
	}
	if got := names(b); strings.Contains(got, "changed") || !strings.Contains(got, "Night warmline") {
		t.Errorf("one page's change to its lines shows on the next: %q", got)
	}
	if got := langsOf(b, "Night warmline"); got != "es" {
		t.Errorf("one page's change to a line's languages shows on the next: %q", got)
	}
	if l2, _ := b.LinesFor(ctx, "US"); l2 != nil {
		for _, r := range l2.Lines {
			for _, ac := range r.Actions {
				if ac.Label == "changed" {
					t.Errorf("one page's change to a line's buttons shows on the next: %+v", ac)
				}
			}
		}
	}
	if err := a.DeleteCrisisResource(actx, "us-warmline"); err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]*app.App{"node A": a, "node B": b} {
		if got := names(x); strings.Contains(got, "Night warmline") {
			t.Errorf("%s still shows the deleted line: %q", name, got)
		}
	}
}
