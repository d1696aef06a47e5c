package app_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// pairBroker joins two nodes' hubs in the process, as PostgreSQL's
// LISTEN/NOTIFY does between processes.
type pairBroker struct{ other *realtime.Hub }

func (b *pairBroker) Publish(_ context.Context, ev realtime.Event) error {
	if b.other != nil {
		b.other.Receive(ev)
	}
	return nil
}
func (b *pairBroker) Run(ctx context.Context, _ realtime.Receiver) error { <-ctx.Done(); return nil }

// joinNodes gives a and b hubs joined by pairBroker, as two nodes joined
// by a broker.
func joinNodes(a, b *app.App, log *slog.Logger) (hubA, hubB *realtime.Hub) {
	toB, toA := &pairBroker{}, &pairBroker{}
	hubA = realtime.NewHub("node-a", a, toB, log)
	hubB = realtime.NewHub("node-b", b, toA, log)
	toB.other, toA.other = hubB, hubA
	a.SetHub(hubA)
	b.SetHub(hubB)
	return hubA, hubB
}

// sharedStore opens a SQLite store and returns it with a way to start a
// node over it (or over a store wrapping it), as nodes share a database and
// a key file.
func sharedStore(t *testing.T) (store.Store, func(store.Store) *app.App) {
	t.Helper()
	st, node, _, _ := sharedSQLite(t)
	return st, node
}

// sharedSQLite is sharedStore with the data directory (where another
// process would open the same file) and the nodes' log (for joinNodes).
func sharedSQLite(t testing.TB) (store.Store, func(store.Store) *app.App, string, *slog.Logger) {
	t.Helper()
	dir := t.TempDir()
	st := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: dir})
	node, log := nodesWithKeyIn(t, dir)
	return st, node, dir, log
}

// nodesWithKeyIn returns a way to start nodes that share the key file in
// dir (over any store), and their log.
func nodesWithKeyIn(t testing.TB, dir string) (func(store.Store) *app.App, *slog.Logger) {
	t.Helper()
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return func(s store.Store) *app.App {
		return app.New(s, box, mail.NewTerminal(io.Discard), log, app.Options{BaseURL: "http://127.0.0.1"})
	}, log
}

// eveningsOn has node a make three people, Fran, Bo and Cy, and Fran's
// listed group, Evenings, with no one else in it (Fran's two-factor
// login counted as set up: facilitators need it); as is a person's
// signed-in context.
func eveningsOn(t testing.TB, a *app.App) (fran, bo, cy *model.User, as func(*model.User) context.Context, g *app.GroupView) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	mk := func(email, name string) *model.User {
		u, err := a.AdminCreateUser(ctx, email, "steady harbor lantern", name, model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	fran, bo, cy = mk("fran@example.org", "Fran"), mk("bo@example.org", "Bo"), mk("cy@example.org", "Cy")
	fran.MFAEnabled = true
	as = func(u *model.User) context.Context {
		return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID, UserID: u.ID, AuthAt: now}})
	}
	name, desc, guide, vis := "Evenings", "We talk after the kids are asleep.", "What is shared here stays here.", "listed"
	g, err := a.CreateGroup(as(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	return fran, bo, cy, as, g
}
