package app_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// personReads counts the reads of one person's profile (a name looked
// up) in names, and of their restriction in restrictions, where given.
type personReads struct {
	store.Store
	whose               string
	names, restrictions *atomic.Int64
}

func (s personReads) FindProfile(ctx context.Context, userID string) (*store.StoredProfile, error) {
	if userID == s.whose && s.names != nil {
		s.names.Add(1)
	}
	return s.Store.FindProfile(ctx, userID)
}

func (s personReads) FindRestriction(ctx context.Context, userID string) (*store.Restriction, error) {
	if userID == s.whose && s.restrictions != nil {
		s.restrictions.Add(1)
	}
	return s.Store.FindRestriction(ctx, userID)
}

func (s personReads) WatchWrites(fn func(store.Touched)) bool {
	w, ok := s.Store.(store.WriteWatcher)
	return ok && w.WatchWrites(fn)
}

// A SQLite node that follows other processes' commits hears of every
// change to a name before it could show the old one, and keeps names for
// ten minutes rather than 30 s (nameKeep): Bo's name is not read again
// after 31 s there (on PostgreSQL it is, as before); a new name given on
// the node shows on its next page; one written by another process shows
// once the node has asked after the other processes' commits; and after
// ten minutes the name is read again.
func TestANameIsKeptLongerWhereEveryChangeIsHeard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db)
		var reads atomic.Int64
		counted := &personReads{Store: st, names: &reads}
		a, pass, asked := clockedNode(t, db, st, counted, (*app.App).SetNameClock)
		sqlite := db.URL == ""
		fran, bo, _, as, g := eveningsOn(t, a)
		counted.whose = bo.ID
		if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SendMessage(as(bo), g.ID, "", "Day 3 today."); err != nil {
			t.Fatal(err)
		}
		page := func() string { t.Helper(); return onlyAuthor(t, a, as(fran), g.ID) }
		if got := page(); got != "Bo" {
			t.Fatalf("Fran's page names Bo %q", got)
		}

		pass(31 * time.Second)
		before := reads.Load()
		if got := page(); got != "Bo" {
			t.Fatalf("31 s later Fran's page names Bo %q", got)
		}
		switch read := reads.Load() - before; {
		case sqlite && read != 0:
			t.Fatalf("31 s later the node following every commit read Bo's name again (%d reads)", read)
		case !sqlite && read == 0:
			t.Fatal("31 s later a PostgreSQL node showed Bo's name without reading it")
		}

		if _, err := a.UpdateMe(as(bo), func(p *model.Profile) { p.DisplayName = "Bo R." }); err != nil {
			t.Fatal(err)
		}
		if got := page(); got != "Bo R." {
			t.Fatalf("after Bo's change on the node, its page names him %q", got)
		}

		if sqlite {
			// Another process (its own connections to the same file)
			// changes the name.
			other := testutil.OpenStore(t, db)
			p, err := other.FindProfile(ctx, bo.ID)
			if err != nil {
				t.Fatal(err)
			}
			p.DisplayName = "Bo Rivera"
			if err := other.UpsertProfile(ctx, p); err != nil {
				t.Fatal(err)
			}
			asked.Store(true)
			got := ""
			for range 400 {
				if got = page(); got == "Bo Rivera" {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			if got != "Bo Rivera" {
				t.Fatalf("after another process changed Bo's name the node names him %q", got)
			}

			pass(11 * time.Minute)
			before = reads.Load()
			if got := page(); got != "Bo Rivera" {
				t.Fatalf("11 minutes later the page names Bo %q", got)
			}
			if reads.Load() == before {
				t.Fatal("11 minutes later the node showed Bo's name without reading it")
			}
		}
	})
}

