package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLongCatchUpIsDeliveredWhole subscribes a reader more changes behind
// than a socket's queue may hold for a slow reader (a tab that slept
// through a busy night): it must get every change it missed, once and in
// order, then the subscription's answer, and stay connected. The catch-up
// is queued at once, so counting it against the slow-reader limit cut the
// socket off, and each reconnect from the same change was cut off again.
func TestLongCatchUpIsDeliveredWhole(t *testing.T) {
	limit := queueLimit
	t.Cleanup(func() { queueLimit = limit })
	queueLimit = 64
	hub, src, url := start(t, timing{})
	const missed = 1000 // over fifteen times the queue limit
	body := strings.Repeat("x", 200)
	for range missed {
		src.add("ben", body)
	}
	c := dial(t, url, "ana")
	readType(t, c, "hello")
	if err := c.WriteJSON(Request{Op: "subscribe", Conv: "c1", Ref: "s", After: 0}); err != nil {
		t.Fatal(err)
	}
	for want := int64(1); want <= missed; want++ {
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("after %d of the %d missed changes the socket closed: %v", want-1, missed, err)
		}
		var m struct {
			Type   string `json:"type"`
			Change int64  `json:"change"`
		}
		_ = json.Unmarshal(data, &m)
		if m.Type != "message" || m.Change != want {
			t.Fatalf("frame %d: %s, want change %d", want, data, want)
		}
	}
	readType(t, c, "subscribed")
	// The socket stays open and live: the next change arrives.
	hub.Publish(context.Background(), src.add("ben", "good morning"))
	if m := readType(t, c, "message"); m["body"] != "good morning" || m["change"] != float64(missed+1) {
		t.Fatalf("after the catch-up: %v, want the next change", m)
	}
}

// pagedSource is memSource that records, at every read, how many changes it
// returned and how many catch-up frames the reader's socket still held
// unwritten: a far-behind reader's catch-up must be read a page at a time,
// each page once the writer took the one before.
type pagedSource struct {
	*memSource
	hub    *Hub
	reader string

	mu       sync.Mutex
	reads    int
	mostRead int
	mostHeld int
}

func (p *pagedSource) Changes(ctx context.Context, conv string, after, upTo int64, limit int) ([]Event, error) {
	evs, err := p.memSource.Changes(ctx, conv, after, upTo, limit)
	held := 0
	for _, c := range p.hub.clientsOf(p.reader) {
		c.mu.Lock()
		held = max(held, c.caught)
		c.mu.Unlock()
	}
	p.mu.Lock()
	p.reads++
	p.mostRead = max(p.mostRead, len(evs))
	p.mostHeld = max(p.mostHeld, held)
	p.mu.Unlock()
	return evs, err
}

