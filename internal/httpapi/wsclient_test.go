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
	// invalid holds the refs of requests the AsyncAPI document calls
	// invalid (tests of bad input): the server must refuse them.
	invalid map[string]string
}

// dialWS opens the socket with a bearer token and waits for its hello.
func (e *env) dialWS(token string) *wsClient {
	e.t.Helper()
	return e.dialWSQuery(token, "")
}

// dialWSQuery opens the socket at /api/v1/ws with query (a chat page's
// "?conv=…&after=…") and waits for its hello.
func (e *env) dialWSQuery(token, query string) *wsClient {
	e.t.Helper()
	h := http.Header{"Authorization": {"Bearer " + token}}
	conn, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.http.URL, "http")+"/api/v1/ws"+query, h)
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
	raw, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	if problem := checkFrame(c.t, raw, false); problem != "" {
		if c.invalid == nil {
			c.invalid = map[string]string{}
		}
		var req struct {
			Ref string `json:"ref"`
		}
		_ = json.Unmarshal(raw, &req)
		c.invalid[req.Ref] = problem
	}
	if err := c.conn.WriteMessage(websocket.TextMessage, raw); err != nil {
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
	checkFrame(c.t, data, true)
	if ref, ok := m["ref"].(string); ok && m["type"] != "error" && c.invalid[ref] != "" {
		c.t.Errorf("AsyncAPI mismatch: the server accepted (%s) a request the document calls invalid: %s", m["type"], c.invalid[ref])
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
