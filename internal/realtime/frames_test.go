package realtime

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/kinshiprecovery/kinship/internal/textin"
)

// TestFramesAreTheMapsTheyWere: each of the socket's own frames, now a
// struct, encodes to the very bytes the map of the same keys did, with
// text a JSON encoder escapes (HTML, quotes, non-ASCII) and results empty,
// absent and full.
func TestFramesAreTheMapsTheyWere(t *testing.T) {
	odd := `<b>"Ana" & Ben</b> — día 3 ✓ \ /`
	empty := ""
	page := map[string]any{"messages": []any{map[string]any{"body": odd, "seq": 3}}, "has_more": false}
	for _, c := range []struct {
		frame any
		was   any
	}{
		{helloFrame{Type: "hello", UserID: odd}, map[string]any{"type": "hello", "user_id": odd}},
		{refFrame{Ref: odd, Type: "pong"}, map[string]any{"type": "pong", "ref": odd}},
		{refFrame{Ref: "", Type: "ack"}, map[string]any{"type": "ack", "ref": ""}},
		{subscribedFrame{Conv: "c1", Ref: odd, Type: "subscribed"}, map[string]any{"type": "subscribed", "ref": odd, "conv": "c1"}},
		{ackFrame{Ref: "r1", Result: nil, Type: "ack"}, map[string]any{"type": "ack", "ref": "r1", "result": nil}},
		{ackFrame{Ref: "r1", Result: page, Type: "ack"}, map[string]any{"type": "ack", "ref": "r1", "result": page}},
		{errFrame{Code: "invalid", Error: odd, Ref: "r2", Type: "error"}, map[string]any{"type": "error", "ref": "r2", "code": "invalid", "error": odd}},
		{errFrame{Code: "not_found", Error: "gone", Ref: "r3", Type: "error", Words: &odd}, map[string]any{"type": "error", "ref": "r3", "code": "not_found", "error": "gone", "words": odd}},
		{errFrame{Code: "not_found", Error: "gone", Ref: "r3", Type: "error", Words: &empty}, map[string]any{"type": "error", "ref": "r3", "code": "not_found", "error": "gone", "words": ""}},
		{notificationFrame{Kind: "mention", Link: "/groups/g1/chat#m-1", Type: "notification"}, map[string]string{"type": "notification", "kind": "mention", "link": "/groups/g1/chat#m-1"}},
		{removedFrame{Conv: odd, Type: "removed"}, map[string]string{"type": "removed", "conv": odd}},
	} {
		want, err := json.Marshal(c.was)
		if err != nil {
			t.Fatal(err)
		}
		if got := frameOf(c.frame).data; !bytes.Equal(got, want) {
			t.Errorf("%T encodes as\n%s\nthe map was\n%s", c.frame, got, want)
		}
	}
}

// TestPreparedFramesAreRFC6455: a prepared frame is a final, unmasked text
// frame whose length takes 7, 16 or 64 bits as RFC 6455 says, at each
// boundary; text that is not UTF-8 is refused, as the library refused it.
func TestPreparedFramesAreRFC6455(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 127, 65535, 65536, 70000} {
		data := bytes.Repeat([]byte("a"), n)
		p := prepare(data)
		if p.err != nil || !bytes.Equal(p.data, data) {
			t.Fatalf("%d bytes: err %v", n, p.err)
		}
		w := p.wire
		if w[0] != 0x81 || w[1]&0x80 != 0 {
			t.Fatalf("%d bytes: first bytes %#x %#x, want FIN and text, no mask", n, w[0], w[1])
		}
		_, length, hdr, _ := frameAt(w)
		if length != n || len(w) != hdr+n || (n < 126 && hdr != 2) || (n >= 126 && n <= 65535 && hdr != 4) || (n > 65535 && hdr != 10) {
			t.Fatalf("%d bytes: header says %d in %d bytes, frame of %d", n, length, hdr, len(w))
		}
	}
	if p := prepare([]byte{'"', 0xff, '"'}); p.err == nil {
		t.Fatal("a frame that is not UTF-8 was prepared to be sent")
	}
}

