package realtime

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// What a socket costs the node, measured over loopback with real clients
// in the same process (their reading is counted too, alike before and
// after a change). Each reports CPU microseconds per op (the process's,
// from getrusage) and write system calls per op (/proc/self/io's syscw:
// the clients write nothing while the frames are counted, so these are
// the server's).

func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeCalls is the process's count of write system calls so far (0 where
// /proc/self/io cannot be read).
func writeCalls() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

// measure runs op b.N times and reports CPU and write calls per op.
func measure(b *testing.B, op func()) {
	b.ReportAllocs()
	cpu0, w0 := benchCPU(), writeCalls()
	n := 0
	for b.Loop() {
		op()
		n++
	}
	b.ReportMetric(float64((benchCPU()-cpu0).Microseconds())/float64(n), "cpu-us/op")
	b.ReportMetric(float64(writeCalls()-w0)/float64(n), "writes/op")
}

// benchFrame is a message frame about the size of one of the chat's: a
// sentence, its author, reactions and times.
func benchFrame(n int64) []byte {
	b, _ := json.Marshal(map[string]any{"type": "message", "conv": "c1", "change": n, "seq": n,
		"message": map[string]any{"id": "01JEXAMPLE00000000000000" + strconv.FormatInt(n, 10), "body": "Day 40 today. Some cravings this afternoon but I called my partner and walked it off.",
			"author": map[string]string{"id": "01JAUTHOR0000000000000000", "display_name": "Ben"}, "kind": "text", "state": "visible",
			"mentions": []string{}, "reactions": []any{}, "allowed_reactions": []string{"heart", "with_you", "proud", "thanks"},
			"created_at": "2026-12-06T18:00:00Z", "edited_at": nil}})
	return b
}

// BenchmarkSocketFanOut: a message fanned out to the 20 open sockets of
// a group's members on the node (a group of 20 with everyone's chat page
// open), until each has read it.
func BenchmarkSocketFanOut(b *testing.B) {
	src := &memSource{}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	url := serveBench(b, hub, noOps{})
	const readers = 20
	var got sync.WaitGroup
	for i := range readers {
		c := dialBench(b, url, fmt.Sprint("m", i))
		if err := c.WriteJSON(Request{Op: "subscribe", Conv: "c1", Ref: "s"}); err != nil {
			b.Fatal(err)
		}
		readUntil(b, c, "subscribed")
		go func() {
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
				got.Done()
			}
		}()
	}
	ctx := context.Background()
	var change int64
	measure(b, func() {
		change++
		got.Add(readers)
		hub.Publish(ctx, Event{Kind: KindChange, Conv: "c1", Change: change, Author: "ben", Frame: benchFrame(change)})
		got.Wait()
	})
}

// benchOps answers "read" with nothing and "history" with a page of
// messages, as the app's answers are shaped.
type benchOps struct{ page any }

func (o benchOps) Handle(_ context.Context, _ *Client, req Request) (any, error) {
	switch req.Op {
	case "read":
		return nil, nil
	case "history":
		return o.page, nil
	}
	return nil, ErrUnknownOp
}
func (benchOps) Describe(err error) (string, string) { return "invalid", err.Error() }

// BenchmarkSocketRequest: a request on an open socket and its answer,
// read by the client: marking read (an answer of a few bytes) and a
// history page of 50 messages.
func BenchmarkSocketRequest(b *testing.B) {
	type msg struct {
		ID     string `json:"id"`
		Seq    int64  `json:"seq"`
		Body   string `json:"body"`
		Author struct {
			ID          string `json:"id"`
			DisplayName string `json:"display_name"`
		} `json:"author"`
		Reactions []string `json:"reactions"`
	}
	page := struct {
		Messages []msg `json:"messages"`
		LastSeq  int64 `json:"last_seq"`
	}{LastSeq: 120}
	for i := range 50 {
		m := msg{ID: fmt.Sprintf("01JEXAMPLE%016d", i), Seq: int64(i + 20), Body: "Day 40 today. Some cravings this afternoon but I called my partner and walked it off.", Reactions: []string{}}
		m.Author.ID, m.Author.DisplayName = "01JAUTHOR0000000000000000", "Ben"
		page.Messages = append(page.Messages, m)
	}
	hub := NewHub("n1", &memSource{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	url := serveBench(b, hub, benchOps{page: page})
	for _, op := range []string{"read", "history"} {
		b.Run(op, func(b *testing.B) {
			c := dialBench(b, url, "ana")
			req, _ := json.Marshal(Request{Op: op, Conv: "c1", Ref: "r1", Seq: 70, Limit: 50})
			measure(b, func() {
				if err := c.WriteMessage(websocket.TextMessage, req); err != nil {
					b.Fatal(err)
				}
				readUntil(b, c, "ack")
			})
		})
	}
}

// BenchmarkSocketOpen: what every page's socket costs from its opening to
// its closing: the handshake and the greeting, a subscription and its
// answer, and the close the browser starts when the next page loads.
func BenchmarkSocketOpen(b *testing.B) {
	hub := NewHub("n1", &memSource{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	url := serveBench(b, hub, noOps{})
	sub, _ := json.Marshal(Request{Op: "subscribe", Conv: "c1", Ref: "s"})
	for _, v := range []struct {
		name  string
		query string
		ask   bool
	}{
		// The subscription asked in a request after the greeting, as the
		// chat page did.
		{"subscribe-request", "?user=ana", true},
		// Named in the socket's address, as the chat page does now.
		{"subscribed-at-open", "?user=ana&conv=c1&after=0", false},
	} {
		b.Run(v.name, func(b *testing.B) {
			segs := 0
			measure(b, func() {
				c, _, err := websocket.DefaultDialer.Dial(url+v.query, nil)
				if err != nil {
					b.Fatal(err)
				}
				readUntil(b, c, "hello")
				if v.ask {
					if err := c.WriteMessage(websocket.TextMessage, sub); err != nil {
						b.Fatal(err)
					}
				}
				readUntil(b, c, "subscribed")
				segs -= segmentsIn(c)
				_ = c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
				for { // the server's close in answer
					if _, _, err := c.ReadMessage(); err != nil {
						break
					}
				}
				segs += segmentsIn(c)
				c.Close()
			})
			b.ReportMetric(float64(segs)/float64(b.N), "close-segs/op")
		})
	}
}

func serveBench(b *testing.B, hub *Hub, ops Ops) string {
	b.Helper()
	s := &Socket{Hub: hub, Ops: ops}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
		s.ServeSubscribed(context.Background(), w, r, q.Get("user"), "", q.Get("conv"), after)
	}))
	b.Cleanup(func() { hub.Close(); srv.Close() })
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

func dialBench(b *testing.B, url, user string) *websocket.Conn {
	b.Helper()
	c, _, err := websocket.DefaultDialer.Dial(url+"?user="+user, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	readUntil(b, c, "hello")
	return c
}

// readUntil reads frames until one of type want.
func readUntil(b *testing.B, c *websocket.Conn, want string) {
	b.Helper()
	needle := []byte(`"type":"` + want + `"`)
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			b.Fatalf("waiting for %q: %v", want, err)
		}
		if bytes.Contains(data, needle) {
			return
		}
	}
}
