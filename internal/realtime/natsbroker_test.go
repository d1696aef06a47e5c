package realtime

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// recorder is a Receiver that keeps what it was given.
type recorder struct {
	mu      sync.Mutex
	events  []Event
	resyncs int
	changed chan struct{}
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{}, 1)} }

func (r *recorder) Receive(ev Event) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
	r.poke()
}

func (r *recorder) Resync() {
	r.mu.Lock()
	r.resyncs++
	r.mu.Unlock()
	r.poke()
}

func (r *recorder) poke() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// wait returns once ok holds of what r has, failing after ten seconds.
func (r *recorder) wait(t *testing.T, what string, ok func(evs []Event, resyncs int) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		r.mu.Lock()
		done := ok(r.events, r.resyncs)
		r.mu.Unlock()
		if done {
			return
		}
		select {
		case <-r.changed:
		case <-deadline:
			r.mu.Lock()
			defer r.mu.Unlock()
			t.Fatalf("waiting for %s: have %d events and %d resyncs", what, len(r.events), r.resyncs)
		}
	}
}

// natsNode dials a broker named name and runs it into a fresh recorder;
// connected receives once per (re)connection.
func natsNode(t *testing.T, url, name string) (*NATSBroker, *recorder, chan struct{}) {
	t.Helper()
	b, err := DialNATS(NATSOptions{URL: url, Name: name, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), ReconnectWait: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	connected := make(chan struct{}, 16)
	b.Connected = func() { connected <- struct{}{} }
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx, rec); close(done) }()
	t.Cleanup(func() { cancel(); <-done; b.Close() })
	select {
	case <-connected:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not connect", name)
	}
	return b, rec, connected
}

