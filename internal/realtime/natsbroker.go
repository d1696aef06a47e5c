package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

// Subject is the NATS subject nodes talk on.
const Subject = "kinship.events"

// NATSBroker carries events between nodes through a NATS server (or
// cluster): one message per event, whatever the number of recipients, and
// no database lock on the way. It keeps PGBroker's guarantees: the hub
// publishes only after a commit, the payload is the same (IDs only),
// changes are ordered and deduplicated by the hub against the database,
// and whenever events may have been missed the node catches up from the
// database (Resync):
//   - after this node's connection to NATS comes back;
//   - when NATS dropped messages for this node as a slow consumer;
//   - when another node's connection comes back, since what that node
//     published just before its connection died may never have left it
//     (core NATS does not acknowledge a publish; PostgreSQL's NOTIFY does).
//
// Received events and resyncs are handled by one goroutine, one after the
// other, as PGBroker's listener does.
type NATSBroker struct {
	conn *nats.Conn
	log  *slog.Logger
	// Connected, if set, is called each time the subscription is (re)established.
	Connected func()

	resync chan struct{} // capacity 1 each: a resync is due,
	up     chan struct{} // the first connection is made,
	back   chan struct{} // the connection came back

	mu  sync.Mutex
	run bool // Run has subscribed

	lastRetryLog atomic.Int64 // when a failed attempt to connect was last logged
}

// NATSOptions configures DialNATS.
type NATSOptions struct {
	// URL of the NATS server; several, comma-separated, for a cluster.
	URL string
	// Name is the connection's name, as NATS's monitoring shows it.
	Name string
	Log  *slog.Logger
	// ReconnectWait is the pause between reconnection attempts (default 250 ms).
	ReconnectWait time.Duration
}

// DialNATS connects to NATS. An unreachable server is not an error: the
// connection keeps retrying in the background and holds what is published
// meanwhile (up to 8 MB), as a node must start while NATS restarts.
func DialNATS(o NATSOptions) (*NATSBroker, error) {
	if o.ReconnectWait <= 0 {
		o.ReconnectWait = 250 * time.Millisecond
	}
	b := &NATSBroker{log: o.Log, resync: make(chan struct{}, 1), up: make(chan struct{}, 1), back: make(chan struct{}, 1)}
	nc, err := nats.Connect(o.URL,
		nats.Name(o.Name),
		// A node does not need its own events back: it delivered them itself.
		nats.NoEcho(),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(o.ReconnectWait),
		// Find a dead connection within seconds, not the default minutes:
		// what is published on it meanwhile is lost until the next resync.
		nats.PingInterval(5*time.Second),
		nats.MaxPingsOutstanding(2),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				b.log.Warn("realtime: NATS connection lost; reconnecting", "err", err)
			}
		}),
		nats.ReconnectErrHandler(func(_ *nats.Conn, err error) {
			// Attempts come every ReconnectWait: say so once in a while.
			if now := time.Now().UnixNano(); now-b.lastRetryLog.Load() > int64(30*time.Second) {
				b.lastRetryLog.Store(now)
				b.log.Warn("realtime: cannot reach NATS; still trying", "err", err)
			}
		}),
		nats.ConnectHandler(func(*nats.Conn) { b.signal(b.up) }),
		nats.ReconnectHandler(func(*nats.Conn) { b.signal(b.back) }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			if errors.Is(err, nats.ErrSlowConsumer) {
				b.log.Warn("realtime: NATS dropped events for this node; catching up from the database")
				b.signal(b.resync)
				return
			}
			b.log.Warn("realtime: NATS", "err", err)
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("realtime: NATS: %w", err) // the URL may hold a password
	}
	b.conn = nc
	return b, nil
}

func (b *NATSBroker) signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Publish sends ev to the other nodes. It does not wait for NATS: while
// the connection is down, events are held and sent on reconnection.
func (b *NATSBroker) Publish(_ context.Context, ev Event) error {
	payload, err := encodeEvent(ev)
	if err != nil {
		return err
	}
	return b.conn.Publish(Subject, payload)
}

// Run delivers events from the other nodes to h until ctx ends.
func (b *NATSBroker) Run(ctx context.Context, h Receiver) error {
	b.mu.Lock()
	if b.run {
		b.mu.Unlock()
		return errors.New("realtime: NATSBroker.Run called twice")
	}
	b.run = true
	b.mu.Unlock()

	// The callback hands each message to this goroutine; while it is busy
	// (a resync, a catch-up) NATS keeps further messages in order for it.
	in := make(chan []byte)
	sub, err := b.conn.Subscribe(Subject, func(m *nats.Msg) {
		select {
		case in <- m.Data:
		case <-ctx.Done():
		}
	})
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	// connected runs once the server has the subscription (a round trip
	// after connecting); from then on nothing is missed.
	connected := func(again bool) {
		if err := b.conn.FlushTimeout(5 * time.Second); err != nil {
			b.log.Warn("realtime: NATS flush after connecting", "err", err)
			// The connection broke again: its reconnection signals anew.
			// Catch up now all the same, in case it does not.
		}
		if again {
			h.Resync()
			// Tell the others to catch up on what this node published
			// while its connection was failing.
			if payload, err := encodeEvent(Event{Kind: KindResync}); err == nil {
				_ = b.conn.Publish(Subject, payload)
			}
		}
		if b.Connected != nil {
			b.Connected()
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case data := <-in:
			var ev Event
			if err := json.Unmarshal(data, &ev); err != nil {
				b.log.Warn("realtime: unreadable event", "err", err)
				continue
			}
			if ev.Kind == KindResync {
				// Another node's connection came back: what it published
				// just before it broke may be lost. When NATS restarts every
				// node says so at once: one catch-up answers them all.
				b.signal(b.resync)
				continue
			}
			h.Receive(ev)
		case <-b.up:
			connected(false)
		case <-b.back:
			connected(true)
		case <-b.resync:
			h.Resync()
		}
	}
}

// Close sends what is still held (waiting up to five seconds for a
// connection) and disconnects. A command that publishes and exits calls it.
func (b *NATSBroker) Close() error {
	deadline := time.Now().Add(5 * time.Second)
	for !b.conn.IsConnected() && !b.conn.IsClosed() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	err := b.conn.FlushTimeout(max(time.Until(deadline), 100*time.Millisecond))
	b.conn.Close()
	if err != nil {
		return fmt.Errorf("realtime: NATS did not take the last events: %w", err)
	}
	return nil
}

// encodeEvent is the payload both brokers send: IDs and codes, never text.
func encodeEvent(ev Event) ([]byte, error) {
	payload, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	if len(payload) > maxPayload && ev.Sealed != nil {
		// Too large with its frame: the other nodes read the change.
		ev.Sealed = nil
		if payload, err = json.Marshal(ev); err != nil {
			return nil, err
		}
	}
	if len(payload) > maxPayload {
		return nil, fmt.Errorf("realtime: event payload of %d bytes is too large", len(payload))
	}
	return payload, nil
}
