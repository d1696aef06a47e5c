package bunstore

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// Lists read on every page (a member's notifications, partnerships,
// connections) run from statements prepared once per node on SQLite, as
// single-row reads already did: parsing them again cost a tenth of a
// node's CPU under bench/usersim. The same list read twice prepares once.
func TestListReadsKeepTheirPreparedStatements(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "", t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 0; i < 3; i++ {
		if _, err := s.ListNotifications(ctx, "01USER", store.Keyset{}, 20); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ListPartnerships(ctx, "01USER"); err != nil {
			t.Fatal(err)
		}
		if n := s.stmts.len(); n != 2 {
			t.Fatalf("after reading two lists %d times, %d statements are kept, want 2", i+1, n)
		}
	}
	kept := s.stmts.texts()
	if len(kept) != 2 {
		t.Errorf("statements kept: %q", kept)
	}
}

// TestShortInListsKeepTheirStatements: the home page's meetings of a
// person's groups (an IN list) keep their statement, one for each short
// length, and a long list is prepared on each call rather than fill the
// cache.
func TestShortInListsKeepTheirStatements(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "", t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("01GROUP%02d", i)
		}
		return out
	}
	for i := 0; i < 3; i++ {
		if _, err := s.ListGroupMeetings(ctx, ids(2)); err != nil {
			t.Fatal(err)
		}
		if n := s.stmts.len(); n != 1 {
			t.Fatalf("after reading two groups' meetings %d times, %d statements are kept, want 1", i+1, n)
		}
	}
	if _, err := s.ListGroupMeetings(ctx, ids(3)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ListGroupMeetings(ctx, ids(maxKeptInList+1)); err != nil {
		t.Fatal(err)
	}
	if n := s.stmts.len(); n != 2 {
		t.Fatalf("after two, three and %d groups, %d statements are kept, want 2", maxKeptInList+1, n)
	}
}
