package realtime

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/secret"
)

// pipe carries events from one hub to another in this process as a broker
// does: encoded (encodeEvent), without their frame; alter, when set,
// changes each event on the way.
type pipe struct {
	to       *Hub
	alter    func(*Event)
	mu       sync.Mutex
	payloads [][]byte
}

func (p *pipe) Publish(_ context.Context, ev Event) error {
	payload, err := encodeEvent(ev)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.payloads = append(p.payloads, payload)
	p.mu.Unlock()
	var got Event
	if err := json.Unmarshal(payload, &got); err != nil {
		return err
	}
	if p.alter != nil {
		p.alter(&got)
	}
	p.to.Receive(got)
	return nil
}

func (p *pipe) Run(ctx context.Context, _ Receiver) error { <-ctx.Done(); return nil }

// readCounter is memSource counting the changes it is asked to read.
type readCounter struct {
	*memSource
	reads atomic.Int64
}

func (r *readCounter) Changes(ctx context.Context, conv string, after, upTo int64, limit int) ([]Event, error) {
	r.reads.Add(1)
	return r.memSource.Changes(ctx, conv, after, upTo, limit)
}

func testBox(t *testing.T) *secret.Box {
	t.Helper()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	box, err := secret.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

// TestChangesCrossNodesSealed: a change made on one node reaches a reader
// on another with its frame sealed in the event, so the other node fans it
// out without reading the database, and the broker never sees the words.
// A node that cannot open the frame (another key, a frame sealed for
// another change) or an event too large to carry it reads the change as
// before, and the reader gets the same frame either way.
func TestChangesCrossNodesSealed(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	box := testBox(t)
	for _, tc := range []struct {
		name      string
		sealerB   Sealer
		alter     func(*Event)
		body      string
		wantReads int64
	}{
		{"opened", box, nil, "hello from the other node", 0},
		{"another key", testBox(t), nil, "hello from the other node", 1},
		{"sealed for another change", box, func(ev *Event) { ev.Author = "cy" }, "hello from the other node", 1},
		{"too large to carry", box, nil, strings.Repeat("long ", 1200), 1},
		{"no sealer on the sending node", nil, nil, "hello from the other node", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := &memSource{}
			srcB := &readCounter{memSource: mem}
			hubB := NewHub("b", srcB, nil, log)
			if tc.sealerB != nil {
				hubB.SetSealer(tc.sealerB)
			}
			p := &pipe{to: hubB, alter: tc.alter}
			hubA := NewHub("a", mem, p, log)
			if tc.name != "no sealer on the sending node" {
				hubA.SetSealer(box)
			}
			ana := dial(t, serve(t, hubB, timing{}), "ana")
			readType(t, ana, "hello")
			subscribe(t, ana)
			before := srcB.reads.Load()

			hubA.Publish(context.Background(), mem.add("ben", tc.body))
			m := readType(t, ana, "message")
			if m["body"] != tc.body || m["change"] != float64(1) {
				t.Fatalf("the reader on the other node got %v", m)
			}
			if got := srcB.reads.Load() - before; got != tc.wantReads {
				t.Fatalf("the other node read the database %d times for the change, want %d", got, tc.wantReads)
			}
			p.mu.Lock()
			defer p.mu.Unlock()
			for _, payload := range p.payloads {
				if bytes.Contains(payload, []byte("hello")) || bytes.Contains(payload, []byte("long long")) {
					t.Fatalf("the broker saw the words: %s", payload)
				}
				if len(payload) > maxPayload {
					t.Fatalf("an event of %d bytes, over %d", len(payload), maxPayload)
				}
			}
		})
	}
}
