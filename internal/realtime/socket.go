package realtime

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lxzan/gws"

	"github.com/kinshiprecovery/kinship/internal/textin"
)

// Limits of the socket protocol.
const (
	// MaxRequest is the largest request frame answered; a larger one gets
	// an error and the connection carries on.
	MaxRequest = 16 << 10
	// maxFrame is the largest frame read at all (and discarded) before the
	// connection is closed.
	maxFrame = 4 << 20
)

// readBuffer is a connection's read buffer: requests are small, and a
// larger frame is read past it.
const readBuffer = 512

// timing is how long a write may take, how often an idle client is
// pinged, and how long a silent one is kept. Tests shorten it.
type timing struct{ write, ping, idle time.Duration }

var defaultTiming = timing{write: 10 * time.Second, ping: 30 * time.Second, idle: 75 * time.Second}

// Request is one client request on the socket.
type Request struct {
	Op        string `json:"op" enum:"subscribe,unsubscribe,send,edit,delete,react,unreact,read,history,ping"`
	Ref       string `json:"ref,omitempty" doc:"any text; it comes back in the answer"`
	Conv      string `json:"conv,omitempty" doc:"the conversation (a group's or a direct thread's id)"`
	After     int64  `json:"after,omitempty"`
	ClientID  string `json:"client_id,omitempty"`
	Body      string `json:"body,omitempty"`
	MessageID string `json:"message_id,omitempty"`
	Reaction  string `json:"reaction,omitempty"`
	Reason    string `json:"reason,omitempty"`
	Seq       int64  `json:"seq,omitempty"`
	// Limit is how many messages history returns (1 to 200; 0: 50).
	Limit int `json:"limit,omitempty"`
}

// checkText is textin.Check(r) without reflection, on every request: each
// text field by its JSON name, in the struct's order
// (TestRequestTextCheckIsTextins keeps the two the same).
func (r *Request) checkText() *textin.Error {
	for _, f := range [...]struct{ name, v string }{
		{"op", r.Op}, {"ref", r.Ref}, {"conv", r.Conv}, {"client_id", r.ClientID}, {"body", r.Body},
		{"message_id", r.MessageID}, {"reaction", r.Reaction}, {"reason", r.Reason},
	} {
		if p := textin.String(f.name, f.v); p != "" {
			return &textin.Error{Field: f.name, Problem: p}
		}
	}
	return nil
}

// Ops carries out the requests other than subscribing.
type Ops interface {
	// Handle runs req for the member signed in on ctx and returns the result to acknowledge.
	Handle(ctx context.Context, c *Client, req Request) (any, error)
	// Describe turns an error into a code and a message a person can act on.
	Describe(err error) (code, message string)
}

// Worder is Ops that also words a refusal for the person on the socket,
// in the language of the page that opened it: the error frame's "words",
// beside "error", the API's English.
type Worder interface {
	Words(ctx context.Context, err error) string
}

// Socket serves the WebSocket endpoint, on lxzan/gws: chosen by the
// measurements in BENCHMARKS.md (fewer CPU-seconds per delivery and a
// third of gorilla's memory per idle connection).
type Socket struct {
	Hub *Hub
	Ops Ops
	// BaseURL is the public address; browsers' Origin must match it or the request's Host.
	BaseURL  string
	upgrader *gws.Upgrader
	once     sync.Once
	timing   timing // zero: defaultTiming

	// The open connections, which one sweeper pings every timing.ping: a
	// timer per connection would cost each idle connection a few hundred
	// bytes. The sweeper runs only while there are connections.
	connsMu  sync.Mutex
	conns    map[*socketConn]struct{}
	sweeping bool
}

func (s *Socket) init() {
	s.once.Do(func() {
		if s.timing == (timing{}) {
			s.timing = defaultTiming
		}
		s.upgrader = gws.NewUpgrader(socketEvents{s}, &gws.ServerOption{
			ReadMaxPayloadSize: maxFrame,
			ReadBufferSize:     readBuffer,
			WriteBufferSize:    1024,
			CheckUtf8Enabled:   true,
			NewSession:         func() gws.SessionStorage { return &oneSession{} },
		})
	})
}