// watchedConn records what the server writes, one entry a write (a
// system call), and can hold a write until the test lets it go.
type watchedConn struct {
	net.Conn
	l *watchedListener
}

type watchedListener struct {
	net.Listener
	mu      sync.Mutex
	writes  [][]byte
	gate    chan struct{} // when set, the next write waits for it to close
	entered chan struct{}
	// cut, when set, has the next write send half its bytes and fail.
	cut bool
}

func (l *watchedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &watchedConn{Conn: c, l: l}, nil
}

func (c *watchedConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	if c.l.cut {
		c.l.cut = false
		half := p[:len(p)/2]
		c.l.writes = append(c.l.writes, bytes.Clone(half))
		c.l.mu.Unlock()
		n, _ := c.Conn.Write(half)
		return n, errCut
	}
	c.l.writes = append(c.l.writes, bytes.Clone(p))
	gate, entered := c.l.gate, c.l.entered
	c.l.gate = nil
	c.l.mu.Unlock()
	if gate != nil {
		close(entered)
		<-gate
	}
	return c.Conn.Write(p)
}

func (l *watchedListener) written() [][]byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([][]byte(nil), l.writes...)
}

// holdNext makes the next write wait until the returned release is
// called; entered is closed once it waits.
func (l *watchedListener) holdNext() (entered chan struct{}, release func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	gate := make(chan struct{})
	l.gate, l.entered = gate, make(chan struct{})
	return l.entered, func() { close(gate) }
}

// failNextHalfway has the next write send half its bytes and fail.
func (l *watchedListener) failNextHalfway() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cut = true
}

// frameAt reads the header of the frame w begins with (RFC 6455, 5.2;
// the server's frames are unmasked): its opcode, its payload's length and
// the header's; whole is false when w ends inside the frame.
func frameAt(w []byte) (op byte, n, h int, whole bool) {
	if len(w) < 2 {
		return 0, 0, len(w), false
	}
	op, n, h = w[0]&0x0f, int(w[1]&0x7f), 2
	switch {
	case n == 126 && len(w) >= 4:
		n, h = int(binary.BigEndian.Uint16(w[2:])), 4
	case n == 127 && len(w) >= 10:
		n, h = int(binary.BigEndian.Uint64(w[2:])), 10
	case n >= 126:
		return op, 0, len(w), false
	}
	return op, n, h, len(w) >= h+n
}

// framesIn splits what one write carried into its frames' payloads.
func framesIn(t *testing.T, w []byte) []string {
	t.Helper()
	var out []string
	for len(w) > 0 {
		_, n, h, whole := frameAt(w)
		if !whole {
			t.Fatalf("a write ends inside a frame: %q", w)
		}
		out = append(out, string(w[h:h+n]))
		w = w[h+n:]
	}
	return out
}

// anaWatched serves a hub on a watched listener, with Ana's socket
// connected, greeted and subscribed.
func anaWatched(t *testing.T) (*memSource, *Hub, *watchedListener, *websocket.Conn) {
	t.Helper()
	src := &memSource{}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	l, url := serveWatched(t, hub)
	c := dial(t, url, "ana")
	readType(t, c, "hello")
	subscribe(t, c)
	return src, hub, l, c
}

func serveWatched(t *testing.T, hub *Hub) (*watchedListener, string) {
	t.Helper()
	s := &Socket{Hub: hub, Ops: noOps{}}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
		s.ServeSubscribed(context.Background(), w, r, q.Get("user"), "", q.Get("conv"), after)
	}))
	l := &watchedListener{Listener: srv.Listener}
	srv.Listener = l
	srv.Start()
	t.Cleanup(func() { hub.Close(); srv.Close() })
	return l, "ws" + strings.TrimPrefix(srv.URL, "http")
}

