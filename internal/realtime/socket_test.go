package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// memSource is a Source over one in-memory conversation "c1" that every
// member may read.
type memSource struct {
	mu     sync.Mutex
	events []Event
	// ended holds the sessions that are no longer valid.
	ended sync.Map
	// gone holds the members who may no longer read c1.
	gone sync.Map
}

func (m *memSource) add(author, body string) Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := int64(len(m.events) + 1)
	frame, _ := json.Marshal(map[string]any{"type": "message", "conv": "c1", "change": n, "body": body})
	ev := Event{Kind: KindChange, Conv: "c1", Change: n, Author: author, Frame: frame}
	m.events = append(m.events, ev)
	return ev
}

func (m *memSource) Changes(_ context.Context, conv string, after, upTo int64, limit int) ([]Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Event
	for _, ev := range m.events {
		if ev.Change > after && (upTo == 0 || ev.Change <= upTo) && len(out) < limit {
			out = append(out, ev)
		}
	}
	return out, nil
}

func (m *memSource) LastChange(context.Context, string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return int64(len(m.events)), nil
}

func (m *memSource) CanRead(_ context.Context, user, conv string) bool {
	_, gone := m.gone.Load(user)
	return conv == "c1" && !gone
}
func (m *memSource) Blocked(context.Context, string) ([]string, error) { return nil, nil }
func (m *memSource) Standing(context.Context, string) (string, error)  { return "", nil }
func (m *memSource) Opening(context.Context, string) (string, []string, error) {
	return "", nil, nil
}
func (m *memSource) SessionValid(_ context.Context, _, session string) bool {
	_, ended := m.ended.Load(session)
	return !ended
}

type noOps struct{}

func (noOps) Handle(context.Context, *Client, Request) (any, error) { return nil, ErrUnknownOp }
func (noOps) Describe(err error) (string, string)                   { return "invalid", err.Error() }

// start serves a socket whose member is named by ?user=, over a hub of
// its own on a memSource.
func start(t *testing.T, tm timing) (*Hub, *memSource, string) {
	t.Helper()
	src := &memSource{}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return hub, src, serve(t, hub, tm)
}

// serve serves hub's socket on a test server, the member named by ?user=
// and the session by ?session=, and returns its ws:// address; the server
// and the hub are closed when the test ends.
func serve(t *testing.T, hub *Hub, tm timing) string {
	t.Helper()
	s := &Socket{Hub: hub, Ops: noOps{}, timing: tm}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Serve(context.Background(), w, r, r.URL.Query().Get("user"), r.URL.Query().Get("session"))
	}))
	t.Cleanup(func() { hub.Close(); srv.Close() })
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

func dial(t *testing.T, url, user string) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial(url+"?user="+user, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func readType(t *testing.T, c *websocket.Conn, want string) map[string]any {
	t.Helper()
	for {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for %q: %v", want, err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("frame %q: %v", data, err)
		}
		if m["type"] == want {
			return m
		}
	}
}

func subscribe(t *testing.T, c *websocket.Conn) {
	t.Helper()
	if err := c.WriteJSON(Request{Op: "subscribe", Conv: "c1", Ref: "s"}); err != nil {
		t.Fatal(err)
	}
	readType(t, c, "subscribed")
}

// TestIdleSocketOutlivesItsWriteDeadline keeps a connection idle for many
// ping intervals after it last received a frame: every ping must get a
// fresh write deadline, or the first one after the earlier write's deadline
// fails and drops a healthy connection.
func TestIdleSocketOutlivesItsWriteDeadline(t *testing.T) {
	hub, src, url := start(t, timing{write: 100 * time.Millisecond, ping: 250 * time.Millisecond, idle: 5 * time.Second})
	c := dial(t, url, "ana")
	var pings int
	var mu sync.Mutex
	c.SetPingHandler(func(data string) error {
		mu.Lock()
		pings++
		mu.Unlock()
		return c.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	readType(t, c, "hello") // a write; its deadline passes long before the pings
	subscribe(t, c)

	// Read in the background so pings are answered; the connection must
	// stay open through several of them.
	frames := make(chan map[string]any, 16)
	closed := make(chan error, 1)
	go func() {
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				closed <- err
				return
			}
			var m map[string]any
			_ = json.Unmarshal(data, &m)
			frames <- m
		}
	}()
	select {
	case err := <-closed:
		t.Fatalf("the idle connection was closed: %v", err)
	case <-time.After(1500 * time.Millisecond):
	}
	mu.Lock()
	got := pings
	mu.Unlock()
	if got < 3 {
		t.Fatalf("%d pings in 1.5 s, want at least 3", got)
	}
	hub.Publish(context.Background(), src.add("ben", "still here"))
	select {
	case m := <-frames:
		if m["body"] != "still here" {
			t.Fatalf("got %v", m)
		}
	case err := <-closed:
		t.Fatalf("closed before the message: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the message never arrived")
	}
}