// OriginAllowed reports whether a browser's Origin header belongs to this
// site. Clients that are not browsers send none.
func (s *Socket) OriginAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if b, err := url.Parse(s.BaseURL); err == nil && b.Host != "" && strings.EqualFold(u.Host, b.Host) {
		return true
	}
	return false
}

// session is what a connection carries between events.
type session struct {
	ctx    context.Context
	client *Client
	sc     *socketConn
}

// Serve upgrades the request and runs the connection of userID, signed in
// with sessionID, until it closes. ctx carries the signed-in member for
// Ops. The caller has checked the Origin with OriginAllowed.
func (s *Socket) Serve(ctx context.Context, w http.ResponseWriter, r *http.Request, userID, sessionID string) {
	s.ServeSubscribed(ctx, w, r, userID, sessionID, "", 0)
}

// ServeSubscribed is Serve with the socket subscribed to conv from after
// as it opens (no subscription when conv is ""), as a subscribe request
// would: a chat page's socket, which otherwise sent that request at once.
// The handshake's answer, the greeting and the subscription's answer (or
// its refusal) go in one write, and the server reads and answers no
// request for it. after is 0 or more.
func (s *Socket) ServeSubscribed(ctx context.Context, w http.ResponseWriter, r *http.Request, userID, sessionID, conv string, after int64) {
	s.init()
	raw, err := hijack(w)
	if err != nil {
		return
	}
	// The library writes through held (the handshake's answer is held back
	// for the greeting, heldConn) and reads the connection itself, through a
	// reader of the library's size: a wrapper's Read would deepen every
	// idle connection's reader past its smallest stack.
	held := &heldConn{Conn: raw}
	conn, err := s.upgrader.UpgradeFromConn(held, bufio.NewReaderSize(raw, readBuffer), r)
	if err != nil {
		return // UpgradeFromConn has answered the client
	}
	sc := &socketConn{conn: conn, raw: held, timing: s.timing}
	c := newClient(userID, sessionID, sc)
	c.checked.Store(time.Now().UnixNano())
	// What the socket is sent as it opens waits until the opening is done,
	// and then goes in one write (release).
	c.hold()
	if err := s.Hub.Register(ctx, c); err != nil {
		if errors.Is(err, ErrSessionEnded) {
			sc.end(ReasonSignedOut)
		} else {
			sc.kick("try again shortly")
		}
		return
	}
	conn.Session().Store("s", &session{ctx: ctx, client: c, sc: sc})
	// The greeting is encoded here, on the request's goroutine: encoding
	// JSON in OnOpen would grow the reader's stack for good.
	c.send(frameOf(helloFrame{Type: "hello", UserID: userID}))
	if conv != "" {
		s.subscribe(ctx, c, "", conv, after)
	}
	c.release()
	// The connection is read in a fresh goroutine and this handler returns:
	// the HTTP goroutine's grown stack is freed, and an idle connection
	// keeps only a small one.
	go conn.ReadLoop()
}

// oneSession is a connection's storage in gws: it holds the one session
// Kinship keeps, without the map and lock of the library's default.
type oneSession struct{ s atomic.Pointer[session] }

func (o *oneSession) Len() int {
	if o.s.Load() == nil {
		return 0
	}
	return 1
}

func (o *oneSession) Load(key string) (any, bool) {
	if ss := o.s.Load(); key == "s" && ss != nil {
		return ss, true
	}
	return nil, false
}

func (o *oneSession) Delete(key string) {
	if key == "s" {
		o.s.Store(nil)
	}
}

func (o *oneSession) Store(key string, value any) {
	if ss, ok := value.(*session); ok && key == "s" {
		o.s.Store(ss)
	}
}

func (o *oneSession) Range(f func(key string, value any) bool) {
	if ss := o.s.Load(); ss != nil {
		f("s", ss)
	}
}

// socketEvents receives the connection's events from gws.
type socketEvents struct{ s *Socket }

