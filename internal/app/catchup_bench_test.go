package app_test

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
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

type noSocketOps struct{}

func (noSocketOps) Handle(context.Context, *realtime.Client, realtime.Request) (any, error) {
	return nil, realtime.ErrUnknownOp
}
func (noSocketOps) Describe(err error) (string, string) { return "invalid", err.Error() }

// readerSocket serves hub's socket on a test server for in's eighth
// member, the reader of the benchmarks here, and returns its ws://
// address; the server and the hub are closed when the benchmark ends.
func readerSocket(b *testing.B, in *instance, hub *realtime.Hub) string {
	sock := &realtime.Socket{Hub: hub, Ops: noSocketOps{}}
	reader := in.users[7]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sock.Serve(in.as(7), w, r, reader.ID, "")
	}))
	b.Cleanup(func() { hub.Close(); srv.Close() })
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// heapObjects is the bytes of live and not yet swept heap objects.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkCatchUpFarBehind: a socket subscribes to a group's chat from
// change 0 when the group holds KINSHIP_BENCH_CATCHUP changes (100,000
// if unset; sealed messages, as SendMessage stores them), through the real
// hub, socket and a WebSocket client in this process reading every frame
// until the subscription's answer. It reports the CPU per catch-up (the
// node's and the reading client's), the bytes allocated, and the node's
// peak heap above what it held before (sampled every millisecond): a
// catch-up loaded whole holds all of it at once; one read in pages holds
// a few pages. KINSHIP_BENCH_DB=postgres runs it on PostgreSQL.
func BenchmarkCatchUpFarBehind(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("KINSHIP_BENCH_CATCHUP")); err == nil && v > 0 {
		n = v
	}
	in := newInstance(b, 20, 1, 20, 0)
	conv := fmt.Sprintf("01G%023d", 0)
	body := "Day 40 today. Some cravings this afternoon but I called my partner and walked it off."
	for k := range n {
		if _, _, err := in.app.SendMessage(in.as(k%20), conv, "", body); err != nil {
			b.Fatal(err)
		}
	}
	hub := realtime.NewHub("n1", in.app, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	url := readerSocket(b, in, hub)

	var peak uint64
	catchUp := func() {
		runtime.GC()
		base := heapObjects()
		var top atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if h := heapObjects(); h > top.Load() {
						top.Store(h)
					}
				}
			}
		}()
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		if err := c.WriteJSON(map[string]any{"op": "subscribe", "conv": conv, "ref": "s", "after": 0}); err != nil {
			b.Fatal(err)
		}
		got := 0
		for {
			_ = c.SetReadDeadline(time.Now().Add(2 * time.Minute))
			_, data, err := c.ReadMessage()
			if err != nil {
				b.Fatalf("after %d of %d changes: %v", got, n, err)
			}
			if bytes.HasPrefix(data, []byte(`{"type":"message"`)) {
				got++
				continue
			}
			if bytes.Contains(data, []byte(`"type":"subscribed"`)) {
				break
			}
		}
		close(stop)
		<-sampled
		if got != n {
			b.Fatalf("caught up %d changes, want %d", got, n)
		}
		if t := top.Load(); t > base && t-base > peak {
			peak = t - base
		}
	}
	catchUp() // warm: names and the reactions that fit are kept after the first
	peak = 0
	reportCPU(b, func(int) { catchUp() })
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(n), "changes")
}

// BenchmarkRemoteChange: what one new message costs a node that hears of
// it from another node through the broker, beside the node where it was
// sent. "read": the event carries no frame, and the receiving node reads
// the change from the database, opens it, names its author, gives it the
// reactions that fit and encodes its frame; "sealed": the event carries
// the frame sealed with the instance's key (realtime.Hub.SetSealer), which
// the receiving node opens. Either way it then fans it out to its one
// reader here (a WebSocket client in this process). The event goes
// between the two as a broker carries it (JSON). sent-cpu-us is
// SendMessage on the sending node, received-cpu-us the other node's
// Receive, each per message. KINSHIP_BENCH_DB=postgres runs it on
// PostgreSQL.
func BenchmarkRemoteChange(b *testing.B) {
	for _, sealed := range []bool{false, true} {
		name := "read"
		if sealed {
			name = "sealed"
		}
		b.Run(name, func(b *testing.B) { benchRemoteChange(b, sealed) })
	}
}

// handOver is a broker that hands each event, encoded and decoded as a
// broker carries it, to a function.
type handOver struct{ to func(realtime.Event) }

func (h handOver) Publish(_ context.Context, ev realtime.Event) error {
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	var got realtime.Event
	if err := json.Unmarshal(payload, &got); err != nil {
		return err
	}
	h.to(got)
	return nil
}

func (handOver) Run(ctx context.Context, _ realtime.Receiver) error { <-ctx.Done(); return nil }

func benchRemoteChange(b *testing.B, sealed bool) {
	in := newInstance(b, 40, 1, 20, 0)
	conv := fmt.Sprintf("01G%023d", 0)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// The receiving node: its own App over the same database and key.
	other := in.second()
	hub := realtime.NewHub("n2", other, nil, log)
	other.SetHub(hub)
	// The sending node hands its events over; they are received below.
	var pending []realtime.Event
	sender := realtime.NewHub("n1", in.app, handOver{to: func(ev realtime.Event) { pending = append(pending, ev) }}, log)
	in.app.SetHub(sender)
	if sealed {
		sender.SetSealer(in.box)
		hub.SetSealer(in.box)
	}
	c, _, err := websocket.DefaultDialer.Dial(readerSocket(b, in, hub), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.WriteJSON(map[string]any{"op": "subscribe", "conv": conv, "ref": "s"}); err != nil {
		b.Fatal(err)
	}
	frames := make(chan []byte, 1024)
	go func() {
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				close(frames)
				return
			}
			frames <- data
		}
	}()
	for f := range frames {
		if bytes.Contains(f, []byte(`"type":"subscribed"`)) {
			break
		}
	}
	body := "Day 40 today. Some cravings this afternoon but I called my partner and walked it off."
	var sent, received time.Duration
	n := 0
	for b.Loop() {
		k := n
		n++
		t0 := testutil.ProcessCPU()
		v, _, err := in.app.SendMessage(in.as(k%20), conv, "", body)
		if err != nil {
			b.Fatal(err)
		}
		t1 := testutil.ProcessCPU()
		for _, ev := range pending {
			hub.Receive(ev)
		}
		pending = pending[:0]
		t2 := testutil.ProcessCPU()
		sent += t1 - t0
		received += t2 - t1
		f, ok := <-frames
		if !ok || !bytes.Contains(f, []byte(fmt.Sprintf(`"change":%d`, v.Change))) || !bytes.Contains(f, []byte(body)) {
			b.Fatalf("the reader got %s, want change %d", f, v.Change)
		}
	}
	b.ReportMetric(float64(sent.Microseconds())/float64(n), "sent-cpu-us/op")
	b.ReportMetric(float64(received.Microseconds())/float64(n), "received-cpu-us/op")
}
