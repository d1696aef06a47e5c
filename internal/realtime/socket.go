package realtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Limits of the socket protocol.
const (
	// MaxRequest is the largest request frame answered; a larger one gets
	// an error and the connection carries on.
	MaxRequest = 16 << 10
	// maxFrame is the largest frame read at all (and discarded) before the
	// connection is closed.
	maxFrame     = 4 << 20
	writeTimeout = 10 * time.Second
	pingEvery    = 30 * time.Second
	idleTimeout  = 75 * time.Second
)

// Request is one client request on the socket.
type Request struct {
	Op        string `json:"op"`
	Ref       string `json:"ref,omitempty"`
	Conv      string `json:"conv,omitempty"`
	After     int64  `json:"after,omitempty"`
	ClientID  string `json:"client_id,omitempty"`
	Body      string `json:"body,omitempty"`
	MessageID string `json:"message_id,omitempty"`
	Reaction  string `json:"reaction,omitempty"`
	Reason    string `json:"reason,omitempty"`
	Seq       int64  `json:"seq,omitempty"`
}

// Ops carries out the requests other than subscribing.
type Ops interface {
	// Handle runs req for the member signed in on ctx and returns the result to acknowledge.
	Handle(ctx context.Context, c *Client, req Request) (any, error)
	// Describe turns an error into a code and a message a person can act on.
	Describe(err error) (code, message string)
}

// Socket serves the WebSocket endpoint.
type Socket struct {
	Hub *Hub
	Ops Ops
	// BaseURL is the public address; browsers' Origin must match it or the request's Host.
	BaseURL  string
	upgrader websocket.Upgrader
	once     sync.Once
}

var writePool sync.Pool

func (s *Socket) init() {
	s.once.Do(func() {
		s.upgrader = websocket.Upgrader{
			ReadBufferSize:  512,
			WriteBufferSize: 1024,
			// Idle connections hold no write buffer.
			WriteBufferPool: &writePool,
			// Origin is checked before Upgrade is called.
			CheckOrigin: func(*http.Request) bool { return true },
		}
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

// Serve upgrades the request and runs the connection of userID until it
// closes. ctx carries the signed-in member for Ops. The caller has checked
// the Origin with OriginAllowed.
func (s *Socket) Serve(ctx context.Context, w http.ResponseWriter, r *http.Request, userID string) {
	s.init()
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	sc := &socketConn{conn: conn}
	c := newClient(userID, sc)
	if err := s.Hub.Register(ctx, c); err != nil {
		sc.kick("try again shortly")
		conn.Close()
		return
	}
	// The connection is read in a fresh goroutine and this handler returns:
	// the HTTP goroutine's grown stack is freed, and an idle connection
	// keeps only a small one.
	go s.readLoop(ctx, c, conn, sc, userID)
}

func (s *Socket) readLoop(ctx context.Context, c *Client, conn *websocket.Conn, sc *socketConn, userID string) {
	defer func() {
		c.close()
		s.Hub.Unregister(c)
		sc.stop()
		conn.Close()
	}()
	conn.SetReadLimit(maxFrame)
	conn.SetReadDeadline(time.Now().Add(idleTimeout))
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(idleTimeout)) })
	sc.startPings()
	c.Send(mustJSON(map[string]any{"type": "hello", "user_id": userID}))
	for {
		typ, rd, err := conn.NextReader()
		if err != nil {
			return
		}
		conn.SetReadDeadline(time.Now().Add(idleTimeout))
		data, err := io.ReadAll(io.LimitReader(rd, MaxRequest+1))
		if err != nil {
			return
		}
		if len(data) > MaxRequest {
			if _, err := io.Copy(io.Discard, rd); err != nil {
				return
			}
			c.Send(errorFrame("", "too_large", "that request is larger than 16 KB; send shorter messages"))
			continue
		}
		if typ != websocket.TextMessage {
			c.Send(errorFrame("", "invalid", "send requests as JSON text frames"))
			continue
		}
		s.handle(ctx, c, data)
	}
}

func (s *Socket) handle(ctx context.Context, c *Client, data []byte) {
	var req Request
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&req); err != nil {
		c.Send(errorFrame("", "invalid", "that request is not valid JSON: "+err.Error()))
		return
	}
	switch req.Op {
	case "ping":
		c.Send(mustJSON(map[string]any{"type": "pong", "ref": req.Ref}))
	case "subscribe":
		if req.Conv == "" || !s.Hub.src.CanRead(ctx, c.UserID, req.Conv) {
			c.Send(errorFrame(req.Ref, "not_found", "conversation not found, or you are not in it"))
			return
		}
		if err := s.Hub.Subscribe(ctx, c, req.Conv, req.After); err != nil {
			code, msg := s.Ops.Describe(err)
			c.Send(errorFrame(req.Ref, code, msg))
			return
		}
		c.Send(mustJSON(map[string]any{"type": "subscribed", "ref": req.Ref, "conv": req.Conv}))
	case "unsubscribe":
		s.Hub.unsubscribe(c, req.Conv, false)
		c.Send(mustJSON(map[string]any{"type": "ack", "ref": req.Ref}))
	case "":
		c.Send(errorFrame(req.Ref, "invalid", `every request needs an "op"`))
	default:
		res, err := s.Ops.Handle(ctx, c, req)
		if err != nil {
			code, msg := s.Ops.Describe(err)
			c.Send(errorFrame(req.Ref, code, msg))
			return
		}
		c.Send(mustJSON(map[string]any{"type": "ack", "ref": req.Ref, "result": res}))
	}
}

func errorFrame(ref, code, msg string) []byte {
	return mustJSON(map[string]any{"type": "error", "ref": ref, "code": code, "error": msg})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// ErrUnknownOp is returned by Ops for an op it does not know.
var ErrUnknownOp = errors.New("unknown op")

type socketConn struct {
	conn  *websocket.Conn
	mu    sync.Mutex
	timer *time.Timer
	done  bool
}

// write sends a batch of frames under one deadline.
func (s *socketConn) write(batch []*prepared) error {
	s.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	for _, p := range batch {
		pm, err := p.message()
		if err != nil {
			return err
		}
		if err := s.conn.WritePreparedMessage(pm); err != nil {
			return err
		}
	}
	return nil
}

func (s *socketConn) kick(reason string) {
	s.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseTryAgainLater, reason), time.Now().Add(time.Second))
	s.conn.Close()
}

// startPings pings the client every pingEvery with a timer rather than a
// goroutine, so idle connections stay cheap.
func (s *socketConn) startPings() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = time.AfterFunc(pingEvery, s.ping)
}

func (s *socketConn) ping() {
	if err := s.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeTimeout)); err != nil {
		s.conn.Close()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done {
		s.timer.Reset(pingEvery)
	}
}

func (s *socketConn) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	if s.timer != nil {
		s.timer.Stop()
	}
}