func sessionOf(conn *gws.Conn) *session {
	v, ok := conn.Session().Load("s")
	if !ok {
		return nil
	}
	return v.(*session)
}

// The handlers below run on the connection's reader goroutine, which
// every idle connection keeps. They set no deadlines: the runtime's timer
// code is deep enough to double that goroutine's stack (2 KB to 4 KB) for
// the life of the connection. Silence is noticed by the ping timer instead,
// from the time of the last frame read.

func (e socketEvents) OnOpen(conn *gws.Conn) {
	if ss := sessionOf(conn); ss != nil {
		ss.sc.touch()
		ss.sc.pinged.Store(time.Now().UnixNano())
		e.s.track(ss.sc)
	}
}

func (e socketEvents) OnClose(conn *gws.Conn, err error) {
	if ss := sessionOf(conn); ss != nil {
		ss.client.close()
		e.s.Hub.Unregister(ss.client)
		e.s.forget(ss.sc)
	}
}

// track adds an open connection to those the sweeper pings, starting the
// sweeper if it is not running.
func (s *Socket) track(c *socketConn) {
	s.connsMu.Lock()
	defer s.connsMu.Unlock()
	if s.conns == nil {
		s.conns = map[*socketConn]struct{}{}
	}
	s.conns[c] = struct{}{}
	if !s.sweeping {
		s.sweeping = true
		go s.sweep()
	}
}

func (s *Socket) forget(c *socketConn) {
	s.connsMu.Lock()
	defer s.connsMu.Unlock()
	delete(s.conns, c)
}

// sweep pings each open connection once every timing.ping, and closes
// those silent for longer than timing.idle. It looks every quarter second
// (more often when the interval is short) and pings only the connections
// whose turn has come, so pings stay spread over time as the connections
// opened: pinging thousands at once would hold up the messages sent
// meanwhile. Looking costs a few microseconds per thousand connections.
// It ends when none is left.
func (s *Socket) sweep() {
	tick := time.NewTicker(max(min(s.timing.ping/8, 250*time.Millisecond), time.Millisecond))
	defer tick.Stop()
	var batch []*socketConn
	for now := range tick.C {
		s.connsMu.Lock()
		if len(s.conns) == 0 {
			s.sweeping = false
			s.connsMu.Unlock()
			return
		}
		batch = batch[:0]
		for c := range s.conns {
			batch = append(batch, c)
		}
		s.connsMu.Unlock()
		for _, c := range batch {
			c.ping(now)
		}
		clear(batch)
	}
}

func (e socketEvents) OnPing(conn *gws.Conn, payload []byte) {
	ss := sessionOf(conn)
	if ss == nil {
		return
	}
	ss.sc.touch()
	// The pong is written from gws's write queue, where its deadline can
	// be set without growing the reader's stack.
	p := append([]byte(nil), payload...)
	conn.Async(func() {
		ss.sc.armWriteDeadline()
		_ = conn.WritePong(p)
	})
}

func (e socketEvents) OnPong(conn *gws.Conn, payload []byte) {
	if ss := sessionOf(conn); ss != nil {
		ss.sc.touch()
	}
}

func (e socketEvents) OnMessage(conn *gws.Conn, m *gws.Message) {
	defer m.Close()
	ss := sessionOf(conn)
	if ss == nil {
		return
	}
	ss.sc.touch()
	data := m.Bytes()
	switch {
	case len(data) > MaxRequest:
		ss.client.send(errorFrame("", "too_large", "that request is larger than 16 KB; send shorter messages"))
	case m.Opcode != gws.OpcodeText:
		ss.client.send(errorFrame("", "invalid", "send requests as JSON text frames"))
	default:
		// Each request runs on a short-lived goroutine while the read loop
		// waits: requests stay in order, and the deep stack that database
		// work needs is freed when it ends instead of staying with every
		// idle connection's reader. The request's bytes are the library's
		// until m.Close, after the handler has ended: they are read in
		// place, not copied.
		done := make(chan struct{})
		go func() {
			defer close(done)
			e.s.handle(ss.ctx, ss.client, data)
		}()
		<-done
	}
}