// TestFanOutInOrderAndSlowReaderCutOff sends a burst to many subscribers:
// each gets every frame once, in order, and a member who never reads is
// cut off without holding anyone else back.
func TestFanOutInOrderAndSlowReaderCutOff(t *testing.T) {
	limit := queueLimit
	t.Cleanup(func() { queueLimit = limit })
	queueLimit = 64
	hub, src, url := start(t, timing{})
	// Enough bytes to fill the stuck client's socket buffers (a few MB on
	// loopback) and then its queue.
	const readers, burst = 8, 1500
	conns := make([]*websocket.Conn, readers)
	for i := range conns {
		conns[i] = dial(t, url, fmt.Sprintf("m%d", i))
		readType(t, conns[i], "hello")
		subscribe(t, conns[i])
	}
	// A subscriber whose client stops reading: its socket buffers fill,
	// its queue passes queueLimit, and it is disconnected.
	stuck := dial(t, url, "stuck")
	readType(t, stuck, "hello")
	subscribe(t, stuck)

	body := strings.Repeat("x", 8000)
	var wg sync.WaitGroup
	errs := make(chan error, readers)
	progress := make([]atomic.Int64, readers)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for want := int64(1); want <= burst; want++ {
				_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
				_, data, err := c.ReadMessage()
				if err != nil {
					errs <- fmt.Errorf("reader %d at change %d: %v", i, want, err)
					return
				}
				var m struct {
					Change int64 `json:"change"`
				}
				_ = json.Unmarshal(data, &m)
				if m.Change != want {
					errs <- fmt.Errorf("reader %d: change %d, want %d", i, m.Change, want)
					return
				}
				progress[i].Store(want)
			}
		}()
	}
	// Publish as fast as the readers keep up: never more than half the
	// queue limit ahead of the slowest, so only the stuck client lags.
	for sent := int64(1); sent <= burst; sent++ {
		for waited := 0; waited < 1000; waited++ {
			slowest := sent
			for i := range progress {
				slowest = min(slowest, progress[i].Load())
			}
			if sent-slowest < int64(queueLimit/2) {
				break
			}
			time.Sleep(time.Millisecond)
		}
		hub.Publish(context.Background(), src.add("ben", body))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The stuck client is disconnected: draining what reached it ends in
	// an error rather than all burst frames.
	n := 0
	for {
		_ = stuck.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, _, err := stuck.ReadMessage(); err != nil {
			break
		}
		n++
	}
	if n >= burst {
		t.Fatalf("the client that stopped reading got all %d frames; want it cut off", n)
	}
	if clients, _ := hub.Stats(); clients != readers {
		// Unregistering happens as the close is noticed; give it a moment.
		deadline := time.Now().Add(5 * time.Second)
		for clients != readers && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			clients, _ = hub.Stats()
		}
		if clients != readers {
			t.Fatalf("%d clients registered, want %d", clients, readers)
		}
	}
}

// TestIdleReaderKeepsASmallStack subscribes many sockets and checks that
// each idle connection's reader goroutine still has the smallest stack
// (2 KB). Setting a deadline from the reader, as the socket once did on
// every frame, doubled it for the life of the connection. The race
// detector's instrumentation makes frames larger, so it only logs there.
func TestIdleReaderKeepsASmallStack(t *testing.T) {
	_, _, url := start(t, timing{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const n = 500
	for i := range n {
		c := dial(t, url, fmt.Sprintf("u%d", i))
		readType(t, c, "hello")
		subscribe(t, c)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perConn := (int64(after.StackInuse) - int64(before.StackInuse)) / n
	t.Logf("stack per idle subscribed connection: %d bytes", perConn)
	if perConn >= 3<<10 && !raceEnabled {
		t.Fatalf("each idle connection holds %d bytes of stack; want the 2 KB minimum", perConn)
	}
}

// TestSilentClientIsDisconnected connects a client that reads but never
// answers pings: once it has been silent for the idle time, the server
// closes the connection and forgets the client.
func TestSilentClientIsDisconnected(t *testing.T) {
	hub, _, url := start(t, timing{write: time.Second, ping: 100 * time.Millisecond, idle: 300 * time.Millisecond})
	c := dial(t, url, "quiet")
	c.SetPingHandler(func(string) error { return nil }) // no pong
	readType(t, c, "hello")
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
				t.Fatal("the silent client was still connected after 5 s")
			}
			break
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if clients, _ := hub.Stats(); clients == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub still counts the silent client")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
