package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// keptCast is a SQLite file with a group Fran facilitates and Bo and Cy
// in it, node B (which keeps rows in groups and layouts, counting its
// reads of them) and a way to build a node that keeps nothing.
type keptCast struct {
	t          *testing.T
	dir        string
	st         store.Store
	b          *app.App
	node       func(store.Store) *app.App
	memberRead *atomic.Int64
	layoutRead *atomic.Int64
	fran, bo   *model.User
	cy         *model.User
	group      string
	as         func(*model.User) context.Context
}

// keptReads counts both kept reads and passes the store's watch through.
type keptReads struct {
	store.Store
	members, layouts *atomic.Int64
}

func (s keptReads) FindGroupMember(ctx context.Context, groupID, userID string) (*store.GroupMember, error) {
	s.members.Add(1)
	return s.Store.FindGroupMember(ctx, groupID, userID)
}

func (s keptReads) FindLayout(ctx context.Context, userID string, place, blocks bool) (*store.Layout, error) {
	s.layouts.Add(1)
	return s.Store.FindLayout(ctx, userID, place, blocks)
}

func (s keptReads) WatchWrites(fn func(store.Touched)) bool {
	return s.Store.(store.WriteWatcher).WatchWrites(fn)
}

func newKeptCast(t *testing.T, db testutil.DB) *keptCast {
	t.Helper()
	st := testutil.OpenStore(t, db)
	node, _ := nodesWithKeyIn(t, t.TempDir())
	c := &keptCast{t: t, dir: db.DataDir, st: st, node: node, memberRead: &atomic.Int64{}, layoutRead: &atomic.Int64{}}
	a := node(st)
	c.b = node(keptReads{st, c.memberRead, c.layoutRead})
	var g *app.GroupView
	c.fran, c.bo, c.cy, c.as, g = eveningsOn(t, a)
	c.group = g.ID
	for _, u := range []*model.User{c.bo, c.cy} {
		if _, err := a.JoinGroup(c.as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// reads wants node B to let u read the group's chat as want twice, the
// second time from what it keeps when kept says so, and a node keeping
// nothing to answer the same.
func (c *keptCast) reads(step string, u *model.User, want, kept bool) {
	c.t.Helper()
	ctx := context.Background()
	for i := range 2 {
		before := c.memberRead.Load()
		if got := c.b.CanRead(ctx, u.ID, c.group); got != want {
			c.t.Fatalf("%s: node B lets %s read the group's chat: %v, want %v", step, u.Email, got, want)
		}
		if i == 1 && kept && c.memberRead.Load() != before {
			c.t.Errorf("%s: node B read %s's row in the group again", step, u.Email)
		}
		if i == 1 && !kept && c.memberRead.Load() == before {
			c.t.Errorf("%s: node B answered %s from what it keeps", step, u.Email)
		}
	}
	if got := c.node(c.st).CanRead(ctx, u.ID, c.group); got != want {
		c.t.Fatalf("%s: a node keeping nothing lets %s read: %v, want %v", step, u.Email, got, want)
	}
}

// bell wants node B's layout for u to show n unread notifications twice,
// and a node keeping nothing the same.
func (c *keptCast) bell(step string, u *model.User, n int) {
	c.t.Helper()
	for range 2 {
		if got := c.b.Layout(c.as(u), false).Notifications; got != n {
			c.t.Fatalf("%s: node B shows %s %d unread notifications, want %d", step, u.Email, got, n)
		}
	}
	if got := c.node(c.st).Layout(c.as(u), false).Notifications; got != n {
		c.t.Fatalf("%s: a node keeping nothing shows %s %d, want %d", step, u.Email, got, n)
	}
}

func (c *keptCast) raw() *bunstore.Store { return c.st.(*bunstore.Store) }

func (c *keptCast) exec(q string, args ...any) {
	c.t.Helper()
	if err := c.raw().ExecRaw(context.Background(), q, args...); err != nil {
		c.t.Fatalf("%s: %v", q, err)
	}
}

const putMemberSQL = `INSERT INTO group_members (group_id, user_id, role, status, reason, guidelines_accepted_at, created_at, updated_at)
	VALUES (?, ?, 'member', ?, '', 1, 1, 1)`

// Review (review7) of the rows in groups a SQLite node keeps for the
// access checks: each way a row can change through the node's own writer
// (a read made while the write's transaction was open, a transaction
// rolled back, a savepoint rolled back, a statement that committed
// although the call that made it failed, REPLACE, a trigger, a group's
// deletion cascading, a DELETE of every row) decides node B's next check
// exactly as on a node keeping nothing.
func TestKeptGroupRowsFollowEveryKindOfWrite(t *testing.T) {
	c := newKeptCast(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	ctx := context.Background()
	c.reads("Bo joined", c.bo, true, true)

	// Node B reads Bo's row while the transaction removing it is open
	// (the pre-update hook has fired, nothing has committed), and keeps
	// what it read: the commit must drop it.
	err := c.st.InTx(ctx, func(tx store.Store) error {
		if err := tx.(*bunstore.Store).ExecRaw(ctx, "UPDATE group_members SET status = 'removed' WHERE group_id = ? AND user_id = ?", c.group, c.bo.ID); err != nil {
			return err
		}
		if !c.b.CanRead(ctx, c.bo.ID, c.group) {
			t.Error("node B saw the removal before it committed")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.reads("Bo removed while B read", c.bo, false, true)

	// A transaction putting Bo back, read by B while open, rolled back.
	errUndo := errors.New("undo")
	err = c.st.InTx(ctx, func(tx store.Store) error {
		if err := tx.(*bunstore.Store).ExecRaw(ctx, "UPDATE group_members SET status = 'active' WHERE group_id = ? AND user_id = ?", c.group, c.bo.ID); err != nil {
			return err
		}
		if c.b.CanRead(ctx, c.bo.ID, c.group) {
			t.Error("node B saw Bo put back before it committed")
		}
		return errUndo
	})
	if !errors.Is(err, errUndo) {
		t.Fatal(err)
	}
	c.reads("Bo's return rolled back", c.bo, false, true)

	// A savepoint rolled back inside a transaction that commits another
	// change: Cy's removal is undone, Bo's return is not.
	err = c.st.InTx(ctx, func(tx store.Store) error {
		x := tx.(*bunstore.Store)
		for _, q := range []string{"SAVEPOINT r7", "UPDATE group_members SET status = 'removed' WHERE group_id = '" + c.group + "' AND user_id = '" + c.cy.ID + "'",
			"ROLLBACK TO r7", "RELEASE r7", "UPDATE group_members SET status = 'active' WHERE group_id = '" + c.group + "' AND user_id = '" + c.bo.ID + "'"} {
			if err := x.ExecRaw(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.reads("savepoint: Cy stays", c.cy, true, true)
	c.reads("savepoint: Bo back", c.bo, true, true)

	// A statement that commits in a call that then fails.
	if err := c.raw().ExecRaw(ctx, "UPDATE group_members SET status = 'removed' WHERE group_id = ? AND user_id = ?; SELECT * FROM no_such_table", c.group, c.bo.ID); err == nil {
		t.Fatal("the call with a missing table did not fail")
	}
	c.reads("Bo removed by a call that failed after", c.bo, false, true)

	// REPLACE deletes the conflicting row and inserts another.
	c.exec("INSERT OR REPLACE INTO group_members (group_id, user_id, role, status, reason, guidelines_accepted_at, created_at, updated_at) VALUES (?, ?, 'member', 'active', '', 1, 1, 1)", c.group, c.bo.ID)
	c.reads("Bo put back by REPLACE", c.bo, true, true)
	c.exec("REPLACE INTO group_members (group_id, user_id, role, status, reason, guidelines_accepted_at, created_at, updated_at) VALUES (?, ?, 'member', 'removed', '', 1, 1, 1)", c.group, c.bo.ID)
	c.reads("Bo removed by REPLACE", c.bo, false, true)

	// A trigger's writes (the schema has none on these tables today).
	c.exec("CREATE TRIGGER r7_leave AFTER INSERT ON notifications BEGIN UPDATE group_members SET status = 'left' WHERE user_id = NEW.user_id; END")
	c.reads("before the trigger", c.cy, true, true)
	if err := c.st.CreateNotification(ctx, &store.StoredNotification{ID: ulid.Make().String(), UserID: c.cy.ID, Kind: "partner_checkin", Sealed: []byte("x"), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	c.exec("DROP TRIGGER r7_leave")
	c.reads("Cy's row changed by a trigger", c.cy, false, true)

	// Every row deleted at once (SQLite's truncate optimization skips the
	// per-row hooks unless one is registered).
	c.exec("UPDATE group_members SET status = 'active'")
	c.reads("all active again", c.bo, true, true)
	c.reads("all active again", c.cy, true, true)
	c.exec("DELETE FROM group_members")
	c.reads("every row deleted", c.bo, false, true)
	c.reads("every row deleted", c.cy, false, true)

	// A group deleted: its rows go by ON DELETE CASCADE.
	c.exec(putMemberSQL, c.group, c.bo.ID, "active")
	c.reads("Bo back once more", c.bo, true, true)
	if err := c.st.InTx(ctx, func(tx store.Store) error {
		x := tx.(*bunstore.Store)
		if err := x.ExecRaw(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		return x.ExecRaw(ctx, "DELETE FROM peer_groups WHERE id = ?", c.group)
	}); err != nil {
		t.Skipf("the group's other rows hold it: %v", err)
	}
	c.reads("the group deleted", c.bo, false, true)
}

// Review (review7) of the layouts a SQLite node keeps: a notification
// made while B read, one made and rolled back, REPLACE, and a deletion of
// more rows than one transaction names (maxTouched) each show on node B's
// next page as on a node keeping nothing.
func TestKeptLayoutFollowsEveryKindOfWrite(t *testing.T) {
	c := newKeptCast(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	ctx := context.Background()
	note := func(s store.Store, u *model.User) string {
		id := ulid.Make().String()
		if err := s.CreateNotification(ctx, &store.StoredNotification{ID: id, UserID: u.ID, Kind: "partner_checkin", Sealed: []byte("x"), CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	c.bell("nothing yet", c.bo, 0)
	if err := c.st.InTx(ctx, func(tx store.Store) error {
		note(tx, c.bo)
		if n := c.b.Layout(c.as(c.bo), false).Notifications; n != 0 {
			t.Errorf("node B saw %d notifications before they committed", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	c.bell("one made while B read", c.bo, 1)

	errUndo := errors.New("undo")
	if err := c.st.InTx(ctx, func(tx store.Store) error {
		note(tx, c.bo)
		c.b.Layout(c.as(c.bo), false)
		return errUndo
	}); !errors.Is(err, errUndo) {
		t.Fatal(err)
	}
	c.bell("one rolled back", c.bo, 1)

	id := note(c.st, c.cy)
	c.bell("Cy's", c.cy, 1)
	c.exec("REPLACE INTO notifications (id, user_id, kind, sealed, created_at, read_at) VALUES (?, ?, 'partner_checkin', x'00', 1, 1)", id, c.cy.ID)
	c.bell("Cy's read by REPLACE", c.cy, 0)
	// REPLACE moving a row to another person: both change.
	c.exec("REPLACE INTO notifications (id, user_id, kind, sealed, created_at, read_at) VALUES (?, ?, 'partner_checkin', x'00', 1, NULL)", id, c.fran.ID)
	c.bell("moved to Fran: Fran", c.fran, 1)
	c.bell("moved to Fran: Cy", c.cy, 0)

	// More rows than one transaction names: everything is told.
	c.bell("Bo before the many", c.bo, 1)
	if err := c.st.InTx(ctx, func(tx store.Store) error {
		for range 1100 {
			note(tx, c.cy)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	c.bell("many for Cy", c.cy, 1100)
	c.exec("DELETE FROM notifications")
	c.bell("all deleted: Cy", c.cy, 0)
	c.bell("all deleted: Bo", c.bo, 0)
	c.bell("all deleted: Fran", c.fran, 0)
}

// Review (review7): a node that kept rows before it began to follow
// other writers (between its start and FollowOtherWriters' first ask)
// must not keep them past another process's commit in that moment: the
// first ask's answer is the baseline, and what was kept before it could
// be older.
func TestKeptBeforeFollowingIsDroppedOnFirstAsk(t *testing.T) {
	c := newKeptCast(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	ctx := context.Background()
	c.reads("Bo joined, kept before following", c.bo, true, true)
	c.bell("Bo's bell kept before following", c.bo, 0)

	other := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: c.dir})
	if err := other.SaveGroupMember(ctx, &store.GroupMember{GroupID: c.group, UserID: c.bo.ID, Role: app.RoleMember, Status: "removed", Reason: "Selling in the group.", CreatedAt: time.Now(), UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := other.CreateNotification(ctx, &store.StoredNotification{ID: ulid.Make().String(), UserID: c.bo.ID, Kind: "partner_checkin", Sealed: []byte("x"), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}

	var asks atomic.Int64
	version := func(ctx context.Context) (int64, error) {
		asks.Add(1)
		return c.raw().DataVersion(ctx)
	}
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go c.b.FollowOtherWriters(fctx, version, 5*time.Millisecond)
	go func() {
		for fctx.Err() == nil {
			c.b.NoteRequest()
			time.Sleep(time.Millisecond)
		}
	}()
	for end := time.Now().Add(30 * time.Second); asks.Load() < 3; time.Sleep(time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("node B does not ask whether another process committed")
		}
	}
	c.reads("another process removed Bo before B followed", c.bo, false, true)
	c.bell("another process's notification before B followed", c.bo, 1)
}

// Review (review7): a PostgreSQL node keeps nothing of rows in groups or
// layouts: another node's removal (here another connection pool on the
// same database) holds on the very next check, and every check reads.
func TestPostgresNodeKeepsNoGroupRowsNorLayouts(t *testing.T) {
	url := testutil.PostgresURL(t)
	c := newKeptCast(t, testutil.DB{Name: "postgres", URL: url})
	ctx := context.Background()
	c.reads("Bo joined", c.bo, true, false)
	c.bell("Bo's bell", c.bo, 0)
	other := testutil.OpenStore(t, testutil.DB{Name: "postgres", URL: url})
	if err := other.SaveGroupMember(ctx, &store.GroupMember{GroupID: c.group, UserID: c.bo.ID, Role: app.RoleMember, Status: "removed", Reason: "Selling in the group.", CreatedAt: time.Now(), UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := other.CreateNotification(ctx, &store.StoredNotification{ID: ulid.Make().String(), UserID: c.bo.ID, Kind: "partner_checkin", Sealed: []byte("x"), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	c.reads("another node removed Bo", c.bo, false, false)
	c.bell("another node's notification", c.bo, 1)
	before := c.layoutRead.Load()
	c.b.Layout(c.as(c.bo), false)
	if c.layoutRead.Load() == before {
		t.Error("the PostgreSQL node answered a layout from what it keeps")
	}
}
