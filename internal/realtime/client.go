package realtime

import (
	"context"
	"encoding/binary"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// prepared is a frame encoded once, however many clients it goes to: its
// bytes as they go on the wire, the WebSocket frame's header and then the
// JSON, made once when it is prepared. A fan-out's sockets all write the
// same bytes; nothing is framed, copied or checked again per socket.
type prepared struct {
	data []byte // the JSON: wire without the header
	wire []byte
	// err is why the frame cannot be sent (not UTF-8 text, too large): the
	// writer fails on it, as a socket library refuses such a frame.
	err error
}

// maxWritten is the largest frame a socket writes (the library's default
// for a frame it writes itself); no frame Kinship makes comes near it.
const maxWritten = 16 << 20

var (
	errNotText    = errors.New("realtime: a frame is not UTF-8 text")
	errFrameLarge = errors.New("realtime: a frame is larger than 16 MB")
)

// prepare frames data as a final text frame from a server (RFC 6455,
// section 5.2: FIN and the text opcode, no mask, the length in 7, 16 or 64
// bits).
func prepare(data []byte) *prepared {
	n := len(data)
	var hdr [10]byte
	hdr[0] = 0x81
	h := 2
	switch {
	case n < 126:
		hdr[1] = byte(n)
	case n <= 0xFFFF:
		hdr[1] = 126
		binary.BigEndian.PutUint16(hdr[2:], uint16(n))
		h = 4
	default:
		hdr[1] = 127
		binary.BigEndian.PutUint64(hdr[2:], uint64(n))
		h = 10
	}
	wire := make([]byte, h+n)
	copy(wire, hdr[:h])
	copy(wire[h:], data)
	p := &prepared{data: wire[h:], wire: wire}
	switch {
	case n > maxWritten:
		p.err = errFrameLarge
	case !utf8.Valid(data):
		p.err = errNotText
	}
	return p
}

// sink is where a client's frames go: its socket.
type sink interface {
	write(batch []*prepared) error
	// kick closes the connection; the client will reconnect and resync.
	kick(reason string)
	// end closes the connection because its session ended (or the account
	// changed): reason is a Reason* code.
	end(reason string)
}

// queueLimit is how many frames may wait for a slow client before it is
// cut off; it reconnects and resyncs instead of slowing anyone else. (A
// variable so tests can lower it.)
var queueLimit = 1024

// maxSpare is the largest queue buffer a client keeps for reuse: one a
// long catch-up grew is let go.
const maxSpare = 1024

// Client is one connected socket of a member.
type Client struct {
	UserID string
	// SessionID is the session the socket was opened with ("" in tests of
	// this package alone).
	SessionID string
	out       sink
	// ended is set when the session ended: no request is answered and
	// nothing is delivered any more.
	ended atomic.Bool
	// checked is when the session was last found valid, in Unix nanoseconds.
	checked atomic.Int64
	// standing is the account's standing when the socket opened (Source.Standing).
	standing string

	mu    sync.Mutex
	queue []*prepared
	spare []*prepared // the other queue buffer, reused so delivery allocates nothing (not one a long catch-up grew)
	// caught is how many of the queued frames are a subscription's
	// catch-up, which queueLimit does not count (sendCatchUp).
	caught int
	// taken, made by the first waitTaken, is signalled when the writer
	// takes the queue or the client closes.
	taken   chan struct{}
	writing bool
	// held: frames queued wait for release (a socket's opening), unless a
	// catch-up needs the writer.
	held    bool
	closed  bool
	blocked map[string]struct{}
	subs    []string // few per socket: a slice costs less than a map
}

func newClient(userID, sessionID string, out sink) *Client {
	return &Client{UserID: userID, SessionID: sessionID, out: out}
}

// Ended reports whether the socket's session has ended.
func (c *Client) Ended() bool { return c.ended.Load() }

// send queues a frame. A writer goroutine runs only while there is
// something to write and exits when the queue is empty, so an idle
// connection costs none; a busy one keeps its writer, which takes
// everything queued meanwhile in one batch.
func (c *Client) send(p *prepared) { c.sendUnlessBlocked("", p) }

// sendUnlessBlocked queues a frame by author, unless this member blocks
// the author or is blocked by them: the check and the queueing share one
// lock, which fan-out takes once per recipient.
func (c *Client) sendUnlessBlocked(author string, p *prepared) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	if author != "" && c.blocked != nil {
		if _, blocked := c.blocked[author]; blocked {
			c.mu.Unlock()
			return
		}
	}
	if len(c.queue)-c.caught >= queueLimit {
		c.closed, c.queue, c.caught = true, nil, 0
		c.signalTaken()
		c.mu.Unlock()
		// Not on this goroutine, the hub's fan-out: the close frame waits
		// behind the slow reader's stuck write, up to its deadline.
		go c.out.kick("too slow: reconnect to resync")
		return
	}
	c.queue = append(c.queue, p)
	start := !c.writing && !c.held
	if start {
		c.writing = true
	}
	c.mu.Unlock()
	if start {
		go c.drain()
	}
}