// followOthers has node a follow other processes' commits to st (SQLite)
// as `kinship serve` does, asking every 5 ms, with requests coming as on a
// node in use. It is told of a commit only once the returned flag is set
// (the test's other process has written): the store's own background
// commits drop nothing.
func followOthers(t *testing.T, ctx context.Context, a *app.App, st store.Store) *atomic.Bool {
	t.Helper()
	asked := new(atomic.Bool)
	v := st.(interface {
		DataVersion(context.Context) (int64, error)
	})
	var last int64
	version := func(ctx context.Context) (int64, error) {
		if asked.Load() || last == 0 {
			n, err := v.DataVersion(ctx)
			last = n
			return n, err
		}
		return last, nil
	}
	fctx, stop := context.WithCancel(ctx)
	t.Cleanup(stop)
	go a.FollowOtherWriters(fctx, version, 5*time.Millisecond)
	go func() {
		for fctx.Err() == nil {
			a.NoteRequest()
			time.Sleep(time.Millisecond)
		}
	}()
	for !a.FollowingOtherWriters() {
		time.Sleep(time.Millisecond)
	}
	return asked
}

// clockedNode is a node over `over` (st, or st wrapped) whose clock of
// kept things, set by setClock, the test moves with pass. On SQLite it
// follows other processes' commits to st (followOthers), told of them
// once asked is set.
func clockedNode(t *testing.T, db testutil.DB, st, over store.Store, setClock func(*app.App, func() time.Time)) (*app.App, func(time.Duration), *atomic.Bool) {
	t.Helper()
	node, _ := nodesWithKeyIn(t, db.DataDir)
	a := node(over)
	var mu sync.Mutex
	now := time.Now()
	setClock(a, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	pass := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	asked := new(atomic.Bool)
	if db.URL == "" {
		asked = followOthers(t, context.Background(), a, st)
	}
	return a, pass, asked
}

// followAlways has node a follow other processes' commits to st (SQLite)
// for the rest of b, asking only once an hour: nothing is dropped.
func followAlways(b *testing.B, a *app.App, st store.Store) {
	v := st.(interface {
		DataVersion(context.Context) (int64, error)
	})
	fctx, stop := context.WithCancel(context.Background())
	b.Cleanup(stop)
	go a.FollowOtherWriters(fctx, v.DataVersion, time.Hour)
	for !a.FollowingOtherWriters() {
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkChatPageNamesPast30s: a member's chat page of a group whose
// last 50 messages have 10 authors, each page 31 s after the one before
// (the names clock moved, nothing else), on a SQLite node: as a node
// keeps names for 30 s (not following other processes' commits: every
// page reads the authors' names again), and as a node that follows them
// keeps them (nameKeep: none read). Reports the store's reads per page.
func BenchmarkChatPageNamesPast30s(b *testing.B) {
	for _, follow := range []bool{false, true} {
		name := "kept-30s"
		if follow {
			name = "kept-while-heard"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			db := testutil.DB{Name: "sqlite", DataDir: b.TempDir()}
			st := testutil.OpenStore(b, db)
			node, _ := nodesWithKeyIn(b, db.DataDir)
			a := node(st)
			var mu sync.Mutex
			now := time.Now()
			a.SetNameClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
			if follow {
				followAlways(b, a, st)
			}
			fran, _, _, as, g := eveningsOn(b, a)
			for i := range 10 {
				u, err := a.AdminCreateUser(ctx, fmt.Sprintf("author%d@example.org", i), "steady harbor lantern", fmt.Sprintf("Author %d", i), model.RoleMember)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
					b.Fatal(err)
				}
				for j := range 5 {
					if _, _, err := a.SendMessage(as(u), g.ID, "", fmt.Sprintf("Day %d, one more evening.", j+1)); err != nil {
						b.Fatal(err)
					}
				}
			}
			counts := st.(interface{ Counts() (int64, int64) })
			page := func() {
				if _, p, err := a.GroupChat(as(fran), g.ID, 0, 50); err != nil || len(p.Messages) != 50 {
					b.Fatalf("the page: %v", err)
				}
			}
			page()
			r0, _ := counts.Counts()
			cpu0 := testutil.ProcessCPU()
			b.ReportAllocs()
			for b.Loop() {
				mu.Lock()
				now = now.Add(31 * time.Second)
				mu.Unlock()
				page()
			}
			r1, _ := counts.Counts()
			b.ReportMetric(float64(r1-r0)/float64(b.N), "reads/op")
			b.ReportMetric(float64((testutil.ProcessCPU()-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
		})
	}
}