// TestFarBehindCatchUpIsPagedAndExact subscribes a reader 5,000 changes
// behind (a page asleep through a busy night) while the conversation goes
// on: 300 more changes are published during its catch-up. The reader must
// get every change once and in order, the catch-up and the live changes
// joined without a gap or a repeat, and stay live after; the hub must read
// the backlog a page at a time and queue the next page only once the
// socket's writer took the one before, so it never holds the backlog.
func TestFarBehindCatchUpIsPagedAndExact(t *testing.T) {
	const behind, during = 5000, 300
	mem := &memSource{}
	src := &pagedSource{memSource: mem, reader: "ana"}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	src.hub = hub
	url := serve(t, hub, timing{})

	body := strings.Repeat("y", 300)
	for range behind {
		mem.add("ben", body)
	}
	// Cy follows the conversation on the same node, so live changes are
	// fanned out here while Ana catches up.
	cy := dial(t, url, "cy")
	readType(t, cy, "hello")
	if err := cy.WriteJSON(Request{Op: "subscribe", Conv: "c1", Ref: "s", After: behind}); err != nil {
		t.Fatal(err)
	}
	readType(t, cy, "subscribed")

	ana := dial(t, url, "ana")
	readType(t, ana, "hello")
	if err := ana.WriteJSON(Request{Op: "subscribe", Conv: "c1", Ref: "s", After: 0}); err != nil {
		t.Fatal(err)
	}
	published := make(chan struct{})
	go func() {
		defer close(published)
		for range during {
			hub.Publish(context.Background(), mem.add("ben", "meanwhile"))
			time.Sleep(time.Millisecond)
		}
	}()
	var last int64
	subscribed := false
	for last < behind+during {
		_ = ana.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, data, err := ana.ReadMessage()
		if err != nil {
			t.Fatalf("after change %d of %d the socket closed: %v", last, behind+during, err)
		}
		var m struct {
			Type   string `json:"type"`
			Change int64  `json:"change"`
		}
		_ = json.Unmarshal(data, &m)
		switch m.Type {
		case "subscribed":
			subscribed = true
			continue
		case "message":
		default:
			t.Fatalf("unexpected frame %s", data)
		}
		if m.Change != last+1 {
			t.Fatalf("after change %d came change %d: every change once and in order", last, m.Change)
		}
		last = m.Change
		if last == behind/2 {
			// The reader stops reading for a while: the hub must wait for
			// its writer, not read on.
			time.Sleep(200 * time.Millisecond)
		}
	}
	<-published
	if !subscribed {
		readType(t, ana, "subscribed")
	}
	hub.Publish(context.Background(), mem.add("ben", "good morning"))
	if m := readType(t, ana, "message"); m["body"] != "good morning" || m["change"] != float64(behind+during+1) {
		t.Fatalf("after the catch-up: %v, want the next change", m)
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.mostRead > catchUpPage || src.reads < behind/catchUpPage {
		t.Fatalf("the catch-up was read in %d reads of up to %d changes, want pages of at most %d", src.reads, src.mostRead, catchUpPage)
	}
	if src.mostHeld > catchUpPage {
		t.Fatalf("a page was read while the socket held %d unwritten catch-up frames, want at most one page (%d)", src.mostHeld, catchUpPage)
	}
}

// heldSink hands each batch the writer takes to the test, and returns only
// when the test has read it: a reader whose pace the test sets.
type heldSink struct{ batches chan []*prepared }

func (h heldSink) write(batch []*prepared) error {
	h.batches <- slices.Clone(batch)
	return nil
}
func (heldSink) kick(string) {}
func (heldSink) end(string)  {}

// TestRemovedDuringCatchUpGetsNoMore: Ana, 5,000 changes behind, is removed
// from the conversation while her catch-up is being sent (the hub holds no
// lock then, so the removal cannot unsubscribe her): she must get no page
// read after the removal, not the change made after it, and no
// subscription, but a refusal.
func TestRemovedDuringCatchUpGetsNoMore(t *testing.T) {
	src := &memSource{}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	const behind = 5000
	for range behind {
		src.add("ben", "night")
	}
	sink := heldSink{batches: make(chan []*prepared)}
	c := newClient("ana", "", sink)
	if err := hub.Register(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- hub.Subscribe(context.Background(), c, "c1", 0) }()
	read := 0
	var last int64
	take := func(batch []*prepared) {
		for _, p := range batch {
			var m struct {
				Change int64 `json:"change"`
			}
			_ = json.Unmarshal(p.data, &m)
			if m.Change != last+1 {
				t.Fatalf("after change %d came change %d", last, m.Change)
			}
			last = m.Change
			read++
		}
	}
	for read < 1000 {
		take(<-sink.batches)
	}
	// Ana is removed: committed, then told to every node.
	src.gone.Store("ana", true)
	hub.Publish(context.Background(), Event{Kind: KindRemoved, User: "ana", Conv: "c1"})
	hub.Publish(context.Background(), src.add("ben", "after Ana left"))
	atRemoval := read
	for {
		select {
		case batch := <-sink.batches:
			take(batch)
			continue
		case err := <-done:
			if !errors.Is(err, errNoAccess) {
				t.Fatalf("the subscription ended with %v, want errNoAccess", err)
			}
		}
		break
	}
	// What the writer had taken or was queued before the removal may still
	// arrive: at most the page being written and the one queued.
	for {
		select {
		case batch := <-sink.batches:
			take(batch)
			continue
		case <-time.After(100 * time.Millisecond):
		}
		break
	}
	if read-atRemoval > 2*catchUpPage || last > behind {
		t.Fatalf("after her removal Ana got %d more changes, up to change %d (of %d before it)", read-atRemoval, last, behind)
	}
	if c.Subscribed("c1") {
		t.Fatal("Ana is subscribed after her removal")
	}
}
