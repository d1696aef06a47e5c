package app_test

import (
	"context"
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

// layoutReads counts the layout's statements (and, when inbox is not
// nil, the inbox's), and passes the store's watch through (a wrapper
// without it would keep nothing).
type layoutReads struct {
	store.Store
	n, inbox *atomic.Int64
}

func (s layoutReads) ListInboxThreads(ctx context.Context, userID string, states []string, after store.Keyset, limit int) ([]*store.InboxEntry, error) {
	if s.inbox != nil {
		s.inbox.Add(1)
	}
	return s.Store.ListInboxThreads(ctx, userID, states, after, limit)
}

func (s layoutReads) FindLayout(ctx context.Context, userID string, place, blocks bool) (*store.Layout, error) {
	s.n.Add(1)
	return s.Store.FindLayout(ctx, userID, place, blocks)
}

func (s layoutReads) WatchWrites(fn func(store.Touched)) bool {
	return s.Store.(store.WriteWatcher).WatchWrites(fn)
}

// A SQLite node keeps each person's layout counts and place, read again
// only after a write that may have changed them. Every change that moves
// them, made on node A, on the store directly (as a job does) or by
// another process on the same file, shows on node B's next page exactly
// as on a node that keeps nothing: a message request, its acceptance, a
// direct message, reading it, an edit, a removal, a notification made,
// read and deleted, a zone adopted, a block and its lifting, an account
// deleted. Between changes B reads nothing again.
func TestLayoutCountsFollowEveryWrite(t *testing.T) {
	st, node, dir, log := sharedSQLite(t)
	var reads atomic.Int64
	a, b := node(st), node(layoutReads{st, &reads, nil})
	hubA, hubB := joinNodes(a, b, log) // blocks reach B's kept blocks as events
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
	ana, bo, cy := mk("ana@example.org", "Ana"), mk("bo@example.org", "Bo"), mk("cy@example.org", "Cy")
	as := func(u *model.User) context.Context {
		return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID, UserID: u.ID, AuthAt: now}})
	}
	gid := "01GROUP0000000000000000000"
	if err := st.CreateGroup(ctx, &store.Group{ID: gid, Name: "Evenings", Visibility: app.GroupListed, CreatedBy: ana.ID, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*model.User{ana, bo, cy} {
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	seen := func(x *app.App, u *model.User) string {
		l := x.Layout(as(u), true)
		zone := ""
		if l.Zone != nil {
			zone = l.Zone.String()
		}
		return fmt.Sprintf("bell %d, tab %d, zone %q", l.Notifications, l.Messages, zone)
	}
	// check wants B to show want for each person on two pages, the second
	// without a statement, and a node that keeps nothing to show the same.
	check := func(step string, want map[*model.User]string) {
		t.Helper()
		for u, w := range want {
			for i := range 2 {
				before := reads.Load()
				if got := seen(b, u); got != w {
					t.Fatalf("%s: node B shows %s %s, want %s", step, u.Email, got, w)
				}
				if i == 1 && reads.Load() != before {
					t.Errorf("%s: node B read %s's layout again on the second page", step, u.Email)
				}
			}
			if got := seen(node(st), u); got != w {
				t.Fatalf("%s: a node keeping nothing shows %s %s, want %s", step, u.Email, got, w)
			}
		}
	}
	check("before anything", map[*model.User]string{ana: `bell 0, tab 0, zone ""`, bo: `bell 0, tab 0, zone ""`})

	th, _, err := a.StartThread(as(bo), ana.ID, "dm1", "Are you going on Thursday?")
	if err != nil {
		t.Fatal(err)
	}
	check("Bo's request", map[*model.User]string{ana: `bell 1, tab 1, zone ""`, bo: `bell 0, tab 0, zone ""`})
	ns, err := a.ListNotifications(as(ana))
	if err != nil || len(ns.Notifications) != 1 {
		t.Fatalf("Ana's notifications: %v, %v", ns, err)
	}
	if err := a.MarkNotificationRead(as(ana), ns.Notifications[0].ID); err != nil {
		t.Fatal(err)
	}
	check("Ana reads the request's notice", map[*model.User]string{ana: `bell 0, tab 1, zone ""`})
	if err := a.AnswerRequest(as(ana), th.ID, "accept"); err != nil {
		t.Fatal(err)
	}
	check("Ana accepts", map[*model.User]string{ana: `bell 0, tab 1, zone ""`})
	m2, _, err := a.SendMessage(as(bo), th.ID, "dm2", "I'll save you a seat.")
	if err != nil {
		t.Fatal(err)
	}
	check("Bo writes again", map[*model.User]string{ana: `bell 0, tab 2, zone ""`, bo: `bell 0, tab 0, zone ""`})
	if _, err := a.EditMessage(as(bo), m2.ID, "I'll save you a seat by the window."); err != nil {
		t.Fatal(err)
	}
	check("Bo edits", map[*model.User]string{ana: `bell 0, tab 2, zone ""`})
	if _, err := a.DeleteMessage(as(bo), m2.ID, ""); err != nil {
		t.Fatal(err)
	}
	check("Bo deletes his message", map[*model.User]string{ana: `bell 0, tab 1, zone ""`})
	if err := a.MarkRead(as(ana), th.ID, m2.Seq); err != nil {
		t.Fatal(err)
	}
	check("Ana reads the thread", map[*model.User]string{ana: `bell 0, tab 0, zone ""`, bo: `bell 0, tab 0, zone ""`})

	// A notification made as a job makes one, straight in the store.
	nid := ulid.Make().String()
	if err := st.CreateNotification(ctx, &store.StoredNotification{ID: nid, UserID: ana.ID, Kind: "partner_checkin", Sealed: []byte("x"), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	check("a notification for Ana", map[*model.User]string{ana: `bell 1, tab 0, zone ""`, cy: `bell 0, tab 0, zone ""`})
	if err := a.MarkNotificationRead(as(ana), nid); err != nil {
		t.Fatal(err)
	}
	check("Ana reads it", map[*model.User]string{ana: `bell 0, tab 0, zone ""`})
	nid2 := ulid.Make().String()
	if err := st.CreateNotification(ctx, &store.StoredNotification{ID: nid2, UserID: ana.ID, Kind: "partner_checkin", Sealed: []byte("x"), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	check("another for Ana", map[*model.User]string{ana: `bell 1, tab 0, zone ""`})
	if err := st.DeleteNotification(ctx, ana.ID, nid2); err != nil {
		t.Fatal(err)
	}
	check("it is deleted", map[*model.User]string{ana: `bell 0, tab 0, zone ""`})

	if _, err := a.AdoptBrowserZone(as(ana), "America/Chicago"); err != nil {
		t.Fatal(err)
	}
	check("Ana's zone adopted", map[*model.User]string{ana: `bell 0, tab 0, zone "America/Chicago"`})

	// Cy writes to Ana; then Ana blocks and unblocks Cy (the tab leaves
	// out a blocked person's thread).
	if _, _, err := a.StartThread(as(cy), ana.ID, "dm3", "Hello from Cy"); err != nil {
		t.Fatal(err)
	}
	check("Cy's request", map[*model.User]string{ana: `bell 1, tab 1, zone "America/Chicago"`})
	if err := a.BlockMember(as(ana), cy.ID); err != nil {
		t.Fatal(err)
	}
	check("Ana blocks Cy", map[*model.User]string{ana: `bell 1, tab 0, zone "America/Chicago"`})
	if err := a.UnblockMember(as(ana), cy.ID); err != nil {
		t.Fatal(err)
	}
	check("Ana unblocks Cy", map[*model.User]string{ana: `bell 1, tab 1, zone "America/Chicago"`})

	// Cy deletes the account: the request goes with it.
	if err := a.DeleteMe(as(cy), "", ""); err != nil {
		t.Fatal(err)
	}
	check("Cy's account deleted", map[*model.User]string{ana: `bell 0, tab 0, zone "America/Chicago"`})

	// Another process (an import, an admin command) writes to the same
	// file: B hears of it through data_version, as it hears of sessions.
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
			b.NoteRequest() // pages keep coming: B asks throughout
			time.Sleep(time.Millisecond)
		}
	}()
	// waitAsks waits until B has asked twice more: the second ask began
	// after the first had answered and dropped what changed.
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
	check("B asks about other processes", map[*model.User]string{ana: `bell 0, tab 0, zone "America/Chicago"`})
	other := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: dir})
	if err := other.CreateNotification(ctx, &store.StoredNotification{ID: ulid.Make().String(), UserID: ana.ID, Kind: "partner_checkin", Sealed: []byte("x"), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	waitAsks()
	check("another process's notification for Ana", map[*model.User]string{ana: `bell 1, tab 0, zone "America/Chicago"`})
}

// A PostgreSQL node keeps no layouts: a group's chat page reads its
// layout in the same round trip as its group (store.LayoutAlongside), and
// its Layout reads nothing more; what it shows is what a page that reads
// the layout apart shows. A thread's read marker made by the request
// drops it (its count moves), and the next request reads again.
func TestChatPageReadsItsLayoutAlongsideOnPostgres(t *testing.T) {
	db := testutil.DB{Name: "postgres", URL: testutil.PostgresURL(t), DataDir: t.TempDir()}
	st := testutil.OpenStore(t, db)
	node, _ := nodesWithKeyIn(t, db.DataDir)
	var reads atomic.Int64
	a := node(layoutReads{st, &reads, nil})
	_, bo, cy, as, g := eveningsOn(t, a)
	for _, u := range []*model.User{bo, cy} {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	th, _, err := a.StartThread(as(cy), bo.ID, "dm1", "Are you going on Thursday?")
	if err != nil {
		t.Fatal(err)
	}
	show := func(l app.Layout) string {
		return fmt.Sprintf("bell %d, tab %d, zone %v", l.Notifications, l.Messages, l.Zone)
	}
	page := as(bo) // one request: one actor
	if _, _, err := a.GroupChat(page, g.ID, 0, 50); err != nil {
		t.Fatal(err)
	}
	got := show(a.Layout(page, true))
	if n := reads.Load(); n != 0 {
		t.Errorf("the chat page read its layout apart (%d reads)", n)
	}
	want := show(a.Layout(as(bo), true))
	if reads.Load() != 1 {
		t.Errorf("a page without the chat's read did not read its layout")
	}
	if got != want || want != "bell 1, tab 1, zone <nil>" && want != "bell 1, tab 1, zone UTC" {
		t.Errorf("the chat page shows %s; read apart %s", got, want)
	}
	// The layout read alongside is used once.
	a.Layout(page, true)
	if reads.Load() != 2 {
		t.Errorf("the layout read alongside was used twice")
	}

	// Bo opens the thread (the fallback that moves a thread's read
	// marker): the layout read alongside a page before it is not shown.
	page = as(bo)
	if _, _, err := a.GroupChat(page, g.ID, 0, 50); err != nil {
		t.Fatal(err)
	}
	if err := a.AnswerRequest(as(bo), th.ID, "accept"); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkPageRead(page, nil, th.ID, 1); err != nil {
		t.Fatal(err)
	}
	if got, want := show(a.Layout(page, true)), show(a.Layout(as(bo), true)); got != want {
		t.Errorf("after the thread was read: the page shows %s, read apart %s", got, want)
	}
}