// TestHandshakeAndGreetingInOneWrite: the answer to the handshake (101)
// and the greeting go to the browser in one write, the answer first.
func TestHandshakeAndGreetingInOneWrite(t *testing.T) {
	hub := NewHub("n1", &memSource{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	l, url := serveWatched(t, hub)
	c := dial(t, url, "ana")
	readType(t, c, "hello")
	w := l.written()
	if len(w) != 1 {
		t.Fatalf("the handshake and the greeting took %d writes, want 1: %q", len(w), w)
	}
	head, frame, ok := bytes.Cut(w[0], []byte("\r\n\r\n"))
	if !ok || !bytes.HasPrefix(head, []byte("HTTP/1.1 101 Switching Protocols\r\n")) {
		t.Fatalf("the write does not begin with the handshake's answer: %q", w[0])
	}
	if got := framesIn(t, frame); len(got) != 1 || got[0] != `{"type":"hello","user_id":"ana"}` {
		t.Fatalf("after the answer came %q, want the greeting alone", got)
	}
}

// TestSocketOpensSubscribed: a socket opened with a conversation (a chat
// page's, ?conv=&after=) is subscribed as it opens, as a subscribe request
// would have it: the handshake's answer, the greeting and the
// subscription's answer (ref empty) go in one write, and what is sent to
// the conversation afterwards arrives live. Opened behind, it gets the
// changes it missed first, then its answer; a conversation it may not read
// is refused as the request is, and the socket stays open.
func TestSocketOpensSubscribed(t *testing.T) {
	src := &memSource{}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	l, url := serveWatched(t, hub)
	ctx := context.Background()
	hub.Publish(ctx, src.add("ben", "one"))
	hub.Publish(ctx, src.add("ben", "two"))

	c := dial(t, url, "ana&conv=c1&after=2")
	readType(t, c, "hello")
	if m := readType(t, c, "subscribed"); m["conv"] != "c1" || m["ref"] != "" {
		t.Fatalf("the subscription's answer: %v", m)
	}
	w := l.written()
	if len(w) != 1 {
		t.Fatalf("the handshake, the greeting and the subscription took %d writes, want 1: %q", len(w), w)
	}
	head, frames, _ := bytes.Cut(w[0], []byte("\r\n\r\n"))
	if !bytes.HasPrefix(head, []byte("HTTP/1.1 101 ")) {
		t.Fatalf("the write does not begin with the handshake's answer: %q", w[0])
	}
	if got := framesIn(t, frames); len(got) != 2 || got[0] != `{"type":"hello","user_id":"ana"}` || got[1] != `{"conv":"c1","ref":"","type":"subscribed"}` {
		t.Fatalf("after the answer came %q, want the greeting and the subscription's answer", got)
	}
	hub.Publish(ctx, src.add("ben", "three"))
	if m := readType(t, c, "message"); m["body"] != "three" {
		t.Fatalf("live after opening subscribed: %v", m)
	}

	// Behind by three changes: they come first, then the answer.
	behind := dial(t, url, "ana&conv=c1&after=0")
	readType(t, behind, "hello")
	for _, want := range []string{"one", "two", "three"} {
		if m := readType(t, behind, "message"); m["body"] != want {
			t.Fatalf("catching up: %v, want %q", m, want)
		}
	}
	readType(t, behind, "subscribed")
	hub.Publish(ctx, src.add("ben", "four"))
	for _, ws := range []*websocket.Conn{c, behind} {
		if m := readType(t, ws, "message"); m["body"] != "four" {
			t.Fatalf("live: %v", m)
		}
	}

	// Not a conversation Ana may read: refused, and still open.
	src.gone.Store("cy", true)
	refused := dial(t, url, "cy&conv=c1&after=0")
	readType(t, refused, "hello")
	if m := readType(t, refused, "error"); m["code"] != "not_found" || m["ref"] != "" {
		t.Fatalf("opening subscribed to a conversation Cy may not read: %v", m)
	}
	if err := refused.WriteJSON(Request{Op: "ping", Ref: "p"}); err != nil {
		t.Fatal(err)
	}
	readType(t, refused, "pong")
}

// TestQueuedFramesGoInOneWrite: frames queued for a socket while its
// writer is busy go out together in one write, in order; a frame alone
// is written at once, not held for company.
func TestQueuedFramesGoInOneWrite(t *testing.T) {
	src, hub, l, c := anaWatched(t)
	ctx := context.Background()

	entered, release := l.holdNext()
	hub.Publish(ctx, src.add("ben", "one"))
	<-entered // the writer is writing "one" and waits
	before := len(l.written())
	for _, body := range []string{"two", "three", "four"} {
		hub.Publish(ctx, src.add("ben", body))
	}
	release()
	for _, want := range []string{"one", "two", "three", "four"} {
		if m := readType(t, c, "message"); m["body"] != want {
			t.Fatalf("got %v, want %q", m, want)
		}
	}
	w := l.written()
	if len(w) != before+1 {
		t.Fatalf("the three frames queued meanwhile took %d writes, want 1", len(w)-before)
	}
	if got := framesIn(t, w[before]); len(got) != 3 || !strings.Contains(got[0], `"two"`) || !strings.Contains(got[2], `"four"`) {
		t.Fatalf("the write carried %q", got)
	}

	hub.Publish(ctx, src.add("ben", "five"))
	if m := readType(t, c, "message"); m["body"] != "five" {
		t.Fatalf("got %v", m)
	}
	w2 := l.written()
	if got := framesIn(t, w2[len(w2)-1]); len(w2) != len(w)+1 || len(got) != 1 {
		t.Fatalf("a frame alone took %d writes carrying %q, want one write of it alone", len(w2)-len(w), got)
	}
}

// TestFramesOfEverySizeArriveWhole: answers whose frames take each length
// encoding arrive whole at a WebSocket client, in order.
func TestFramesOfEverySizeArriveWhole(t *testing.T) {
	hub := NewHub("n1", &memSource{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s := &Socket{Hub: hub, Ops: sizedOps{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Serve(context.Background(), w, r, "ana", "")
	}))
	t.Cleanup(func() { hub.Close(); srv.Close() })
	c := dial(t, "ws"+strings.TrimPrefix(srv.URL, "http"), "ana")
	readType(t, c, "hello")
	sizes := []int{0, 90, 100, 126, 1000, 65500, 65536, 300000}
	for i, n := range sizes {
		if err := c.WriteJSON(Request{Op: "history", Ref: fmt.Sprint(i), Limit: n}); err != nil {
			t.Fatal(err)
		}
	}
	for i, n := range sizes {
		m := readType(t, c, "ack")
		if m["ref"] != fmt.Sprint(i) || m["result"] != strings.Repeat("é", n/2) {
			t.Fatalf("answer %d (%d bytes of text) arrived as ref %v with %d bytes", i, n, m["ref"], len(fmt.Sprint(m["result"])))
		}
	}
}

// sizedOps answers a request with text of Limit/2 two-byte letters.
type sizedOps struct{}

func (sizedOps) Handle(_ context.Context, _ *Client, req Request) (any, error) {
	return strings.Repeat("é", req.Limit/2), nil
}
func (sizedOps) Describe(err error) (string, string) { return "invalid", err.Error() }

// TestRequestTextCheckIsTextins: a request's text is refused exactly as
// textin.Check refuses it (the same field, the same words), whichever
// field holds a line break, a control character, a NUL or bytes that are
// not UTF-8, and every text field of Request is checked.
func TestRequestTextCheckIsTextins(t *testing.T) {
	bad := []string{"", "plain", "two\nlines", "tab\there", "nul\x00", "bell\a", "\xff\xfe", "día ✓", "cr\r"}
	var fields []int
	rt := reflect.TypeOf(Request{})
	for i := range rt.NumField() {
		if rt.Field(i).Type.Kind() == reflect.String {
			fields = append(fields, i)
		}
	}
	if len(fields) != 8 {
		t.Fatalf("Request has %d text fields; checkText checks 8: add the new one to it", len(fields))
	}
	for _, i := range fields {
		for _, j := range fields {
			for _, x := range bad {
				for _, y := range bad {
					var r Request
					rv := reflect.ValueOf(&r).Elem()
					rv.Field(i).SetString(x)
					rv.Field(j).SetString(y)
					got, want := r.checkText(), textin.Check(r)
					if (got == nil) != (want == nil) || got != nil && *got != *want {
						t.Fatalf("%s=%q, %s=%q: checkText %v, textin.Check %v", rt.Field(i).Name, x, rt.Field(j).Name, y, got, want)
					}
				}
			}
		}
	}
}
