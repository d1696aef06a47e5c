package bunstore

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// TestGroupPagesReadTheirMembersFromAnIndex: a group's page reads its
// leaders and a page of its members along group_members_place (migration
// 45), from the page's start, with no sort of the group's rows.
func TestGroupPagesReadTheirMembersFromAnIndex(t *testing.T) {
	s := planStore(t)
	after := store.Keyset{At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ID: "u1"}
	for what, f := range map[string]store.MemberFilter{
		"a page of members": {GroupID: "g", Status: []string{"active"}, Members: true, After: after, Limit: 26},
		"the leaders":       {GroupID: "g", Status: []string{"active"}, Leaders: true, Limit: 100},
	} {
		q, args := s.membersQuery(f)
		p := queryPlan(t, s, q, args...)
		if !strings.Contains(p, "USING INDEX group_members_place") || what == "a page of members" && strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s is not read along group_members_place:\n%s", what, p)
		}
	}
}

// planStore is a new SQLite store whose plans a test reads (queryPlan),
// closed when the test ends.
func planStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "", t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