// hold keeps frames queued from now on from being written until release:
// what a socket is sent as it opens (the greeting, a subscription's
// answer) goes in one write.
func (c *Client) hold() {
	c.mu.Lock()
	c.held = true
	c.mu.Unlock()
}

// release writes what was held, and lets later frames go as they come.
func (c *Client) release() {
	c.mu.Lock()
	c.held = false
	start := !c.closed && !c.writing && len(c.queue) > 0
	if start {
		c.writing = true
	}
	c.mu.Unlock()
	if start {
		go c.drain()
	}
}

// drain writes batches until the queue is empty. Starting a goroutine per
// burst costs less than keeping one parked on a channel and a timer: the
// measurement in BENCHMARKS.md showed the wake-ups and timer resets of a
// lingering writer as a tenth of the server's time under fan-out.
func (c *Client) drain() {
	var batch []*prepared
	for {
		c.mu.Lock()
		if batch != nil && cap(batch) <= maxSpare {
			clear(batch)
			c.spare = batch[:0]
		}
		if c.closed || len(c.queue) == 0 {
			c.writing = false
			c.mu.Unlock()
			return
		}
		batch = c.queue
		c.queue, c.spare, c.caught = c.spare, nil, 0
		c.signalTaken()
		c.mu.Unlock()
		if err := c.out.write(batch); err != nil {
			c.close()
			c.out.kick("write failed")
			c.mu.Lock()
			c.writing = false
			c.mu.Unlock()
			return
		}
	}
}

func (c *Client) close() {
	c.mu.Lock()
	c.closed, c.queue, c.caught = true, nil, 0
	c.signalTaken()
	c.mu.Unlock()
}

// signalTaken wakes a waitTaken. The caller holds c.mu.
func (c *Client) signalTaken() {
	if c.taken != nil {
		select {
		case c.taken <- struct{}{}:
		default:
		}
	}
}

// errClosed: the client closed while its catch-up was being sent.
var errClosed = errors.New("the connection closed")

// waitTaken waits until the writer has taken every catch-up frame queued
// (it may still be writing them), so that the hub reads the next page of
// a long catch-up only then. A socket that takes its frames is heard from
// meanwhile: its reader waits for the subscription, not for the client.
func (c *Client) waitTaken(ctx context.Context) error {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return errClosed
		}
		if c.caught == 0 {
			c.mu.Unlock()
			if t, ok := c.out.(interface{ touch() }); ok {
				t.touch()
			}
			return nil
		}
		if c.taken == nil {
			c.taken = make(chan struct{}, 1)
		}
		taken := c.taken
		c.mu.Unlock()
		select {
		case <-taken:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// sendCatchUp queues a page of a subscription's catch-up (leaving out
// authors this member blocks or is blocked by). queueLimit does not count
// it: the limit is for a reader falling behind live traffic, and a reader
// far behind (a tab that slept through a busy night) would be cut off
// before its first frame was written, and again on every reconnect from
// the same change, so it never caught up. The hub queues a page only once
// the writer has taken the one before (waitTaken), so the catch-up held in
// memory stays about two pages long; live frames queued behind it are held
// to the limit as usual, and once the writer has taken the catch-up, the
// queue is counted whole again.
func (c *Client) sendCatchUp(frames []*prepared, authors []string) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	n := 0
	for i, p := range frames {
		if authors[i] != "" && c.blocked != nil {
			if _, blocked := c.blocked[authors[i]]; blocked {
				continue
			}
		}
		c.queue = append(c.queue, p)
		n++
	}
	if n == 0 {
		c.mu.Unlock()
		return
	}
	c.caught += n
	// A catch-up waits for the writer to take each page (waitTaken): it
	// is written as it comes, held or not.
	c.held = false
	start := !c.writing
	c.writing = true
	c.mu.Unlock()
	if start {
		go c.drain()
	}
}

func (c *Client) setBlocked(ids []string) {
	var m map[string]struct{} // nil for the many who block nobody
	if len(ids) > 0 {
		m = make(map[string]struct{}, len(ids))
	}
	for _, id := range ids {
		m[id] = struct{}{}
	}
	c.mu.Lock()
	c.blocked = m
	c.mu.Unlock()
}

func (c *Client) block(id string, on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if on {
		if c.blocked == nil {
			c.blocked = map[string]struct{}{}
		}
		c.blocked[id] = struct{}{}
	} else {
		delete(c.blocked, id)
	}
}

func (c *Client) subscribe(conv string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Contains(c.subs, conv) {
		c.subs = append(c.subs, conv)
	}
}

// unsubscribe reports whether c was subscribed.
func (c *Client) unsubscribe(conv string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.Index(c.subs, conv)
	if i < 0 {
		return false
	}
	c.subs = slices.Delete(c.subs, i, i+1)
	return true
}

// Subscribed reports whether c follows conv.
func (c *Client) Subscribed(conv string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Contains(c.subs, conv)
}

func (c *Client) subscriptions() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.subs)
}

// Send queues an encoded frame for this client alone.
func (c *Client) Send(frame []byte) { c.send(prepare(frame)) }
