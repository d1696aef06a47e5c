package bunstore

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// withLongThread opens a SQLite store where a person has three
// direct-message threads: one of many messages written over a year, one
// short written after it began, and one opened and not written in; they
// have read all but the last two messages of each.
func withLongThread(tb testing.TB, long int) (s *Store, me string, start time.Time) {
	tb.Helper()
	ctx := context.Background()
	s, err := Open(ctx, "", tb.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	start = time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	var ids []string
	for i, name := range []string{"a", "b", "c", "d"} {
		u := &model.User{ID: fmt.Sprintf("01LONG%d", i), Email: name + "@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: start}
		if err := s.CreateUser(ctx, u); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	me = ids[0]
	thread := func(id, other string, opened time.Time, n int, every time.Duration) {
		if err := s.CreateConversation(ctx, &store.Conversation{ID: id, Kind: "dm", Pair: me + ":" + other, StartedBy: me, CreatedAt: opened}); err != nil {
			tb.Fatal(err)
		}
		for _, u := range []string{me, other} {
			if err := s.SaveConversationMember(ctx, &store.ConversationMember{ConversationID: id, UserID: u, State: "active", UpdatedAt: opened}); err != nil {
				tb.Fatal(err)
			}
		}
		for k := range n {
			author := other
			if k%2 == 1 {
				author = me
			}
			m := &store.StoredMessage{ID: fmt.Sprintf("%s-%05d", id, k), ConversationID: id, AuthorID: author, ClientID: fmt.Sprint(k),
				Sealed: make([]byte, 180), CreatedAt: opened.Add(time.Duration(k) * every)}
			if _, err := s.AppendMessage(ctx, m); err != nil {
				tb.Fatal(err)
			}
		}
		if n > 2 { // read up to its last two
			if err := s.MarkRead(ctx, id, me, int64(n-2), opened.Add(time.Duration(n)*every)); err != nil {
				tb.Fatal(err)
			}
		}
	}
	thread("long", ids[1], start, long, 100*time.Minute)           // about a year at 5,000
	thread("short", ids[2], start.Add(24*time.Hour), 3, time.Hour) // its newest the day after the start
	thread("quiet", ids[3], start.Add(48*time.Hour), 0, 0)
	return s, me, start
}

// TestInboxActivityIsTheNewestMessage: each thread's activity in the
// inbox is its newest message's time (or its opening, with none), read
// along the (conversation_id, seq) index as one row, not through every
// message of the thread; and a message written moves its thread first.
func TestInboxActivityIsTheNewestMessage(t *testing.T) {
	const long = 300
	s, me, start := withLongThread(t, long)
	ctx := context.Background()
	list := func() []*store.InboxEntry {
		t.Helper()
		all, err := s.ListInboxThreads(ctx, me, []string{"active", "request"}, store.Keyset{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		return all
	}
	type row struct {
		id     string
		active time.Time
	}
	same := func(what string, all []*store.InboxEntry, want []row) {
		t.Helper()
		var got []row
		for _, e := range all {
			got = append(got, row{e.ConversationID, e.ActiveAt.UTC()})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: threads and their activity %v, want %v", what, got, want)
		}
	}
	longNewest := start.Add((long - 1) * 100 * time.Minute)
	same("at first", list(), []row{
		{"long", longNewest},
		{"quiet", start.Add(48 * time.Hour)},
		{"short", start.Add(24*time.Hour + 2*time.Hour)},
	})
	later := longNewest.Add(time.Hour)
	if _, err := s.AppendMessage(ctx, &store.StoredMessage{ID: "short-new", ConversationID: "short", AuthorID: me, ClientID: "new", Sealed: []byte{1}, CreatedAt: later}); err != nil {
		t.Fatal(err)
	}
	same("after a message in the short thread", list(), []row{
		{"short", later},
		{"long", longNewest},
		{"quiet", start.Add(48 * time.Hour)},
	})
	// A page after the first thread continues from its activity.
	rest, err := s.ListInboxThreads(ctx, me, []string{"active"}, store.Keyset{At: later, ID: "short"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	same("the page after it", rest, []row{{"long", longNewest}, {"quiet", start.Add(48 * time.Hour)}})

	// The activity's subquery (the unique (conversation_id, seq), read
	// from its end) is followed by the blocks' subquery.
	q := fmt.Sprintf(inboxThreadsSQL, "?") + " ORDER BY i.active_at DESC, i.conversation_id DESC LIMIT ?"
	plan := queryPlan(t, s, q, me, "active", 10)
	if !strings.Contains(plan, "SEARCH x USING INDEX sqlite_autoindex_messages_2 (conversation_id=?)\nCORRELATED") || strings.Contains(plan, "messages_change") {
		t.Errorf("a thread's activity is not its newest row along (conversation_id, seq):\n%s", plan)
	}
}

// BenchmarkInboxWithALongThread: a person's inbox of three threads, one
// of them 5,000 messages long.
func BenchmarkInboxWithALongThread(b *testing.B) {
	s, me, _ := withLongThread(b, 5000)
	ctx := context.Background()
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if all, err := s.ListInboxThreads(ctx, me, []string{"active", "request"}, store.Keyset{}, 26); err != nil || len(all) != 3 {
			b.Fatalf("%d %v", len(all), err)
		}
	}
	b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/1e3/float64(b.N), "cpu-us/op")
}
