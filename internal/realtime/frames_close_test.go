package realtime

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// opcodes lists the opcode of each frame written after the handshake,
// a write at a time, and whether a write followed a close frame.
func opcodesAfterHandshake(t *testing.T, writes [][]byte) (ops []byte, afterClose bool) {
	t.Helper()
	closed := false
	for _, w := range writes[1:] { // the first write is the handshake's answer and the greeting
		for len(w) > 0 {
			if closed {
				afterClose = true
			}
			op, n, h, whole := frameAt(w)
			ops = append(ops, op)
			if op == 0x8 {
				closed = true
			}
			if !whole {
				break // a write cut short: the rest of it was not sent
			}
			w = w[h+n:]
		}
	}
	return ops, afterClose
}

// waitIdle waits until c's writer has stopped (nothing queued, or the
// client closed) and c is no longer registered.
func waitIdle(t *testing.T, hub *Hub, c *Client) {
	t.Helper()
	for range 2000 {
		c.mu.Lock()
		idle := !c.writing
		c.mu.Unlock()
		if idle && len(hub.clientsOf(c.UserID)) == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the socket's writer never stopped")
}

// TestNoFrameAfterTheCloseFrame (RFC 6455, 5.5.1: after sending a Close
// frame, an endpoint must not send any more data frames): a message fanned
// out while the server answers the browser's close is not written after
// the close frame. Kinship writes its frames on the connection under the
// library, which alone knew that its close had gone.
func TestNoFrameAfterTheCloseFrame(t *testing.T) {
	src, hub, l, c := anaWatched(t)
	cs := hub.clientsOf("ana")
	if len(cs) != 1 {
		t.Fatalf("%d clients of ana", len(cs))
	}

	entered, release := l.holdNext()
	if err := c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(1000, ""), time.Now().Add(5*time.Second)); err != nil {
		t.Fatal(err)
	}
	<-entered // the server is writing its answering close frame
	n := len(l.written())
	hub.Publish(context.Background(), src.add("ben", "sent as the socket closed"))
	// Until the message is written, or its writer has taken it to write.
	for i := 0; ; i++ {
		cs[0].mu.Lock()
		writing := cs[0].writing && len(cs[0].queue) == 0
		cs[0].mu.Unlock()
		if writing || len(l.written()) > n {
			break
		}
		if i == 2000 {
			t.Fatal("the message never reached the socket's writer")
		}
		time.Sleep(5 * time.Millisecond)
	}
	release()
	waitIdle(t, hub, cs[0])

	ops, afterClose := opcodesAfterHandshake(t, l.written())
	if afterClose {
		t.Fatalf("frames written after the handshake, by opcode: %v: a frame followed the close frame", ops)
	}
}

// TestNoCloseFrameInsideACutFrame: when a batch's write fails half-way
// through a frame, nothing more is written on the connection, not even
// a close frame, whose bytes the browser would read as the rest of the
// cut frame.
func TestNoCloseFrameInsideACutFrame(t *testing.T) {
	src, hub, l, _ := anaWatched(t)
	cs := hub.clientsOf("ana")
	if len(cs) != 1 {
		t.Fatalf("%d clients of ana", len(cs))
	}
	l.failNextHalfway()
	hub.Publish(context.Background(), src.add("ben", "a message long enough to be cut in two on its way"))
	waitIdle(t, hub, cs[0])

	w := l.written()
	last := w[len(w)-1]
	if last[0] != 0x81 {
		ops, _ := opcodesAfterHandshake(t, w)
		t.Fatalf("after the write that failed half-way came more (opcodes %v): %q", ops, last)
	}
}

// errCut is a write's failure half-way, as when its deadline passes while
// a slow reader's buffers are full: part of the frame went.
var errCut = errors.New("write cut short")

// TestSlowReaderDoesNotHoldUpTheHub: a socket whose write is stuck (a
// phone on a bad network, its buffers full) and whose queue reaches the
// limit is cut off without the fan-out waiting for that write: closing it
// writes a close frame, which waits its turn behind the stuck write, and
// that wait held up every other member's delivery for up to a second
// (the close's deadline) on the hub's goroutine.
func TestSlowReaderDoesNotHoldUpTheHub(t *testing.T) {
	old := queueLimit
	queueLimit = 2
	t.Cleanup(func() { queueLimit = old })
	src, hub, l, _ := anaWatched(t)
	ctx := context.Background()

	entered, release := l.holdNext()
	hub.Publish(ctx, src.add("ben", "one"))
	<-entered // Ana's writer is stuck writing "one"
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, body := range []string{"two", "three", "four"} { // the third is over the limit
			hub.Publish(ctx, src.add("ben", body))
		}
	}()
	// A guard against a hang, not a measure of time: the publishing
	// takes microseconds unless it waits for the stuck write.
	select {
	case <-done:
		release()
	case <-time.After(time.Minute):
		release()
		<-done
		t.Fatal("the hub's fan-out waited for a slow reader's stuck write")
	}
}
