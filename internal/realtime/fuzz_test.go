package realtime

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
)

// frames is a sink that keeps what a client was sent.
type frames struct {
	mu  sync.Mutex
	got [][]byte
}

func (f *frames) write(batch []*prepared) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range batch {
		f.got = append(f.got, p.data)
	}
	return nil
}
func (f *frames) kick(string) {}
func (f *frames) end(string)  {}

// FuzzSocketRequest hands fuzzed frames to the socket's request handler:
// every answer is one JSON object with a type, and a refused request says
// why; nothing panics.
func FuzzSocketRequest(f *testing.F) {
	src := &memSource{}
	src.add("ben", "hello")
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s := &Socket{Hub: hub, Ops: noOps{}}
	f.Fuzz(func(t *testing.T, data []byte) {
		out := &frames{}
		c := newClient("ana", "", out)
		if err := hub.Register(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		defer func() { c.close(); hub.Unregister(c) }()
		s.handle(context.Background(), c, data)
		for _, b := range drained(c, out) {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil || m["type"] == nil {
				t.Fatalf("answer %q is not a typed JSON object", b)
			}
			if m["type"] == "error" && m["error"] == "" {
				t.Fatalf("an error frame without a message: %s", b)
			}
		}
	})
}
