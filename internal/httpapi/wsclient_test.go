package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// wsClient is a test client of the real-time socket.
type wsClient struct {
	t    testing.TB
	conn *websocket.Conn
}

// dialWS opens the socket with a bearer token and waits for its hello.
func (e *env) dialWS(token string) *wsClient {
	e.t.Helper()
	h := http.Header{"Authorization": {"Bearer " + token}}
	conn, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.http.URL, "http")+"/api/v1/ws", h)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		e.t.Fatalf("dial: %v (%d)", err, status)
	}
	c := &wsClient{t: e.t, conn: conn}
	e.t.Cleanup(func() { conn.Close() })
	if f := c.next(); f["type"] != "hello" {
		e.t.Fatalf("first frame: %v", f)
	}
	return c
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	if err := c.conn.WriteJSON(v); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the next frame, failing after five seconds.
func (c *wsClient) next() map[string]any {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := c.conn.ReadMessage()
	if err != nil {
		c.t.Fatalf("read frame: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("frame is not JSON: %s", data)
	}
	return m
}

// until returns the first frame of the type, skipping others.
func (c *wsClient) until(typ string) map[string]any {
	c.t.Helper()
	for i := 0; i < 100; i++ {
		if f := c.next(); f["type"] == typ {
			return f
		}
	}
	c.t.Fatalf("no %s frame", typ)
	return nil
}

// quiet fails if a frame other than the allowed types arrives within d.
func (c *wsClient) quiet(d time.Duration, allowed ...string) {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(d))
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		ok := false
		for _, a := range allowed {
			if strings.Contains(string(data), `"type":"`+a+`"`) {
				ok = true
			}
		}
		if !ok {
			c.t.Fatalf("unexpected frame: %s", data)
		}
	}
}

// subscribe follows a conversation from a change number.
func (c *wsClient) subscribe(conv string, after int64) {
	c.t.Helper()
	c.send(map[string]any{"op": "subscribe", "conv": conv, "after": after, "ref": "s-" + conv})
}
