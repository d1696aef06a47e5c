package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// What a node keeps of a person's layout (their direct threads, whom with,
// their zone and sealed country) is let go on every node once their
// account is erased on another, though they never open a page again: on
// SQLite by the store's word of the write, on PostgreSQL by the erasure's
// event.
func TestAnErasedPersonsLayoutIsKeptNowhere(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		st, stB := testutil.OpenStore(t, db), testutil.OpenStore(t, db)
		if db.URL == "" {
			stB = st // one SQLite file, one store, as nodes over one file share its word of every write
		}
		node, log := nodesWithKeyIn(t, db.DataDir)
		a, b := node(st), node(stB)
		hubA, hubB := joinNodes(a, b, log)
		t.Cleanup(func() { hubA.Close(); hubB.Close() })
		ctx := context.Background()
		now := time.Now().UTC()
		mk := func(email, name string) *model.User {
			u, err := a.AdminCreateUser(ctx, email, "steady harbor lantern", name, model.RoleMember)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		bo, cy := mk("bo@example.org", "Bo"), mk("cy@example.org", "Cy")
		as := func(u *model.User) context.Context {
			return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID, UserID: u.ID, AuthAt: now}})
		}
		gid := "01GROUP0000000000000000000"
		if err := st.CreateGroup(ctx, &store.Group{ID: gid, Name: "Evenings", Visibility: app.GroupListed, CreatedBy: bo.ID, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*model.User{bo, cy} {
			if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := a.StartThread(as(cy), bo.ID, "dm1", "Are you around tonight?"); err != nil {
			t.Fatal(err)
		}
		b.Layout(as(cy), true)
		kept := b.KeptLayoutThreads(cy.ID)
		t.Logf("node B keeps Cy's threads: %q", kept)
		if err := a.DeleteMe(as(cy), "", ""); err != nil {
			t.Fatal(err)
		}
		if got := b.KeptLayoutThreads(cy.ID); got != nil {
			t.Errorf("after Cy erased their account on A, node B still keeps their layout (threads %v)", got)
		}
	})
}