func (s *Socket) handle(ctx context.Context, c *Client, data []byte) {
	if !s.sessionValid(ctx, c) {
		return
	}
	var req Request
	// Keys are read exactly and once each, before the decoder (which
	// would take "Body" as "body", and the last of a repeated key).
	if key, twice, meant := requestKeyFault(data); key != "" {
		c.send(errorFrame(refOf(data, key), "invalid", keyFaultMessage(key, twice, meant)))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			// Valid JSON with a value of another type ("after": "5",
			// "limit": 1e400): the field is named, in the API's words.
			c.send(errorFrame(refOf(data, te.Field), "invalid", te.Field+" must be "+valueKind(te.Type.Kind())+", not "+sentKind(te.Value)))
			return
		}
		c.send(errorFrame("", "invalid", notJSONMessage(err)))
		return
	}
	// Numbers out of range are refused naming the field, never replaced.
	for _, n := range []struct {
		name string
		v    int64
	}{{"after", req.After}, {"seq", req.Seq}, {"limit", int64(req.Limit)}} {
		if n.v < 0 {
			c.send(errorFrame(req.Ref, "invalid", n.name+" must be 0 or more"))
			return
		}
	}
	if e := req.checkText(); e != nil {
		c.send(errorFrame(req.Ref, "invalid", e.Error()))
		return
	}
	switch req.Op {
	case "ping":
		c.send(frameOf(refFrame{Ref: req.Ref, Type: "pong"}))
	case "subscribe":
		if req.After < 0 {
			c.send(errorFrame(req.Ref, "invalid", `"after" is the last sequence number you have, 0 or more`))
			return
		}
		s.subscribe(ctx, c, req.Ref, req.Conv, req.After)
	case "unsubscribe":
		s.Hub.unsubscribe(c, req.Conv, false)
		c.send(frameOf(refFrame{Ref: req.Ref, Type: "ack"}))
	case "":
		c.send(errorFrame(req.Ref, "invalid", `every request needs an "op"`))
	default:
		res, err := s.Ops.Handle(ctx, c, req)
		if err != nil {
			c.send(s.refusal(ctx, req.Ref, err))
			return
		}
		c.send(frameOf(ackFrame{Ref: req.Ref, Result: res, Type: "ack"}))
	}
}

// valueKind names what a field of kind k takes, for a person.
func valueKind(k reflect.Kind) string {
	if k == reflect.String {
		return "a string"
	}
	return "a whole number"
}

// sentKind names the JSON value encoding/json found ("string", "number
// 1e400") for a person.
func sentKind(v string) string {
	switch v {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "number":
		return "a number"
	}
	return strings.TrimPrefix(v, "number ")
}

// framePattern is what every refusal of a frame that is not a request shows.
const framePattern = `send one JSON object per frame, such as {"op":"ping","ref":"1"}`

// notJSONMessage says, in plain words, why a frame could not be read as a
// request: where its JSON breaks, that it ended early, or that it is JSON
// of another shape, never the decoder's own wording.
func notJSONMessage(err error) string {
	var syn *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("that request is not valid JSON: it breaks at character %d; %s", syn.Offset, framePattern)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "that request is not valid JSON: it ends before its object does; " + framePattern
	case errors.Is(err, io.EOF):
		return "that request is empty; " + framePattern
	case errors.As(err, &te):
		return "that request is " + sentKind(te.Value) + ", not an object; " + framePattern
	}
	return "that request could not be read; " + framePattern
}

// keyFaultMessage says what is wrong with a request's key, naming it.
func keyFaultMessage(key string, twice bool, meant string) string {
	switch {
	case twice:
		return strconv.Quote(key) + " is given more than once in the request; send each key once"
	case meant != "":
		return "unknown field " + strconv.Quote(key) + "; keys are read exactly as documented: send " + strconv.Quote(meant)
	}
	return "unknown field " + strconv.Quote(key) + "; a request's keys are " + strings.Join(requestKeyNames, ", ")
}

