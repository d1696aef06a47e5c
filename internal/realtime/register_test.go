package realtime

import (
	"context"
	"io"
	"log/slog"
	"testing"
)

// racingSource answers a socket's first opening as things stood before a
// change, and has the change's event delivered to the hub while that
// opening is under way (as a node keeping the blocks in memory may, before
// the event drops them); every later opening answers as things stand
// after it.
type racingSource struct {
	memSource
	hub     *Hub
	ev      Event
	opened  int
	before  string
	after   string
	blocked []string
}

func (r *racingSource) Opening(context.Context, string) (string, []string, error) {
	r.opened++
	if r.opened == 1 {
		r.hub.Receive(r.ev)
		return r.before, nil, nil
	}
	return r.after, r.blocked, nil
}

// A block delivered while Ana's socket opens, before the socket is among
// those the event reaches, still reaches it: the socket reads its blocks
// again once registered, and Ben's messages are not sent to it.
func TestBlockDeliveredWhileSocketOpensIsTaken(t *testing.T) {
	src := &racingSource{ev: Event{Node: "n2", Kind: KindBlock, User: "ana", Other: "ben"}, before: "member", after: "member", blocked: []string{"ben"}}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	src.hub = hub
	c := newClient("ana", "s1", &frames{})
	if err := hub.Register(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if src.opened != 2 {
		t.Errorf("the socket read what it opens with %d times, want twice", src.opened)
	}
	c.mu.Lock()
	_, blocked := c.blocked["ben"]
	c.mu.Unlock()
	if !blocked {
		t.Fatal("Ana's socket does not block Ben after a block delivered as it opened")
	}
	if got := hub.clientsOf("ana"); len(got) != 1 {
		t.Fatalf("Ana has %d sockets registered, want 1", len(got))
	}

	// Nothing delivered meanwhile: one reading.
	src2 := &racingSource{before: "member", after: "member"}
	hub2 := NewHub("n1", src2, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	src2.ev, src2.hub = Event{Node: "n2", Kind: KindChange, Conv: "c9", Change: 1}, hub2
	if err := hub2.Register(context.Background(), newClient("ana", "s1", &frames{})); err != nil {
		t.Fatal(err)
	}
	if src2.opened != 1 {
		t.Errorf("with nothing delivered meanwhile the socket read what it opens with %d times, want once", src2.opened)
	}
}

// A suspension (its sockets closed by a session-ended event) delivered
// while Ana's socket opens refuses the socket: it would carry the standing
// from before the change.
func TestAccountChangedWhileSocketOpensIsRefused(t *testing.T) {
	src := &racingSource{ev: Event{Node: "n2", Kind: KindSessionEnded, User: "ana", Note: ReasonAccountChanged}, before: "member", after: "member suspended 2026-12-09T00:00:00Z"}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	src.hub = hub
	if err := hub.Register(context.Background(), newClient("ana", "s1", &frames{})); err == nil {
		t.Fatal("a socket opened as its account was suspended was registered")
	}
	if got := hub.clientsOf("ana"); len(got) != 0 {
		t.Fatalf("Ana has %d sockets registered after the refusal, want none", len(got))
	}
}
