package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kinshiprecovery/kinship/bench/internal/benchproc"
)

// flavor speaks one server's protocol.
type flavor interface {
	dial(base string, i int) (*websocket.Conn, error)
	subscribe(c *websocket.Conn, i int) error
	needsConfirm() bool
	frame(i int, n int64, sentNano int64) []byte
}

type kinshipClient struct{ fix *fixture }

func (k kinshipClient) dial(base string, i int) (*websocket.Conn, error) {
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/v1/ws", http.Header{"Authorization": {"Bearer " + k.fix.tokens[i]}})
	return c, err
}
func (k kinshipClient) subscribe(c *websocket.Conn, i int) error {
	return c.WriteMessage(websocket.TextMessage, []byte(`{"op":"subscribe","conv":"`+k.fix.groups[i]+`"}`))
}
func (k kinshipClient) needsConfirm() bool { return true }
func (k kinshipClient) frame(i int, n int64, sent int64) []byte {
	return []byte(`{"op":"send","conv":"` + k.fix.groups[i] + `","client_id":"b` + strconv.FormatInt(n, 10) + `","body":"t:` + strconv.FormatInt(sent, 10) + ` a message of about the usual length, to be fair to both servers"}`)
}

type baselineClient struct{ groups, members int }

func (b baselineClient) dial(base string, i int) (*websocket.Conn, error) {
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/ws?room="+strconv.Itoa(i/b.members), nil)
	return c, err
}
func (baselineClient) subscribe(*websocket.Conn, int) error { return nil }
func (baselineClient) needsConfirm() bool                   { return false }
func (baselineClient) frame(i int, n int64, sent int64) []byte {
	// The same size and shape as what Kinship delivers, so clients do the same work.
	// Exactly the shape and size of the frame Kinship delivers for the same message.
	ns, id := strconv.FormatInt(n, 10), fmt.Sprintf("%026d", n)
	return []byte(`{"type":"message","conv":"01KBASELINEROOM00000000000","change":` + ns + `,"message":{"id":"` + id + `","conversation_id":"01KBASELINEROOM00000000000","seq":` + ns + `,"change":` + ns +
		`,"client_id":"b` + ns + `","body":"t:` + strconv.FormatInt(sent, 10) + ` a message of about the usual length, to be fair to both servers","author":{"id":"01KBASELINEAUTHOR000000000","display_name":"Member 0-0"},"kind":"text","state":"visible","mentions":[],"reactions":[],"created_at":"2026-11-25T17:00:00Z"}}`)
}

// result is one server's figures for one scenario.
type result struct {
	sent, delivered int64
	dur             time.Duration
	cpu             time.Duration
	p50, p99        time.Duration
	idlePerConn     int64 // resident-set growth from none to all connections, per connection
	idleMarginal    int64 // the growth from half to all, per added connection
}

