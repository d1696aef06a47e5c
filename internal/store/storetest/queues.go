package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// testQueueCounts: the moderators' queues count what their lists give,
// from the start or after a position in the same order (most severe
// first, then oldest, then by ID), and a reporter's open report of a thing
// is found whatever else is open.
func testQueueCounts(t *testing.T, st store.Store) {
	u := newUser(t, st, "queues@example.org")
	at := ts("2026-11-01T08:00:00Z")
	statuses := []string{"open", "acknowledged"}
	for i := range 30 {
		sev, status := 3+i%3, []string{"open", "acknowledged", "resolved"}[i%3]
		// Rows share times in pairs, so the ID decides ties.
		when := at.Add(time.Duration(i/2) * time.Minute)
		if err := st.CreateSafetyFlag(ctx, &store.SafetyFlag{ID: fmt.Sprintf("f%02d", i), UserID: u.ID, Surface: "chat", Ref: fmt.Sprintf("m%02d", i), Level: "crisis", Severity: sev,
			Sealed: []byte("x"), Status: status, CreatedAt: when, Source: "check"}); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateReport(ctx, &store.Report{ID: fmt.Sprintf("r%02d", i), ReporterID: fmt.Sprintf("someone-%d", i%4), TargetType: "post",
			TargetID: fmt.Sprintf("p%d", i%5), Reason: "spam", Severity: sev, Status: []string{"open", "open", "dismissed"}[i%3], CreatedAt: when}); err != nil {
			t.Fatal(err)
		}
	}
	flags, err := st.ListSafetyFlags(ctx, statuses, store.Keyset{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := st.ListReports(ctx, "open", store.Keyset{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) != 20 || len(reports) != 20 {
		t.Fatalf("%d flags and %d reports in the queues, want 20 and 20", len(flags), len(reports))
	}
	for i, f := range flags {
		n, err := st.CountSafetyFlagsAfter(ctx, statuses, store.Keyset{Rank: f.Severity, At: f.CreatedAt, ID: f.ID})
		if err != nil || n != len(flags)-1-i {
			t.Errorf("after the flag %s (place %d), %d counted (%v), want %d", f.ID, i+1, n, err, len(flags)-1-i)
		}
	}
	for i, r := range reports {
		n, err := st.CountReports(ctx, "open", store.Keyset{Rank: r.Severity, At: r.CreatedAt, ID: r.ID})
		if err != nil || n != len(reports)-1-i {
			t.Errorf("after the report %s (place %d), %d counted (%v), want %d", r.ID, i+1, n, err, len(reports)-1-i)
		}
	}
	if n, err := st.CountSafetyFlagsAfter(ctx, statuses, store.Keyset{}); err != nil || n != 20 {
		t.Errorf("all the flags: %d (%v)", n, err)
	}
	if n, err := st.CountReports(ctx, "open", store.Keyset{}); err != nil || n != 20 {
		t.Errorf("all the open reports: %d (%v)", n, err)
	}
	// r01 is someone-1's open report of p1; r11, someone-3's only report of p1, was dismissed.
	for _, c := range []struct {
		reporter, kind, id string
		want               bool
	}{
		{"someone-1", "post", "p1", true},
		{"someone-3", "post", "p1", false},
		{"someone-1", "post", "p2", false},
		{"someone-1", "comment", "p1", false},
		{"someone-9", "post", "p1", false},
	} {
		if got, err := st.HasOpenReport(ctx, c.reporter, c.kind, c.id); err != nil || got != c.want {
			t.Errorf("%s's open report of %s %s: %v (%v), want %v", c.reporter, c.kind, c.id, got, err, c.want)
		}
	}
}

// testConversationReports: a group's open reports are those of its own
// messages, most severe first, then oldest, a page at a time; closing a report twice is a conflict, so
// a moderator and a facilitator acting at once close it once.
func testConversationReports(t *testing.T, st store.Store) {
	u := newUser(t, st, "convreports@example.org")
	at := ts("2026-11-03T08:00:00Z")
	for _, c := range []string{"room-a", "room-b"} {
		if err := st.CreateConversation(ctx, &store.Conversation{ID: c, Kind: "group", CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			m := &store.StoredMessage{ID: fmt.Sprintf("%s-m%d", c, i), ConversationID: c, AuthorID: u.ID, ClientID: fmt.Sprint(i), CreatedAt: at}
			if _, err := st.AppendMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, r := range []struct {
		id, kind, target, status string
		severity                 int
	}{
		{"ra1", "message", "room-a-m0", "open", 2},
		{"ra2", "message", "room-a-m1", "open", 3},
		{"ra3", "message", "room-a-m1", "dismissed", 4},
		{"rb1", "message", "room-b-m0", "open", 5},
		{"rp1", "post", "room-a-m0", "open", 6},    // a post whose id happens to be a message's
		{"ra4", "message", "room-a-m0", "open", 3}, // as severe as ra2, and newer
	} {
		if err := st.CreateReport(ctx, &store.Report{ID: r.id, ReporterID: "someone", TargetType: r.kind, TargetID: r.target, Reason: "spam",
			Severity: r.severity, Status: r.status, CreatedAt: at.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(rs []*store.Report) string {
		var got []string
		for _, r := range rs {
			got = append(got, r.ID)
		}
		return fmt.Sprint(got)
	}
	rs, err := st.ListConversationReports(ctx, "room-a", store.Keyset{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(rs); got != "[ra2 ra4 ra1]" {
		t.Fatalf("room-a's open reports: %v, want [ra2 ra4 ra1] (most severe first, then oldest)", got)
	}
	// Read two at a time, each page after the last one's position.
	var paged []*store.Report
	for after := (store.Keyset{}); ; {
		page, err := st.ListConversationReports(ctx, "room-a", after, 2)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, page...)
		if len(page) < 2 {
			break
		}
		last := page[len(page)-1]
		after = store.Keyset{Rank: last.Severity, At: last.CreatedAt, ID: last.ID}
	}
	if got := ids(paged); got != "[ra2 ra4 ra1]" {
		t.Fatalf("room-a's open reports two at a time: %v, want [ra2 ra4 ra1]", got)
	}
	now := at.Add(time.Hour)
	r := rs[0]
	r.Status, r.HandledBy, r.HandledAt = "actioned", "facilitator", &now
	if err := st.UpdateReport(ctx, r); err != nil {
		t.Fatal(err)
	}
	r.Status, r.HandledBy = "dismissed", "moderator"
	if err := st.UpdateReport(ctx, r); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("closing a handled report again: %v, want a conflict", err)
	}
	if again, _ := st.FindReport(ctx, r.ID); again.Status != "actioned" || again.HandledBy != "facilitator" {
		t.Fatalf("the report after a second close: %+v", again)
	}
	if rs, err := st.ListConversationReports(ctx, "room-a", store.Keyset{}, 10); err != nil || ids(rs) != "[ra4 ra1]" {
		t.Fatalf("room-a's open reports after one was handled: %v (%v)", ids(rs), err)
	}
}
