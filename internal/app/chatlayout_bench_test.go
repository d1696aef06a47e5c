package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// layoutApart reads a chat page's group without its layout alongside
// (as every page did before), so that the page's Layout reads it apart.
type layoutApart struct{ store.Store }

func (s layoutApart) FindGroupChat(ctx context.Context, groupID, userID string) (*store.GroupChat, error) {
	return s.Store.FindGroupChat(store.WithLayoutAlongside(ctx, &store.LayoutAlongside{Done: true}), groupID, userID)
}

// BenchmarkChatPageReadsOnPostgres: what a group's chat page's reads
// (GroupChat, then the page's Layout) cost a PostgreSQL node and
// PostgreSQL's backends, in CPU per page, with the layout read apart (as
// before) and alongside the group in one round trip. cpu-us/op is this
// process's CPU (the node's reads, the page's sealed messages opened),
// pg-cpu-us/op the CPU of the database's backends (from /proc: run it on
// PostgreSQL's machine as root or its user).
func BenchmarkChatPageReadsOnPostgres(b *testing.B) {
	db := testutil.DB{Name: "postgres", URL: testutil.PostgresURL(b), DataDir: b.TempDir()}
	st := testutil.OpenStore(b, db)
	node, _ := nodesWithKeyIn(b, db.DataDir)
	a := node(st)
	_, bo, cy, as, g := eveningsOn(b, a)
	for _, u := range []*model.User{bo, cy} {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 20 {
		if _, _, err := a.SendMessage(as(cy), g.ID, fmt.Sprint("m", i), "Evening, all."); err != nil {
			b.Fatal(err)
		}
	}
	if _, _, err := a.StartThread(as(cy), bo.ID, "dm1", "Are you going on Thursday?"); err != nil {
		b.Fatal(err)
	}
	pg, err := sql.Open("pgx", db.URL)
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	for _, c := range []struct {
		name string
		s    store.Store
	}{{"layout-apart", layoutApart{st}}, {"layout-alongside", st}} {
		b.Run(c.name, func(b *testing.B) {
			x := node(c.s)
			page := func() {
				ctx := as(bo)
				if _, _, err := x.GroupChat(ctx, g.ID, 0, 50); err != nil {
					b.Fatal(err)
				}
				if l := x.Layout(ctx, true); l.Messages != 1 {
					b.Fatalf("the Messages tab counts %d", l.Messages)
				}
			}
			page()
			node0, pg0 := cpuOf(b, pg)
			b.ResetTimer()
			for range b.N {
				page()
			}
			b.StopTimer()
			node1, pg1 := cpuOf(b, pg)
			b.ReportMetric(float64((node1-node0).Microseconds())/float64(b.N), "cpu-us/op")
			b.ReportMetric(float64((pg1-pg0).Microseconds())/float64(b.N), "pg-cpu-us/op")
		})
	}
}

// cpuOf is this process's CPU and that of the backends of pg's database.
func cpuOf(b *testing.B, pg *sql.DB) (node, backends time.Duration) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	node = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	rows, err := pg.Query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			b.Fatal(err)
		}
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		backends += time.Duration(ut+stime) * 10 * time.Millisecond // clock ticks of 100 Hz
	}
	return node, backends
}
