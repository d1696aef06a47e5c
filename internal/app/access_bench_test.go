package app_test

import (
	"context"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// BenchmarkSubscriptionCheck: the access check a socket makes for every
// subscription to a group's chat (each chat page's socket) and every
// send (CanRead: the conversation, its group and the person's row in it).
// Reports CPU microseconds per check.
func BenchmarkSubscriptionCheck(b *testing.B) {
	st, node, _, _ := sharedSQLite(b)
	a := node(st)
	ctx := context.Background()
	_, bo, _, as, g := eveningsOn(b, a)
	if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	t0 := testutil.ProcessCPU()
	i := 0
	for b.Loop() {
		if !a.CanRead(ctx, bo.ID, g.ID) {
			b.Fatal("a member may not read the group's chat")
		}
		i++
	}
	b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
}
