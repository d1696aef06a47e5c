package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// A group's row that node B keeps for its sockets' checks serves its other
// access checks too (a history read, an edit), and an archive made on node
// A reaches them at once through its event: after the archive, B refuses
// Bo's edit as archived, as a node that keeps nothing does, and still lets
// him read the chat's history.
func TestArchiveReachesEveryNodesAccessChecksAtOnce(t *testing.T) {
	st, node, _, log := sharedSQLite(t)
	a, b := node(st), node(st)
	hubA, hubB := joinNodes(a, b, log)
	t.Cleanup(func() { hubA.Close(); hubB.Close() })
	ctx := context.Background()
	fran, bo, _, as, g := eveningsOn(t, a)
	if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
		t.Fatal(err)
	}
	m, _, err := b.SendMessage(as(bo), g.ID, "c1", "See you Thursday.")
	if err != nil {
		t.Fatal(err)
	}
	// B's socket checks keep the group's row.
	if !b.CanRead(ctx, bo.ID, g.ID) {
		t.Fatal("Bo may not follow the chat on B")
	}
	if _, err := b.EditMessage(as(bo), m.ID, "See you on Thursday."); err != nil {
		t.Fatalf("before the archive, B refuses Bo's edit: %v", err)
	}
	if err := a.ArchiveGroup(as(fran), g.ID); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		name string
		n    *app.App
	}{{"node B", b}, {"a node keeping nothing", node(st)}} {
		if _, err := x.n.EditMessage(as(bo), m.ID, "See you Thursday evening."); err == nil || !strings.Contains(err.Error(), "archived") {
			t.Fatalf("after the archive on A, %s answers Bo's edit with %v, want it refused as archived", x.name, err)
		}
		if p, err := x.n.ListMessages(as(bo), g.ID, 0, 0, 50); err != nil || len(p.Messages) != 1 {
			t.Fatalf("after the archive on A, %s reads Bo the chat's history: %v, %v", x.name, p, err)
		}
	}
}