// refOf is the ref of a request refused for its key bad, so that the
// client can tell which request the error answers; "" when the ref is
// what is wrong, or cannot be read.
func refOf(data []byte, bad string) string {
	if strings.EqualFold(bad, "ref") {
		return ""
	}
	var keys map[string]json.RawMessage // keys as sent, not folded
	var ref string
	if json.Unmarshal(data, &keys) != nil || json.Unmarshal(keys["ref"], &ref) != nil || textin.String("ref", ref) != "" {
		return ""
	}
	return ref
}

// subscribe follows conv on c from after, answering ref: the subscribe
// request's, or a socket's opening with a subscription ("").
func (s *Socket) subscribe(ctx context.Context, c *Client, ref, conv string, after int64) {
	if conv == "" || !s.Hub.src.CanRead(ctx, c.UserID, conv) {
		c.send(errorFrame(ref, "not_found", "conversation not found, or you are not in it"))
		return
	}
	if err := s.Hub.Subscribe(ctx, c, conv, after); err != nil {
		if errors.Is(err, errNoAccess) {
			c.send(errorFrame(ref, "not_found", "conversation not found, or you are not in it"))
		} else {
			c.send(s.refusal(ctx, ref, err))
		}
		return
	}
	c.send(frameOf(subscribedFrame{Conv: conv, Ref: ref, Type: "subscribed"}))
}

// sessionCheckEvery is how long a session found valid is trusted before a
// socket request asks the database again. The event that ends a session
// closes its sockets at once; this check catches one whose event was
// missed (a broker outage) within a few seconds.
// (A variable so tests can set it to 0.)
var sessionCheckEvery = 2 * time.Second

// sessionValid reports whether c's session may still make requests; when
// it may not, the socket is closed and nothing more is delivered.
func (s *Socket) sessionValid(ctx context.Context, c *Client) bool {
	if c.ended.Load() {
		return false
	}
	if c.SessionID == "" || time.Since(time.Unix(0, c.checked.Load())) < sessionCheckEvery {
		return true
	}
	if !s.Hub.src.SessionValid(ctx, c.UserID, c.SessionID) {
		s.Hub.end(c, ReasonSignedOut)
		return false
	}
	c.checked.Store(time.Now().UnixNano())
	return true
}

// refusal is the error frame for err: its code and English message, and
// its words in the reader's language when Ops can say them.
func (s *Socket) refusal(ctx context.Context, ref string, err error) *prepared {
	code, msg := s.Ops.Describe(err)
	w, ok := s.Ops.(Worder)
	if !ok {
		return errorFrame(ref, code, msg)
	}
	words := w.Words(ctx, err)
	return frameOf(errFrame{Code: code, Error: msg, Ref: ref, Type: "error", Words: &words})
}

func errorFrame(ref, code, msg string) *prepared {
	return frameOf(errFrame{Code: code, Error: msg, Ref: ref, Type: "error"})
}

// The socket's own frames. Their fields are in the order of their names,
// so that each encodes as the map of the same keys did (encoding/json
// sorts a map's keys), without the map (TestFramesAreTheMapsTheyWere).
type (
	helloFrame struct {
		Type   string `json:"type"`
		UserID string `json:"user_id"`
	}
	// refFrame answers a ping (pong) or an unsubscription (ack).
	refFrame struct {
		Ref  string `json:"ref"`
		Type string `json:"type"`
	}
	subscribedFrame struct {
		Conv string `json:"conv"`
		Ref  string `json:"ref"`
		Type string `json:"type"`
	}
	ackFrame struct {
		Ref    string `json:"ref"`
		Result any    `json:"result"`
		Type   string `json:"type"`
	}
	errFrame struct {
		Code  string  `json:"code"`
		Error string  `json:"error"`
		Ref   string  `json:"ref"`
		Type  string  `json:"type"`
		Words *string `json:"words,omitempty"`
	}
	notificationFrame struct {
		Kind string `json:"kind"`
		Link string `json:"link"`
		Type string `json:"type"`
	}
	removedFrame struct {
		Conv string `json:"conv"`
		Type string `json:"type"`
	}
)

