package app_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// memberReads counts the reads of a row in a group, and passes the
// store's watch through.
type memberReads struct {
	store.Store
	n *atomic.Int64
}

func (s memberReads) FindGroupMember(ctx context.Context, groupID, userID string) (*store.GroupMember, error) {
	s.n.Add(1)
	return s.Store.FindGroupMember(ctx, groupID, userID)
}

func (s memberReads) WatchWrites(fn func(store.Touched)) bool {
	return s.Store.(store.WriteWatcher).WatchWrites(fn)
}

// A SQLite node keeps people's rows in groups for the access checks of
// sends and subscriptions, and a removal still holds at once: a
// facilitator's removal, a leave, a join, a request approved, an
// account's deletion, made on node A, on the store directly, or by
// another process on the same file, each decide node B's next check
// exactly as on a node that keeps nothing. Between changes B reads
// nothing again.
func TestGroupAccessFollowsEveryMembershipWrite(t *testing.T) {
	st, node, dir, _ := sharedSQLite(t)
	var reads atomic.Int64
	a, b := node(st), node(memberReads{st, &reads})
	ctx := context.Background()
	now := time.Now().UTC()
	fran, bo, cy, as, g := eveningsOn(t, a)
	// check wants B to answer want for u twice, the second time without a
	// read, and a node that keeps nothing to answer the same.
	check := func(step string, u *model.User, want bool) {
		t.Helper()
		for i := range 2 {
			before := reads.Load()
			if got := b.CanRead(ctx, u.ID, g.ID); got != want {
				t.Fatalf("%s: node B lets %s read the group's chat: %v, want %v", step, u.Email, got, want)
			}
			if i == 1 && reads.Load() != before {
				t.Errorf("%s: node B read %s's row in the group again", step, u.Email)
			}
		}
		if got := node(st).CanRead(ctx, u.ID, g.ID); got != want {
			t.Fatalf("%s: a node keeping nothing lets %s read: %v, want %v", step, u.Email, got, want)
		}
	}
	check("before joining", bo, false)
	if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
		t.Fatal(err)
	}
	check("Bo joins on A", bo, true)
	check("Fran facilitates", fran, true)
	if err := a.ManageGroupMember(as(fran), g.ID, bo.ID, app.ManageMember{Action: "remove", Reason: "Selling in the group."}); err != nil {
		t.Fatal(err)
	}
	check("Fran removes Bo on A", bo, false)

	if _, err := a.JoinGroup(as(cy), g.ID, true); err != nil {
		t.Fatal(err)
	}
	check("Cy joins", cy, true)
	if err := a.LeaveGroup(as(cy), g.ID); err != nil {
		t.Fatal(err)
	}
	check("Cy leaves", cy, false)
	// Straight in the store, as an import or a job would.
	if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: cy.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	check("Cy put back in the store", cy, true)
	if err := a.DeleteMe(as(cy), "", ""); err != nil {
		t.Fatal(err)
	}
	check("Cy's account deleted", cy, false)

	// Another process puts Bo back: B hears of it through data_version.
	var asks atomic.Int64
	version := func(ctx context.Context) (int64, error) {
		asks.Add(1)
		return st.(*bunstore.Store).DataVersion(ctx)
	}
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go b.FollowOtherWriters(fctx, version, 5*time.Millisecond)
	go func() {
		for fctx.Err() == nil {
			b.NoteRequest()
			time.Sleep(time.Millisecond)
		}
	}()
	waitAsks := func() {
		t.Helper()
		n := asks.Load()
		for end := time.Now().Add(30 * time.Second); asks.Load() < n+2; time.Sleep(time.Millisecond) {
			if time.Now().After(end) {
				t.Fatal("node B does not ask whether another process committed")
			}
		}
	}
	waitAsks()
	check("B asks about other processes", bo, false)
	other := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: dir})
	if err := other.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: bo.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	waitAsks()
	check("another process puts Bo back", bo, true)
}
