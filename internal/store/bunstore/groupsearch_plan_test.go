package bunstore

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// TestGroupSearchReadsAlongIndexes: each statement of a directory search
// on SQLite reads along an index, never every group: the walk along the
// listing's (in its order, so it stops where it has read enough), the
// groups the trigram index found by their numbers, and the page by the
// groups' IDs.
func TestGroupSearchReadsAlongIndexes(t *testing.T) {
	ctx := context.Background()
	s := planStore(t)
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for i := range 50 {
		g := &store.Group{ID: fmt.Sprintf("p%03d", i), Name: fmt.Sprintf("Group %d", i), Visibility: "listed", CreatedBy: "u", CreatedAt: at, UpdatedAt: at}
		if err := s.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.w.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	f := store.GroupFilter{Visibility: []string{"listed", "private"}, Viewer: "u", Text: "group 1", After: store.Keyset{At: at, ID: "p049"}, Limit: 26}
	for _, c := range []struct {
		how   groupsRead
		extra []any
		want  []string
	}{
		{readWalk, nil, []string{"SEARCH g USING INDEX peer_groups_listing ((created_at,id)<(?,?))"}},
		{readFound, []any{"[1,2]"}, []string{"SEARCH r USING INTEGER PRIMARY KEY (rowid=?)", "SEARCH g USING INDEX sqlite_autoindex_peer_groups_1 (id=?)"}},
		{readIDs, []any{`["p001","p002"]`}, []string{"SEARCH g USING INDEX sqlite_autoindex_peer_groups_1 (id=?)"}},
	} {
		f := f
		if c.how != readWalk {
			f.Text = ""
		}
		q, args := s.groupsQuery(f, c.how, c.extra)
		plan := queryPlan(t, s, q, args...)
		for _, w := range c.want {
			if !strings.Contains(plan, w) {
				t.Errorf("read %d does not %q:\n%s", c.how, w, plan)
			}
		}
		if c.how == readWalk && strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("the walk sorts what it reads, so reads every group first:\n%s", plan)
		}
		if strings.Contains(plan, "SCAN g\n") || strings.HasSuffix(plan, "SCAN g") || strings.Contains(plan, "peer_groups_visibility") {
			t.Errorf("read %d reads every group:\n%s", c.how, plan)
		}
	}
}
