package realtime

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
)

// TestConcurrentFanOutArrivesOnceInOrder: messages published to one
// conversation from eight goroutines at once reach each open socket (a
// real WebSocket client reading the frames Kinship frames itself) each
// exactly once, in the conversation's order, however they were batched.
func TestConcurrentFanOutArrivesOnceInOrder(t *testing.T) {
	src := &memSource{}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	url := serve(t, hub, timing{})
	var clients []*websocket.Conn
	for _, who := range []string{"ana", "bo"} {
		c := dial(t, url, who)
		readType(t, c, "hello")
		subscribe(t, c)
		clients = append(clients, c)
	}
	const writers, each = 8, 50
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				hub.Publish(context.Background(), src.add("cy", fmt.Sprint(g, "-", i)))
			}
		}()
	}
	wg.Wait()
	for i, c := range clients {
		last := 0.0
		for range writers * each {
			ch, _ := readType(t, c, "message")["change"].(float64)
			if ch <= last {
				t.Fatalf("socket %d: change %v after %v (a duplicate or out of order)", i, ch, last)
			}
			last = ch
		}
		if last != writers*each {
			t.Fatalf("socket %d: the last change read is %v, want %d", i, last, writers*each)
		}
	}
}