// frameOf encodes v (which cannot fail to encode) as a prepared frame,
// through a buffer kept between frames.
func frameOf(v any) *prepared {
	b := encodeBufs.Get().(*bytes.Buffer)
	b.Reset()
	if err := json.NewEncoder(b).Encode(v); err != nil {
		panic(err)
	}
	p := prepare(bytes.TrimSuffix(b.Bytes(), []byte("\n"))) // the encoder ends each value with a newline
	if b.Cap() <= maxBatchBuf {
		encodeBufs.Put(b)
	}
	return p
}

var encodeBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// ErrUnknownOp is returned by Ops for an op it does not know.
var ErrUnknownOp = errors.New("unknown op")

type socketConn struct {
	conn *gws.Conn
	// raw is the connection under conn, where frames are written: each
	// batch in one system call, in whole frames, so that what the library
	// writes itself (pings, pongs, a close) comes between two frames, never
	// inside one.
	raw      net.Conn
	timing   timing
	deadline atomic.Int64 // the write deadline set last, in Unix nanoseconds
	heard    atomic.Int64 // when a frame was last read, in Unix nanoseconds
	pinged   atomic.Int64 // when it was last pinged (or opened), in Unix nanoseconds
}

// armWriteDeadline makes sure the next write has between half of
// the write timeout and all of it to finish. Every path that writes (frames,
// pings, pongs) calls it first: the deadline is absolute, so one left over
// from an earlier write would fail a later one at once. It is moved only
// when less than half remains, since setting it on every write cost a
// twentieth of the server's time under fan-out.
func (s *socketConn) armWriteDeadline() {
	now := time.Now()
	if now.Add(s.timing.write/2).UnixNano() < s.deadline.Load() {
		return
	}
	d := now.Add(s.timing.write)
	s.deadline.Store(d.UnixNano())
	_ = s.conn.SetWriteDeadline(d)
}

// write sends a batch of frames, as they were prepared, in one write: a
// lone frame as it is, several queued meanwhile (an answer and the message
// it sent, a page of a catch-up) one after the other in one buffer. The
// writer takes whatever is queued when it runs, so a lone frame never waits
// for company.
func (s *socketConn) write(batch []*prepared) error {
	s.armWriteDeadline()
	if len(batch) == 1 {
		if batch[0].err != nil {
			return batch[0].err
		}
		_, err := s.raw.Write(batch[0].wire)
		return err
	}
	n := 0
	for _, p := range batch {
		if p.err != nil {
			return p.err
		}
		n += len(p.wire)
	}
	bp := batchBufs.Get().(*[]byte)
	buf := slices.Grow((*bp)[:0], n)
	for _, p := range batch {
		buf = append(buf, p.wire...)
	}
	_, err := s.raw.Write(buf)
	if cap(buf) <= maxBatchBuf {
		*bp = buf[:0]
		batchBufs.Put(bp)
	}
	return err
}

// batchBufs are the buffers batches of frames are gathered in; one larger
// than maxBatchBuf (a long catch-up's) is let go.
var batchBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const maxBatchBuf = 64 << 10

// hijack takes the connection over from the HTTP server, as the socket
// library's Upgrade does (whose buffered reader it leaves: the library
// reads with its own).
func hijack(w http.ResponseWriter) (net.Conn, error) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return nil, errors.New("realtime: the connection cannot be taken over")
	}
	c, _, err := hj.Hijack()
	return c, err
}

// heldConn is a socket's connection that holds back the handshake's answer
// (101 Switching Protocols) until the next write, the greeting frame, and
// writes the two together: one system call fewer for every socket opened,
// and every page opens one. Anything else written first (a refusal, a
// close) takes the answer along the same way.
//
// Every frame goes through it, the library's (pings, pongs, a close) and
// Kinship's, so it alone knows what has gone: once a close frame is
// written or a write fails (a frame may have been cut short), it writes
// nothing more. RFC 6455 (5.5.1) allows no frame after a close, and the
// bytes of a close written after a cut frame would be read as the rest of
// that frame. The library kept to both when it wrote every frame.
type heldConn struct {
	net.Conn
	passing atomic.Bool // nothing is or will be held
	mu      sync.Mutex
	held    []byte
	shut    bool // a close frame was written, or a write failed
}

