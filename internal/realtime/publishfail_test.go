package realtime

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// failingBroker is a real broker whose next fails publishes fail, as
// pg_notify fails when the node's connection to the database is lost (or
// NATS's publish when its buffer is full): the event never leaves the
// node, and the other nodes' own connections saw nothing missing.
type failingBroker struct {
	Broker
	fails atomic.Int32
	tried atomic.Int32
}

func (f *failingBroker) Publish(ctx context.Context, ev Event) error {
	f.tried.Add(1)
	if f.fails.Add(-1) >= 0 {
		return errors.New("pg_notify: connection lost")
	}
	return f.Broker.Publish(ctx, ev)
}

// TestAFailedPublishReachesEveryNode: node A commits a session's end and a
// removal from a conversation, and calls someone, and the publish of each
// to the other nodes fails. Node B's sockets (a listening page sends no
// request that would find out) are closed as signed out, told of the
// removal and of the call all the same: B catches up from the database,
// as after its own broker connection drops, and A sends the notice again.
// With PostgreSQL's LISTEN/NOTIFY and with NATS.
func TestAFailedPublishReachesEveryNode(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// brokers returns a way to open node name's broker, all on one
	// database or NATS server.
	brokers := map[string]func(t *testing.T) func(name string) (Broker, func(context.Context, Receiver) error, chan struct{}){
		"postgres": func(t *testing.T) func(name string) (Broker, func(context.Context, Receiver) error, chan struct{}) {
			url := testutil.PostgresURL(t)
			db, err := sql.Open("pgx", url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return func(name string) (Broker, func(context.Context, Receiver) error, chan struct{}) {
				connected := make(chan struct{}, 16)
				b := &PGBroker{DSN: url, DB: db, Name: name, Log: log, Connected: func() { connected <- struct{}{} }}
				return b, b.Run, connected
			}
		},
		"nats": func(t *testing.T) func(name string) (Broker, func(context.Context, Receiver) error, chan struct{}) {
			srv := testutil.StartNATS(t)
			return func(name string) (Broker, func(context.Context, Receiver) error, chan struct{}) {
				b, err := DialNATS(NATSOptions{URL: srv.URL(), Name: name, Log: log, ReconnectWait: 20 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { b.Close() })
				connected := make(chan struct{}, 16)
				b.Connected = func() { connected <- struct{}{} }
				return b, b.Run, connected
			}
		},
	}
	for _, name := range []string{"postgres", "nats"} {
		t.Run(name, func(t *testing.T) {
			open := brokers[name](t)
			mem := &memSource{}
			brokerA, runA, upA := open("node-a")
			brokerB, runB, upB := open("node-b")
			failing := &failingBroker{Broker: brokerA}
			hubA := NewHub("node-a", mem, failing, log)
			hubB := NewHub("node-b", mem, brokerB, log)
			ctx, cancel := context.WithCancel(context.Background())
			doneA, doneB := make(chan struct{}), make(chan struct{})
			go func() { runA(ctx, hubA); close(doneA) }()
			go func() { runB(ctx, hubB); close(doneB) }()
			t.Cleanup(func() { cancel(); <-doneA; <-doneB; hubA.Close() })
			for _, up := range []chan struct{}{upA, upB} {
				select {
				case <-up:
				case <-time.After(10 * time.Second):
					t.Fatal("a broker did not connect")
				}
			}
			url := serve(t, hubB, defaultTiming)
			open2 := func(user, session string) *websocket.Conn {
				c, _, err := websocket.DefaultDialer.Dial(url+"?user="+user+"&session="+session, nil)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { c.Close() })
				subscribe(t, c)
				return c
			}
			ana, bo, cy := open2("ana", "s-ana"), open2("bo", "s-bo"), open2("cy", "s-cy")

			// Ana signs out on node A; the event does not leave A.
			mem.ended.Store("s-ana", true)
			failing.fails.Store(1)
			hubA.Publish(ctx, Event{Kind: KindSessionEnded, User: "ana", Session: "s-ana", Note: ReasonSignedOut})
			if ce := closeOf(t, ana); ce.Code != 4401 {
				t.Fatalf("ana's socket on node B closed with %d %q, want 4401 (signed out)", ce.Code, ce.Text)
			}

			// Cy is called on node A (a call for support to those on duty);
			// the notice does not leave A: it comes once A can tell B.
			failing.fails.Store(1)
			hubA.Publish(ctx, Event{Kind: KindUser, User: "cy", Note: "support_alert", Link: "/support/alerts/a1"})
			if f := readType(t, cy, "notification"); f["kind"] != "support_alert" || f["link"] != "/support/alerts/a1" {
				t.Fatalf("cy's socket on node B got %v", f)
			}

			// Bo is removed from the conversation on node A; the event does
			// not leave A either. Then Cy writes: Bo is told of the removal
			// and does not get Cy's words; Cy's own socket does.
			mem.gone.Store("bo", true)
			failing.fails.Store(1)
			hubA.Publish(ctx, Event{Kind: KindRemoved, User: "bo", Conv: "c1"})
			if f := readType(t, bo, "removed"); f["conv"] != "c1" {
				t.Fatalf("bo was told %v", f)
			}
			hubA.Publish(ctx, mem.add("cy", "said after Bo was removed"))
			if f := readType(t, cy, "message"); f["body"] != "said after Bo was removed" {
				t.Fatalf("cy got %v", f)
			}
			// Only Cy still follows the conversation on node B.
			hubB.mu.Lock()
			cs := hubB.convs["c1"]
			hubB.mu.Unlock()
			cs.mu.Lock()
			n := len(cs.subs)
			cs.mu.Unlock()
			if n != 1 {
				t.Fatalf("%d sockets follow the conversation on node B, want 1 (cy's)", n)
			}
		})
	}
}

// TestAskingTheOthersToCatchUpEndsWithTheHub: while the broker refuses
// every publish, the node keeps asking the others to catch up, and stops
// when it is closed (no goroutine left behind).
func TestAskingTheOthersToCatchUpEndsWithTheHub(t *testing.T) {
	failing := &failingBroker{Broker: &pipe{to: NewHub("b", &memSource{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))}}
	failing.fails.Store(1 << 30)
	hub := NewHub("a", &memSource{}, failing, slog.New(slog.NewTextHandler(io.Discard, nil)))
	hub.Publish(context.Background(), Event{Kind: KindRemoved, User: "bo", Conv: "c1"})
	telling := func() bool {
		hub.missedMu.Lock()
		defer hub.missedMu.Unlock()
		return hub.telling
	}
	deadline := time.Now().Add(10 * time.Second)
	for failing.tried.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := failing.tried.Load(); n < 3 || !telling() {
		t.Fatalf("%d publishes tried (asking: %v), want the event and at least two asks to catch up", n, telling())
	}
	hub.Close()
	for telling() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if telling() {
		t.Fatal("the node still asks the others to catch up after it was closed")
	}
}

// TestSettleWaitsForTheAskToBeTaken: a command that publishes and exits
// waits (Settle) until the ask to catch up after its failed publish is
// taken, and hears when it could not be.
func TestSettleWaitsForTheAskToBeTaken(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b := NewHub("b", &memSource{}, nil, log)
	p := &pipe{to: b}
	failing := &failingBroker{Broker: p}
	failing.fails.Store(2)
	hub := NewHub("admin", &memSource{}, failing, log)
	defer hub.Close()
	hub.Publish(context.Background(), Event{Kind: KindSessionEnded, User: "ana", Note: ReasonSignedOut})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !hub.Settle(ctx) {
		t.Fatal("Settle gave up while the broker came back")
	}
	p.mu.Lock()
	n := len(p.payloads)
	p.mu.Unlock()
	if n != 1 {
		t.Fatalf("the other node was told %d times, want once (the ask to catch up)", n)
	}
	failing.fails.Store(1 << 30)
	hub.Publish(context.Background(), Event{Kind: KindSessionEnded, User: "bo", Note: ReasonSignedOut})
	short, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel2()
	if hub.Settle(short) {
		t.Fatal("Settle says all was told while the broker refuses everything")
	}
}
