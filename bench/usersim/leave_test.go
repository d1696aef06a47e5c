package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A page left closes its socket as Chromium does: a close frame with 1001
// ("going away") and no reason, the connection closed once the server's
// close frame has come; not the connection dropped without a close frame.
func TestLeavingAPageClosesItsSocketAsABrowserDoes(t *testing.T) {
	got := make(chan error, 1)
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			got <- err
			return
		}
		defer c.Close()
		_, _, err = c.ReadMessage() // answers a close frame with one of its own
		got <- err
	}))
	defer srv.Close()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	leave(ws)
	select {
	case err := <-got:
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway || ce.Text != "" {
			t.Fatalf("the server read %v, want a close frame with 1001 and no reason", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server read nothing")
	}
	// The page's reader reads the server's answer and closes.
	_, _, err = ws.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
		t.Fatalf("after leaving, the socket read %v, want the server's close frame", err)
	}
	ws.Close()
}
