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

// withNotifications opens a SQLite store with a person who has had read
// notifications, then unread ones.
func withNotifications(tb testing.TB, read, unread int) (*Store, string) {
	tb.Helper()
	ctx := context.Background()
	s, err := Open(ctx, "", tb.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	u := &model.User{ID: "01UNREAD", Email: "unread@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}
	if err := s.CreateUser(ctx, u); err != nil {
		tb.Fatal(err)
	}
	for i := range read + unread {
		n := &store.StoredNotification{ID: fmt.Sprintf("n%05d", i), UserID: u.ID, Kind: "direct_message", Sealed: []byte("x"), CreatedAt: at.Add(time.Duration(i) * time.Second)}
		if i < read {
			n.ReadAt = &at
		}
		if err := s.CreateNotification(ctx, n); err != nil {
			tb.Fatal(err)
		}
	}
	return s, u.ID
}

// queryPlan is SQLite's plan for q with args, a line a step.
func queryPlan(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n")
}

// TestUnreadNotificationsCountedFromTheirIndex: every page's layout
// counts the unread notifications from the index of unread ones alone
// (migration 42), not through every notification the person ever had; and
// counts them right.
func TestUnreadNotificationsCountedFromTheirIndex(t *testing.T) {
	s, me := withNotifications(t, 40, 3)
	ctx := context.Background()
	for _, q := range []string{findLayoutSQL, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL"} {
		args := []any{me, me}
		if strings.Count(q, "?") == 1 {
			args = args[:1]
		}
		if plan := queryPlan(t, s, q, args...); !strings.Contains(plan, "notifications USING COVERING INDEX notifications_unread") {
			t.Errorf("%.60s…: the count does not read the unread index alone:\n%s", q, plan)
		}
	}
	l, err := s.FindLayout(ctx, me, false, false)
	if err != nil || l.Notifications != 3 {
		t.Fatalf("the layout counts %v unread notifications (%v), want 3", l, err)
	}
	if n, err := s.CountUnread(ctx, me); err != nil || n != 3 {
		t.Fatalf("CountUnread: %d %v, want 3", n, err)
	}
}

// BenchmarkLayoutWithOldNotifications: the layout's one statement for a
// person with 1,000 notifications read and 3 unread.
func BenchmarkLayoutWithOldNotifications(b *testing.B) {
	s, me := withNotifications(b, 1000, 3)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if l, err := s.FindLayout(ctx, me, false, false); err != nil || l.Notifications != 3 {
			b.Fatalf("%+v %v", l, err)
		}
	}
}