// TestNATSBrokerDeliversEveryEventOnceInOrder: what one node publishes
// reaches the other whole and in order (the same fields PostgreSQL's
// broker carries, the frame left behind), exactly once, and never comes
// back to the node that sent it.
func TestNATSBrokerDeliversEveryEventOnceInOrder(t *testing.T) {
	srv := testutil.StartNATS(t)
	a, recA, _ := natsNode(t, srv.URL(), "node-a")
	_, recB, _ := natsNode(t, srv.URL(), "node-b")
	ctx := context.Background()
	const n = 500
	for i := 1; i <= n; i++ {
		ev := Event{Node: "node-a", Kind: KindChange, Conv: "g1", Change: int64(i), Author: "u1", Frame: []byte(`{"body":"private words"}`)}
		if i%100 == 0 {
			ev = Event{Node: "node-a", Kind: KindSessionEnded, User: "u2", Session: fmt.Sprint("s", i), Note: ReasonSignedOut}
		}
		if err := a.Publish(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	recB.wait(t, "every event", func(evs []Event, _ int) bool { return len(evs) >= n })
	time.Sleep(100 * time.Millisecond) // room for a duplicate to show
	recB.mu.Lock()
	defer recB.mu.Unlock()
	if len(recB.events) != n {
		t.Fatalf("node B received %d events, want %d", len(recB.events), n)
	}
	for i, ev := range recB.events {
		want := Event{Node: "node-a", Kind: KindChange, Conv: "g1", Change: int64(i + 1), Author: "u1"}
		if (i+1)%100 == 0 {
			want = Event{Node: "node-a", Kind: KindSessionEnded, User: "u2", Session: fmt.Sprint("s", i+1), Note: ReasonSignedOut}
		}
		if fmt.Sprint(ev) != fmt.Sprint(want) {
			t.Fatalf("event %d arrived as %+v, want %+v", i+1, ev, want)
		}
	}
	recA.mu.Lock()
	defer recA.mu.Unlock()
	if len(recA.events) != 0 {
		t.Fatalf("node A received %d of its own events back", len(recA.events))
	}
}

// TestNATSBrokerCatchesUpAfterAConnectionDrops: when a node's connection
// to NATS is cut it reconnects and catches up from the database (Resync)
// before it reports itself connected again, and events published after
// that arrive. When the publishing node's connection is cut, what it sent
// just before may be lost in flight, so the other node catches up too.
func TestNATSBrokerCatchesUpAfterAConnectionDrops(t *testing.T) {
	srv := testutil.StartNATS(t)
	a, _, _ := natsNode(t, srv.URL(), "node-a")
	_, recB, connectedB := natsNode(t, srv.URL(), "node-b")
	ctx := context.Background()

	// Node B's connection is cut: B catches up once it is back.
	srv.Kick(t, "node-b")
	select {
	case <-connectedB:
	case <-time.After(10 * time.Second):
		t.Fatal("node B did not reconnect")
	}
	recB.mu.Lock()
	resyncs := recB.resyncs
	recB.mu.Unlock()
	if resyncs != 1 {
		t.Fatalf("node B caught up %d times after its reconnection, want 1", resyncs)
	}
	if err := a.Publish(ctx, Event{Node: "node-a", Kind: KindRemoved, User: "u3", Conv: "g1"}); err != nil {
		t.Fatal(err)
	}
	recB.wait(t, "the event after B's reconnection", func(evs []Event, _ int) bool {
		return len(evs) == 1 && evs[0].Kind == KindRemoved && evs[0].User == "u3"
	})

	// Node A's connection is cut while it publishes: B catches up when A is back.
	srv.Kick(t, "node-a")
	for i := 0; i < 5; i++ {
		if err := a.Publish(ctx, Event{Node: "node-a", Kind: KindBlock, User: "u4", Other: fmt.Sprint("u", 10+i)}); err != nil {
			t.Fatal(err)
		}
	}
	recB.wait(t, "node B's catch-up after A's reconnection", func(_ []Event, n int) bool { return n == 2 })
	// Those of the five that were not lost in flight arrive once each and
	// in order, and what A publishes next arrives.
	if err := a.Publish(ctx, Event{Node: "node-a", Kind: KindUnblock, User: "u4", Other: "u10"}); err != nil {
		t.Fatal(err)
	}
	recB.wait(t, "the event after A's reconnection", func(evs []Event, _ int) bool {
		return len(evs) > 1 && evs[len(evs)-1].Kind == KindUnblock
	})
	recB.mu.Lock()
	defer recB.mu.Unlock()
	next := 10
	for _, ev := range recB.events[1 : len(recB.events)-1] {
		var i int
		if _, err := fmt.Sscanf(ev.Other, "u%d", &i); err != nil || ev.Kind != KindBlock || i < next {
			t.Fatalf("events after A's cut out of order or repeated: %+v", recB.events)
		}
		next = i + 1
	}
	t.Logf("of 5 events published as A's connection was cut, %d arrived; the rest were caught up from the database", len(recB.events)-2)
}

// TestNATSBrokerWaitsForNATS: a node may start while NATS is down (it is
// restarting, say). It starts all the same, connects when NATS comes, and
// then carries events both ways.
func TestNATSBrokerWaitsForNATS(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	early, err := DialNATS(NATSOptions{URL: url, Name: "early", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), ReconnectWait: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("a node must start while NATS is down: %v", err)
	}
	defer early.Close()
	connected := make(chan struct{}, 4)
	early.Connected = func() { connected <- struct{}{} }
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go early.Run(ctx, rec)
	if err := early.Publish(ctx, Event{Node: "early", Kind: KindUser, User: "u1", Note: "mention"}); err != nil {
		t.Fatalf("publish while NATS is down: %v", err)
	}

	srv := testutil.StartNATSOn(t, port)
	select {
	case <-connected:
	case <-time.After(10 * time.Second):
		t.Fatal("the node did not connect once NATS came")
	}
	_, recLate, _ := natsNode(t, srv.URL(), "late")
	if err := early.Publish(ctx, Event{Node: "early", Kind: KindUser, User: "u2", Note: "mention"}); err != nil {
		t.Fatal(err)
	}
	recLate.wait(t, "the early node's event", func(evs []Event, _ int) bool { return len(evs) == 1 && evs[0].User == "u2" })
	late, _, _ := natsNode(t, srv.URL(), "late-2")
	if err := late.Publish(ctx, Event{Node: "late-2", Kind: KindRemoved, User: "u3", Conv: "g1"}); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "the other node's event", func(evs []Event, _ int) bool {
		return len(evs) > 0 && evs[len(evs)-1].Kind == KindRemoved && evs[len(evs)-1].User == "u3"
	})
}