var switching = []byte("HTTP/1.1 101 ")

// opClose is the opcode of a close frame (RFC 6455, section 5.5.1).
const opClose = 0x8

func (h *heldConn) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.shut:
		return 0, net.ErrClosed
	case h.passing.Load():
	case h.held == nil && bytes.HasPrefix(p, switching):
		h.held = append([]byte(nil), p...)
		return len(p), nil
	case h.held == nil: // a refusal, before any frame
		h.passing.Store(true)
		return h.Conn.Write(p)
	default:
		k := len(h.held)
		buf := append(h.held, p...)
		h.held = nil
		h.passing.Store(true)
		h.shut = len(p) > 0 && p[0]&0x0f == opClose
		n, err := h.Conn.Write(buf)
		h.shut = h.shut || err != nil
		return max(n-k, 0), err
	}
	// Each write is whole frames: the first byte is a frame's.
	h.shut = len(p) > 0 && p[0]&0x0f == opClose
	if h.shut && answersClose(p) {
		// The library closes the connection as soon as this returns.
		if n, err, ok := writeBeforeClose(h.Conn, p); ok {
			return n, err
		}
	}
	n, err := h.Conn.Write(p)
	h.shut = h.shut || err != nil
	return n, err
}

// answersClose reports whether p, a close frame, is the answer to the
// browser's (a page's socket ends so as the next page loads): the library
// answers with the status code alone, and every close it or Kinship
// starts (a frame it cannot read, a session ended, a socket cut off)
// carries its reason as well. After its close frame the browser sends
// nothing, so nothing left unread can turn the close into a reset, which
// would drop a frame held for it (writeBeforeClose); a close that starts
// while requests may still be on their way is written plainly.
func answersClose(p []byte) bool {
	return len(p) >= 2 && p[0] == 0x80|opClose && p[1] <= 2 && len(p) == 2+int(p[1])
}

// Close writes what is held (the handshake's answer, when nothing came
// after it) before it closes.
func (h *heldConn) Close() error {
	if !h.passing.Load() {
		h.mu.Lock()
		if h.held != nil {
			_, _ = h.Conn.Write(h.held)
			h.held = nil
		}
		h.passing.Store(true)
		h.mu.Unlock()
	}
	return h.Conn.Close()
}

func (s *socketConn) kick(reason string) {
	_ = s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	_ = s.conn.WriteClose(1013, []byte(reason))
	_ = s.conn.NetConn().Close()
}

// end closes the connection for good: its session ended (4401) or its
// account changed (4403), which the close frame says.
func (s *socketConn) end(reason string) {
	code, text := uint16(4401), ReasonSignedOut+": your session has ended; please sign in again"
	if reason == ReasonAccountChanged {
		code, text = 4403, ReasonAccountChanged+": your account changed; reconnect to carry on"
	}
	_ = s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	_ = s.conn.WriteClose(code, []byte(text))
	_ = s.conn.NetConn().Close()
}

// touch records that the client was heard from.
func (s *socketConn) touch() { s.heard.Store(time.Now().UnixNano()) }

// ping closes a connection silent for longer than timing.idle, and
// otherwise pings it when timing.ping has passed since the last ping. The
// ping is written from gws's write queue, so a slow client holds up neither
// the sweeper nor anyone else; the client's pong counts as hearing from it.
func (s *socketConn) ping(now time.Time) {
	if now.Sub(time.Unix(0, s.heard.Load())) > s.timing.idle {
		_ = s.conn.NetConn().Close() // the read loop ends and OnClose cleans up
		return
	}
	if now.Sub(time.Unix(0, s.pinged.Load())) < s.timing.ping {
		return
	}
	s.pinged.Store(now.UnixNano())
	s.conn.Async(func() {
		s.armWriteDeadline()
		if err := s.conn.WritePing(nil); err != nil {
			_ = s.conn.NetConn().Close()
		}
	})
}
