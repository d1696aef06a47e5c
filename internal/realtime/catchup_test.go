package realtime

import (
	"context"
	"encoding/json"
	"strings"
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
