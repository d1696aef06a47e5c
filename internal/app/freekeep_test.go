package app_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A SQLite node that follows other processes' commits hears of every
// restriction before it could let the account write, and keeps an
// account found free to write for ten minutes rather than 10 s
// (freeKeep): 11 s after Bo's message his next is sent without reading
// his restriction there (on PostgreSQL it is read, as before); a
// suspension made on the node refuses his next message at once, on both;
// it ends by time and he writes again; a ban written by another process
// refuses him once the node has asked after the other processes' commits;
// and after ten minutes his restriction is read again.
func TestAFreeAccountIsKeptLongerWhereEveryRestrictionIsHeard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db)
		var reads atomic.Int64
		counted := &personReads{Store: st, restrictions: &reads}
		a, pass, asked := clockedNode(t, db, st, counted, (*app.App).SetFreeClock)
		sqlite := db.URL == ""
		_, bo, _, as, g := eveningsOn(t, a)
		counted.whose = bo.ID
		if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
			t.Fatal(err)
		}
		n := 0
		send := func() error {
			n++
			_, _, err := a.SendMessage(as(bo), g.ID, "", "Day "+string(rune('0'+n%10))+" today.")
			return err
		}
		refused := func(when, says string) {
			t.Helper()
			err := send()
			var me *model.Error
			if !errors.As(err, &me) || me.Kind != model.KindForbidden || !strings.Contains(me.Message, says) {
				t.Fatalf("%s Bo's message was answered %v, want it refused saying %q", when, err, says)
			}
		}
		if err := send(); err != nil {
			t.Fatal(err)
		}

		pass(11 * time.Second)
		before := reads.Load()
		if err := send(); err != nil {
			t.Fatalf("11 s later: %v", err)
		}
		switch read := reads.Load() - before; {
		case sqlite && read != 0:
			t.Fatalf("11 s later the node following every commit read Bo's restriction again (%d reads)", read)
		case !sqlite && read == 0:
			t.Fatal("11 s later a PostgreSQL node let Bo write without reading his restriction")
		}

		// Suspended on the node, until a moment from now.
		until := time.Now().Add(1500 * time.Millisecond)
		if _, _, err := a.AdminRestrict(ctx, bo.Email, "suspend", until, "Selling in the group chat."); err != nil {
			t.Fatal(err)
		}
		refused("once suspended on the node", "suspended until")
		time.Sleep(time.Until(until) + 50*time.Millisecond)
		if err := send(); err != nil {
			t.Fatalf("after his suspension ended Bo's message was refused: %v", err)
		}

		if sqlite {
			pass(11 * time.Minute)
			before = reads.Load()
			if err := send(); err != nil {
				t.Fatal(err)
			}
			if reads.Load() == before {
				t.Fatal("11 minutes later the node let Bo write without reading his restriction")
			}

			// Another process (its own connections to the same file)
			// bans him.
			other := testutil.OpenStore(t, db)
			if err := other.SetRestriction(ctx, &store.Restriction{UserID: bo.ID, Kind: "banned", ActionID: "01ACTION0000000000000000000"[:26], CreatedAt: time.Now().UTC()}); err != nil {
				t.Fatal(err)
			}
			asked.Store(true)
			var err error
			for range 400 {
				if err = send(); err != nil {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			var me *model.Error
			if !errors.As(err, &me) || me.Kind != model.KindForbidden || !strings.Contains(me.Message, "banned") {
				t.Fatalf("after another process banned Bo his message was answered %v", err)
			}
		}
	})
}

// BenchmarkMayWritePast10s: whether a member may write (home asks it, and
// every message sent), each time 11 s after the last by the clock accounts
// found free age by, on a SQLite node: as a node keeps them for 10 s (not
// following other processes' commits: each time reads the restriction
// again), and as a node that follows them keeps them (freeKeep: none
// read). Reports the store's reads per time.
func BenchmarkMayWritePast10s(b *testing.B) {
	for _, follow := range []bool{false, true} {
		name := "kept-10s"
		if follow {
			name = "kept-while-heard"
		}
		b.Run(name, func(b *testing.B) {
			db := testutil.DB{Name: "sqlite", DataDir: b.TempDir()}
			st := testutil.OpenStore(b, db)
			node, _ := nodesWithKeyIn(b, db.DataDir)
			a := node(st)
			var mu sync.Mutex
			now := time.Now()
			a.SetFreeClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
			if follow {
				followAlways(b, a, st)
			}
			_, bo, _, as, _ := eveningsOn(b, a)
			if err := a.WriteBlock(as(bo)); err != nil {
				b.Fatal(err)
			}
			counts := st.(interface{ Counts() (int64, int64) })
			r0, _ := counts.Counts()
			cpu0 := testutil.ProcessCPU()
			b.ReportAllocs()
			for b.Loop() {
				mu.Lock()
				now = now.Add(11 * time.Second)
				mu.Unlock()
				if err := a.WriteBlock(as(bo)); err != nil {
					b.Fatal(err)
				}
			}
			r1, _ := counts.Counts()
			b.ReportMetric(float64(r1-r0)/float64(b.N), "reads/op")
			b.ReportMetric(float64((testutil.ProcessCPU()-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
		})
	}
}