func (r result) print(sc scenario, server string) {
	expected := r.sent * int64(sc.members)
	pct := 0.0
	if expected > 0 {
		pct = 100 * float64(r.delivered) / float64(expected)
	}
	perCPU := 0.0
	if r.cpu > 0 {
		perCPU = float64(r.delivered) / r.cpu.Seconds()
	}
	fmt.Printf("| %s | %s | %.0f | %.0f (%.1f%% of %d) | %.0f | %.1f ms | %.1f ms | %.2f s | %.1f KB | %.1f KB |\n", sc.name, server, sc.rate,
		float64(r.delivered)/r.dur.Seconds(), pct, expected, perCPU, ms(r.p50), ms(r.p99), r.cpu.Seconds(), float64(r.idlePerConn)/1024, float64(r.idleMarginal)/1024)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// measure connects every member, measures idle memory, then runs the load.
func measure(p *benchproc.Process, sc scenario, dur time.Duration, f flavor) (result, error) {
	if b, ok := f.(baselineClient); ok {
		b.groups, b.members = sc.groups, sc.members
		f = b
	}
	n := sc.groups * sc.members
	time.Sleep(500 * time.Millisecond)
	rss0 := p.RSS()
	conns := make([]*websocket.Conn, n)
	confirmed := make(chan struct{}, n)
	lat := make([]int64, 0, 1<<20)
	var latMu sync.Mutex
	var delivered atomic.Int64
	var measuring atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 64)
	// connect opens, authenticates and subscribes connections lo..hi-1 and
	// waits until every subscription is confirmed.
	connect := func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			sem <- struct{}{}
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				defer func() { <-sem }()
				var c *websocket.Conn
				var err error
				for try := 0; try < 5; try++ {
					if c, err = f.dial(p.URL, i); err == nil {
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
				if err != nil {
					errs <- err
					return
				}
				conns[i] = c
				if err := f.subscribe(c, i); err != nil {
					errs <- err
					return
				}
				if !f.needsConfirm() {
					confirmed <- struct{}{}
				}
				go func() {
					local := make([]int64, 0, 256)
					for {
						_, data, err := c.ReadMessage()
						if err != nil {
							break
						}
						if bytes.Contains(data, []byte(`"type":"subscribed"`)) {
							confirmed <- struct{}{}
							continue
						}
						k := bytes.Index(data, []byte(`"body":"t:`))
						if k < 0 || !bytes.Contains(data[:k], []byte(`"type":"message"`)) {
							continue
						}
						rest := data[k+10:]
						end := bytes.IndexByte(rest, ' ')
						sent, err := strconv.ParseInt(string(rest[:end]), 10, 64)
						if err != nil || !measuring.Load() {
							continue
						}
						delivered.Add(1)
						local = append(local, time.Now().UnixNano()-sent)
						if len(local) == cap(local) {
							latMu.Lock()
							lat = append(lat, local...)
							latMu.Unlock()
							local = local[:0]
						}
					}
					latMu.Lock()
					lat = append(lat, local...)
					latMu.Unlock()
				}()
			}(i)
		}
		wg.Wait()
		select {
		case err := <-errs:
			return fmt.Errorf("connect: %w", err)
		default:
		}
		deadline := time.After(60 * time.Second)
		for i := lo; i < hi; i++ {
			select {
			case <-confirmed:
			case <-deadline:
				return fmt.Errorf("only %d of %d subscriptions confirmed", i-lo, hi-lo)
			}
		}
		return nil
	}
	// Idle memory: the resident-set growth after 10 s idle, from no
	// connections to all of them, and the marginal cost of the second half
	// alone, which leaves out one-off costs that do not grow with
	// connections (database page caches, pools warmed on first use).
	half := n / 2
	if err := connect(0, half); err != nil {
		return result{}, err
	}
	time.Sleep(10 * time.Second)
	rssHalf := p.RSS()
	if err := connect(half, n); err != nil {
		return result{}, err
	}
	time.Sleep(10 * time.Second)
	rssFull := p.RSS()
	var res result
	res.idlePerConn = (rssFull - rss0) / int64(n)
	res.idleMarginal = (rssFull - rssHalf) / int64(n-half)

	// Load: bursts every 5 ms from random members, for dur.
	measuring.Store(true)
	cpu0 := p.CPU()
	start := time.Now()
	var sentN int64
	tick := time.NewTicker(5 * time.Millisecond)
	owed := 0.0
	for time.Since(start) < dur {
		<-tick.C
		owed += sc.rate * 0.005
		for ; owed >= 1; owed-- {
			i := rand.IntN(n)
			sentN++
			if err := conns[i].WriteMessage(websocket.TextMessage, f.frame(i, sentN, time.Now().UnixNano())); err != nil {
				return result{}, fmt.Errorf("send: %w", err)
			}
		}
	}
	tick.Stop()
	res.dur = time.Since(start)
	// Let deliveries drain, up to five seconds.
	want := sentN * int64(sc.members)
	for t := 0; t < 50 && delivered.Load() < want; t++ {
		time.Sleep(100 * time.Millisecond)
	}
	res.cpu = p.CPU() - cpu0
	measuring.Store(false)
	res.sent, res.delivered = sentN, delivered.Load()
	for _, c := range conns {
		c.Close()
	}
	time.Sleep(200 * time.Millisecond)
	latMu.Lock()
	slices.Sort(lat)
	if len(lat) > 0 {
		res.p50 = time.Duration(lat[len(lat)/2])
		res.p99 = time.Duration(lat[len(lat)*99/100])
	}
	latMu.Unlock()
	return res, nil
}
