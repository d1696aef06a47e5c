package bunstore

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// told collects what a store's watch tells.
type told struct {
	mu sync.Mutex
	ts []store.Touched
}

func (t *told) fn(x store.Touched) {
	t.mu.Lock()
	t.ts = append(t.ts, x)
	t.mu.Unlock()
}

// take returns what was told since the last take, as sorted "u:id",
// "c:id", "m:group/id", "p:id" (a profile) and "all".
func (t *told) take() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, x := range t.ts {
		if x.All {
			out = append(out, "all")
		}
		for _, u := range x.Users {
			out = append(out, "u:"+u)
		}
		for _, c := range x.Convs {
			out = append(out, "c:"+c)
		}
		for _, k := range x.Members {
			out = append(out, "m:"+k.GroupID+"/"+k.UserID)
		}
		for _, p := range x.Profiles {
			out = append(out, "p:"+p)
		}
	}
	t.ts = nil
	slices.Sort(out)
	return strings.Join(slices.Compact(out), " ")
}

// The SQLite store tells, once each write has committed and before the
// call that made it returns, whose layout it may have changed: every row
// of notifications, profiles, conversations, their members and messages,
// however written (a statement, a transaction, a cascade of a deletion, a
// REPLACE, a DELETE without WHERE), and nothing of a group's
// conversation once its kind is known, nor of other tables; and every
// row of a group's members, and every profile (its display name). Within a
// transaction nothing is told until it commits.
func TestWatchTellsEveryLayoutRow(t *testing.T) {
	ctx := context.Background()
	s, w, exec := watchedStore(t)
	want := func(step, wanted string) {
		t.Helper()
		if got := w.take(); got != wanted {
			t.Errorf("%s: told %q, want %q", step, got, wanted)
		}
	}
	for _, u := range []string{"ana", "bo", "cy"} {
		exec("INSERT INTO users (id, email, role, created_at) VALUES (?, ?, 'member', 1)", u, u+"@example.org")
		exec("INSERT INTO profiles (user_id, display_name, updated_at) VALUES (?, ?, 1)", u, u)
	}
	want("users and profiles", "p:ana p:bo p:cy u:ana u:bo u:cy")
	exec("UPDATE profiles SET display_name = 'Bo R.' WHERE user_id = 'bo'")
	want("a name changed", "p:bo u:bo")

	exec("INSERT INTO notifications (id, user_id, kind, sealed, created_at) VALUES ('n1', 'ana', 'k', x'00', 1)")
	want("a notification", "u:ana")
	exec("UPDATE notifications SET read_at = 2 WHERE id = 'n1'")
	want("read", "u:ana")
	exec("REPLACE INTO notifications (id, user_id, kind, sealed, created_at) VALUES ('n1', 'bo', 'k', x'00', 1)")
	want("replaced by another person's", "u:ana u:bo")
	exec("DELETE FROM notifications")
	want("all deleted", "u:bo")

	exec("INSERT INTO conversations (id, kind, pair, created_at) VALUES ('dm', 'dm', 'ana:bo', 1)")
	want("a thread", "c:dm u:ana u:bo")
	exec("INSERT INTO conversation_members (conversation_id, user_id, state, updated_at) VALUES ('dm', 'ana', 'active', 1), ('dm', 'bo', 'request', 1)")
	want("its members", "c:dm u:ana u:bo")
	exec("INSERT INTO messages (id, conversation_id, seq, change, author_id, client_id, created_at) VALUES ('m1', 'dm', 1, 1, 'ana', 'x', 1)")
	want("a message", "c:dm")
	exec("UPDATE messages SET state = 'removed' WHERE id = 'm1'")
	want("removed", "c:dm")
	exec("UPDATE conversations SET last_seq = 1 WHERE id = 'dm'")
	want("numbered", "c:dm u:ana u:bo")

	exec("INSERT INTO conversations (id, kind, created_at) VALUES ('g', 'group', 1)")
	want("a group's conversation", "")
	exec("INSERT INTO conversation_members (conversation_id, user_id, state, updated_at) VALUES ('g', 'cy', 'active', 1)")
	exec("INSERT INTO messages (id, conversation_id, seq, change, author_id, client_id, created_at) VALUES ('m2', 'g', 1, 1, 'cy', 'x', 1)")
	exec("UPDATE conversations SET last_seq = 1 WHERE id = 'g'")
	exec("UPDATE conversation_members SET last_read_seq = 1 WHERE conversation_id = 'g'")
	exec("INSERT INTO audit_log (id, action, at) VALUES ('a1', 'x', 1)")
	want("a group's members, messages, numbers and other tables", "")
	exec("UPDATE conversations SET kind = 'dm' WHERE id = 'g'")
	want("a kind changed", "all")
	exec("UPDATE conversations SET kind = 'group' WHERE id = 'g'")
	want("changed back", "all")

	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO notifications (id, user_id, kind, sealed, created_at) VALUES ('n2', 'cy', 'k', x'00', 1)"); err != nil {
		t.Fatal(err)
	}
	want("inside a transaction", "")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want("once it committed", "u:cy")

	// A group's members: joined, removed, and gone with their account.
	now := fromMicros(1)
	if err := s.CreateGroup(ctx, &store.Group{ID: "pg", Name: "Evenings", Visibility: "listed", CreatedBy: "ana", CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	want("a group", "")
	for _, u := range []string{"ana", "bo"} {
		if err := s.SaveGroupMember(ctx, &store.GroupMember{GroupID: "pg", UserID: u, Role: "member", Status: "active", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	want("its members", "m:pg/ana m:pg/bo")
	exec("UPDATE group_members SET status = 'removed' WHERE user_id = 'ana'")
	want("ana removed", "m:pg/ana")

	// Through the store's own calls, in its transactions.
	if err := s.InTx(ctx, func(tx store.Store) error {
		return tx.MarkRead(ctx, "dm", "bo", 1, fromMicros(3))
	}); err != nil {
		t.Fatal(err)
	}
	want("marked read in a transaction", "c:dm u:bo")

	// A deletion's cascade: bo's profile, member row and notifications.
	exec("INSERT INTO notifications (id, user_id, kind, sealed, created_at) VALUES ('n3', 'bo', 'k', x'00', 1)")
	w.take()
	exec("DELETE FROM users WHERE id = 'bo'")
	want("bo deleted", "c:dm m:pg/bo p:bo u:bo")
}

// The watch reads its columns by position: they are the schema's.
func TestWatchedColumnsAreTheSchemas(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.checkColumns(ctx); err != nil {
		t.Fatal(err)
	}
	if s.watch.off {
		t.Fatal("the watch is off")
	}
}
