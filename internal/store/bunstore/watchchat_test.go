package bunstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// chat returns what was told since the last take of what FindGroupChat
// reads, as sorted "g:id" (a group's row), "b:id" (a block), "c:id=kind
// pair seq change" (a conversation's row as left), "r:conv/user=state
// seq" (a person's row in one) and "?" after a row's key when its state
// cannot be told.
func (t *told) chat() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, x := range t.ts {
		if x.All {
			out = append(out, "all")
		}
		if x.ChatAll {
			out = append(out, "chat:all")
		}
		for _, g := range x.Groups {
			out = append(out, "g:"+g)
		}
		for _, b := range x.Blocks {
			out = append(out, "b:"+b)
		}
		for _, r := range x.Rows {
			k := "c:" + r.ConversationID
			if r.UserID != "" {
				k = "r:" + r.ConversationID + "/" + r.UserID
			}
			switch {
			case !r.Known:
				out = append(out, k+"?")
			case r.UserID == "":
				out = append(out, fmt.Sprintf("%s=%s %s %d %d", k, r.State, r.Pair, r.LastSeq, r.LastChange))
			default:
				out = append(out, fmt.Sprintf("%s=%s %d", k, r.State, r.LastSeq))
			}
		}
	}
	t.ts = nil
	slices.Sort(out)
	return strings.Join(slices.Compact(out), " ")
}

// watchedStore opens a SQLite store (closed when the test ends) whose
// watch tells w, and a way to run a statement on its writer.
func watchedStore(t *testing.T) (*Store, *told, func(q string, args ...any)) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, "", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w := &told{}
	if !s.WatchWrites(w.fn) {
		t.Fatal("a SQLite store does not watch")
	}
	return s, w, func(q string, args ...any) {
		t.Helper()
		if _, err := s.wdb.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// The SQLite store tells, of what a group chat page's statement reads, the
// groups' rows and the blocks either way written, and the conversations'
// rows and people's rows in them as the write left them, once it has
// committed; not their state when it cannot be told: the row was
// deleted, the transaction rolled back, or a statement of it failed
// (SQLite then undoes that statement's rows, whose new states the
// pre-update hook had already seen), whether inside a transaction that
// goes on to commit or alone.
func TestWatchTellsChatRowsAsLeft(t *testing.T) {
	ctx := context.Background()
	s, w, exec := watchedStore(t)
	var err error
	want := func(step, wanted string) {
		t.Helper()
		if got := w.chat(); got != wanted {
			t.Errorf("%s: told %q, want %q", step, got, wanted)
		}
	}
	for _, u := range []string{"ana", "bo"} {
		exec("INSERT INTO users (id, email, role, created_at) VALUES (?, ?, 'member', 1)", u, u+"@example.org")
	}
	w.chat()
	exec("INSERT INTO peer_groups (id, name, visibility, created_by, created_at, updated_at) VALUES ('g', 'Evenings', 'listed', 'ana', 1, 1)")
	exec("INSERT INTO conversations (id, kind, created_at) VALUES ('g', 'group', 1)")
	want("a group and its conversation", "c:g=group  0 0 g:g")
	exec("UPDATE peer_groups SET visibility = 'private' WHERE id = 'g'")
	want("its visibility", "g:g")
	exec("INSERT INTO conversations (id, kind, pair, created_at) VALUES ('dm', 'dm', 'ana:bo', 1)")
	want("a thread", "c:dm=dm ana:bo 0 0")
	if err := s.MarkRead(ctx, "g", "ana", 3, fromMicros(1)); err != nil {
		t.Fatal(err)
	}
	want("a read marker", "r:g/ana=reader 3")
	m := &store.StoredMessage{ID: "m1", ConversationID: "g", AuthorID: "bo", ClientID: "x", CreatedAt: fromMicros(1)}
	if _, err := s.AppendMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	want("a message", "c:g=group  1 1")
	if err := s.Block(ctx, "ana", "bo", fromMicros(1)); err != nil {
		t.Fatal(err)
	}
	want("a block", "b:ana b:bo")
	exec("DELETE FROM blocks")
	want("lifted", "b:ana b:bo")

	// A failed statement inside a transaction that commits.
	err = s.InTx(ctx, func(tx store.Store) error {
		if err := tx.MarkRead(ctx, "g", "ana", 5, fromMicros(1)); err != nil {
			return err
		}
		if err := tx.(*Store).ExecRaw(ctx, "INSERT INTO users (id, email, role, created_at) VALUES ('ana', 'x@example.org', 'member', 1)"); err == nil {
			t.Error("a second account of one ID was made")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want("a marker beside a failed statement", "r:g/ana?")
	// A transaction rolled back.
	err = s.InTx(ctx, func(tx store.Store) error {
		if err := tx.MarkRead(ctx, "g", "ana", 7, fromMicros(1)); err != nil {
			return err
		}
		return fmt.Errorf("no")
	})
	if err == nil {
		t.Fatal("the transaction committed")
	}
	want("a marker rolled back", "r:g/ana?")
	// A statement alone that changes a row and fails (the person it
	// names has no account): SQLite undoes it.
	if _, err := s.wdb.ExecContext(ctx, "UPDATE conversation_members SET last_read_seq = 9, user_id = 'nobody' WHERE conversation_id = 'g'"); err == nil {
		t.Fatal("a marker was moved to no one")
	}
	want("a statement undone", "r:g/ana? r:g/nobody?")
	var seq int64
	if err := s.rdb.QueryRowContext(ctx, "SELECT last_read_seq FROM conversation_members WHERE conversation_id = 'g' AND user_id = 'ana'").Scan(&seq); err != nil || seq != 5 {
		t.Fatalf("the marker is at %d (%v), want 5", seq, err)
	}
	// The same through a statement kept prepared on the writer.
	st, err := s.wdb.PrepareContext(ctx, "UPDATE conversation_members SET last_read_seq = ?, user_id = ? WHERE conversation_id = 'g'")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ExecContext(ctx, 11, "nobody"); err == nil {
		t.Fatal("a marker was moved to no one")
	}
	want("a prepared statement undone", "r:g/ana? r:g/nobody?")
	if _, err := st.ExecContext(ctx, 6, "ana"); err != nil {
		t.Fatal(err)
	}
	want("a prepared statement", "r:g/ana=reader 6")
	exec("DELETE FROM conversations WHERE id = 'g'")
	want("a conversation deleted", "c:g? r:g/ana?")
	exec("DELETE FROM peer_groups WHERE id = 'g'")
	want("a group deleted", "g:g")

	// More rows than one transaction tells one by one: all of them.
	err = s.InTx(ctx, func(tx store.Store) error {
		for i := range maxTouched + 1 {
			if err := tx.(*Store).ExecRaw(ctx, "INSERT INTO users (id, email, role, created_at) VALUES (?, ?, 'member', 1)", fmt.Sprintf("p%04d", i), fmt.Sprintf("p%04d@example.org", i)); err != nil {
				return err
			}
			if err := tx.Block(ctx, "ana", fmt.Sprintf("p%04d", i), fromMicros(1)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want("many blocks", "chat:all")
}
