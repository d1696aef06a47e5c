package realtime

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// closeOf reads c until its close frame and returns it; a message frame
// first fails the test.
func closeOf(t *testing.T, c *websocket.Conn) *websocket.CloseError {
	t.Helper()
	for {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, data, err := c.ReadMessage()
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce
		}
		if err != nil {
			t.Fatalf("the socket ended without a close frame: %v", err)
		}
		if contains(data, `"type":"message"`) || contains(data, `"type":"pong"`) {
			t.Fatalf("a socket whose session ended was answered: %s", data)
		}
	}
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

// TestSocketRequestsRecheckTheSession ends a session without an event (as
// when one is missed): the socket's next request finds it ended, is not
// answered, and the socket is closed saying so.
func TestSocketRequestsRecheckTheSession(t *testing.T) {
	old := sessionCheckEvery
	sessionCheckEvery = 0
	t.Cleanup(func() { sessionCheckEvery = old })
	_, src, url := start(t, defaultTiming)
	c, _, err := websocket.DefaultDialer.Dial(url+"?user=ana&session=s1", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	subscribe(t, c)
	src.ended.Store("s1", true)
	if err := c.WriteJSON(Request{Op: "ping", Ref: "p"}); err != nil {
		t.Fatal(err)
	}
	if ce := closeOf(t, c); ce.Code != 4401 || ce.Text != "signed_out: your session has ended; please sign in again" {
		t.Fatalf("closed with %d %q", ce.Code, ce.Text)
	}
}

// TestSessionEndedEventClosesOnlyItsSockets: an event for one session
// closes its socket and stops delivery to it; the same member's other
// session keeps its socket; a resync after missed events closes a socket
// whose session ended meanwhile.
func TestSessionEndedEventClosesOnlyItsSockets(t *testing.T) {
	hub, src, url := start(t, defaultTiming)
	dialS := func(session string) *websocket.Conn {
		c, _, err := websocket.DefaultDialer.Dial(url+"?user=ana&session="+session, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		subscribe(t, c)
		return c
	}
	s1, s2, s3 := dialS("s1"), dialS("s2"), dialS("s3")
	hub.Receive(Event{Node: "other", Kind: KindSessionEnded, User: "ana", Session: "s1", Note: ReasonSignedOut})
	if ce := closeOf(t, s1); ce.Code != 4401 {
		t.Fatalf("s1 closed with %d %q", ce.Code, ce.Text)
	}
	hub.Publish(t.Context(), src.add("ben", "still here"))
	for _, c := range []*websocket.Conn{s2, s3} {
		if f := readType(t, c, "message"); f["body"] != "still here" {
			t.Fatalf("a socket of a live session: %v", f)
		}
	}
	// s3 ends while the broker was away: the resync finds it.
	src.ended.Store("s3", true)
	hub.Resync()
	if ce := closeOf(t, s3); ce.Code != 4401 {
		t.Fatalf("s3 closed with %d %q", ce.Code, ce.Text)
	}
	hub.Receive(Event{Node: "other", Kind: KindSessionEnded, User: "ana", Keep: "s9", Note: ReasonAccountChanged})
	if ce := closeOf(t, s2); ce.Code != 4403 || ce.Text != "account_changed: your account changed; reconnect to carry on" {
		t.Fatalf("s2 closed with %d %q", ce.Code, ce.Text)
	}
	if clients, _ := hub.Stats(); clients != 0 {
		t.Fatalf("%d clients still registered", clients)
	}
}

// TestSocketOpenedAsItsSessionEndsIsRefused: the server finds a session
// signed in before it upgrades the request, and the session's end may be
// delivered after that check but before the socket is among those the
// event reaches. Such a socket is closed as signed out, not left open to
// receive what is said after the session ended.
func TestSocketOpenedAsItsSessionEndsIsRefused(t *testing.T) {
	hub, src, url := start(t, defaultTiming)
	// The request's check found s1 signed in; then it ended, and its
	// event reached the hub before the socket was registered.
	src.ended.Store("s1", true)
	hub.Receive(Event{Node: "other", Kind: KindSessionEnded, User: "ana", Session: "s1", Note: ReasonSignedOut})
	c, _, err := websocket.DefaultDialer.Dial(url+"?user=ana&session=s1", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.WriteJSON(Request{Op: "subscribe", Conv: "c1", Ref: "s"})
	hub.Publish(t.Context(), src.add("ben", "said after the sign-out"))
	if ce := closeOf(t, c); ce.Code != 4401 {
		t.Fatalf("closed with %d %q, want 4401 (signed out)", ce.Code, ce.Text)
	}
	if clients, _ := hub.Stats(); clients != 0 {
		t.Fatalf("%d clients registered, want none", clients)
	}
}
